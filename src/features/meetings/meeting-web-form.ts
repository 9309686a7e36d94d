// The meeting request form (会议申请), on the web and as Slack's modal: the same FormSpec, drawn
// with what the directory offers the person now, and the same start of a request. The form's key
// is the start key, so a submission that reached the engine twice starts one request. A refusal
// (the room held by another meeting, too small) is shown beside the room, with the free rooms.

import { appErrorText } from '../../chat/core/flow.ts';
import type { FormValues } from '../../chat/core/form-spec.ts';
import type { WebFormContext, WebFormHandler, WebFormOutcome } from '../../chat/core/web-form.ts';
import { isAppError } from '../../shared/errors.ts';
import { type Locale, t } from '../../shared/i18n.ts';
import type { MeetingFeatureDeps } from './meeting-chat.ts';
import { MEETING_FIELDS, MEETING_FORM_ID, meetingFormSpec, meetingOfForm } from './meeting-form.ts';
import { type NewMeeting, roomNameOf, timeRangeText } from './meeting-service.ts';

/** Refusals about the room, shown beside it. */
const ROOM_ERRORS = new Set(['meeting_room_taken', 'meeting_room_too_small', 'meeting_room_unknown']);
/** Refusals about other fields, by error code. */
const FIELD_OF_ERROR: Readonly<Record<string, string>> = {
  meeting_host_unknown: MEETING_FIELDS.host,
  meeting_chair_unknown: MEETING_FIELDS.chair,
  meeting_attendee_unknown: MEETING_FIELDS.attendees,
  meeting_attendee_not_cleared: MEETING_FIELDS.attendees,
};

/** What the organiser is told once the request is started. */
export async function meetingStartedText(
  deps: Pick<MeetingFeatureDeps, 'rooms' | 'timeZone'>,
  locale: Locale,
  meeting: NewMeeting,
  firstReviewer: string,
): Promise<string> {
  const room = meeting.roomId ? (await deps.rooms()).find((r) => r.id === meeting.roomId) : undefined;
  return t(locale, 'meeting.started', {
    // A classified meeting is named by its number only.
    title: meeting.name || (meeting.reference ?? ''),
    time: timeRangeText(meeting, deps.timeZone, locale),
    place: room ? roomNameOf(room, locale) : (meeting.place ?? ''),
    person: firstReviewer,
  });
}

/** The meeting request form. A link to it needs no params but `w`, the workspace, where there is one. */
export function meetingRequestWebForm(meetings: MeetingFeatureDeps): WebFormHandler {
  return {
    formId: MEETING_FORM_ID,
    async load(context) {
      return meetingFormSpec(await meetings.formChoices(context.personId));
    },
    async submit(context: WebFormContext, values: FormValues): Promise<WebFormOutcome> {
      const { locale } = context;
      const meeting = meetingOfForm(values, meetings.timeZone, meetings.now());
      try {
        const started = await meetings.start({
          requesterPersonId: context.personId,
          workspaceId: context.params.w ?? null,
          meeting,
          locale,
          startKey: context.key,
        });
        return {
          ok: true,
          message: await meetingStartedText(meetings, locale, meeting, started.firstReviewer),
        };
      } catch (error) {
        if (!isAppError(error)) throw error;
        const message = appErrorText(locale, error);
        const field = ROOM_ERRORS.has(error.code) ? MEETING_FIELDS.room : FIELD_OF_ERROR[error.code];
        return { ok: false, message, ...(field ? { field } : {}) };
      }
    },
  };
}
