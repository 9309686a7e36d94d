// Meetings (会议管理) as a feature: the meeting request's route (host department head, office
// head, chairing leader), the hook that holds the room at approval, the card's facts, `/meeting`
// with its request form (a modal on Slack, a web page elsewhere) and a room's week.

import { MEETING_DEFINITION } from '../../domain/meetings/meeting.ts';
import type { Feature } from '../feature-module.ts';
import { attendeeButtons, attendeeWebForms } from './attendee-chat.ts';
import { isCancelled, meetingViewerLive, withInvitations } from './attendees.ts';
import { meetingCardFields } from './meeting-card.ts';
import { organiserButtonHandlers, organiserButtons, organiserWebForms } from './meeting-changes.ts';
import { createMeetingChatDeps } from './meeting-chat.ts';
import { meetingCommands } from './meeting-commands.ts';
import { meetingReminderTask } from './meeting-reminders.ts';
import { meetingApprovalHook } from './meeting-service.ts';
import { meetingRequestWebForm } from './meeting-web-form.ts';
import { withMinutesButton } from './minutes-commands.ts';
import { MEETINGS_FEATURE_MESSAGES } from './minutes-messages.ts';
import { minutesParts } from './minutes-module.ts';
import { meetingWorkSections } from './my-meetings.ts';
import { meetingPlanWebForm } from './plan-web-form.ts';
import { withSignIn } from './sign-in.ts';
import { signInButton, signInWebForm } from './sign-in-chat.ts';
import { MEETING_SIGN_IN_MESSAGES } from './sign-in-messages.ts';
import { meetingSignInTask } from './sign-in-task.ts';
import { similarMeetingButton, withSimilarButton } from './similar-chat.ts';

/** Enabled when the organisation file lists the unit's meeting rooms (`rooms:`). */
export const meetingsFeature: Feature = (environment) => {
  const { settings, prisma, clock, people, logger, chasing, calendar, onOutboxWritten } = environment;
  const { meetings } = settings;
  if (!meetings) return null;
  const { id } = MEETING_DEFINITION;
  const minutes = minutesParts(environment, meetings);
  return {
    name: 'meetings',
    messages: {
      zh: { ...MEETINGS_FEATURE_MESSAGES.zh, ...MEETING_SIGN_IN_MESSAGES.zh },
      en: { ...MEETINGS_FEATURE_MESSAGES.en, ...MEETING_SIGN_IN_MESSAGES.en },
    },
    definitions: [MEETING_DEFINITION, ...minutes.definitions],
    tasks: [
      meetingReminderTask({
        prisma,
        logger,
        timeZone: settings.timeZone,
        remindBeforeMinutes: chasing.chasing.meetingRemindBeforeMinutes,
        unit: { calendar, officeHours: chasing.calendar.officeHours },
        onOutboxWritten,
      }),
      meetingSignInTask({ prisma, logger, timeZone: settings.timeZone, onOutboxWritten }),
    ],
    workSections: meetingWorkSections({ prisma, timeZone: settings.timeZone, directory: meetings }),
    startHooks: new Map(minutes.startHooks),
    transitionHooks: new Map([
      [id, withInvitations(meetingApprovalHook(settings.timeZone))],
      ...minutes.transitionHooks,
    ]),
    cards: {
      fields: new Map([[id, meetingCardFields(meetings, settings.timeZone)], ...minutes.fields]),
      viewerLive: new Map([
        [
          id,
          withSimilarButton(
            withMinutesButton(
              withSignIn(meetingViewerLive({ clock, organiserButtons }), {
                clock,
                timeZone: settings.timeZone,
              }),
              { clock, timeZone: settings.timeZone },
            ),
          ),
        ],
      ]),
      notices: new Map(minutes.notices),
      // A meeting cancelled after its approval is 已取消 on its cards, not 已通过.
      wordings: new Map([
        ...minutes.wordings,
        [
          id,
          {
            family: 'meeting',
            familyOf: (instance) => (isCancelled(instance) ? 'meeting_cancelled' : 'meeting'),
          },
        ],
      ]),
    },
    chat: (context) => {
      const { service } = context;
      const minutesChat = minutes.chat(context);
      const deps = createMeetingChatDeps({
        prisma,
        service,
        clock,
        timeZone: settings.timeZone,
        namesOf: people.namesOf,
      });
      const attendees = { prisma, clock, timeZone: settings.timeZone, onOutboxWritten };
      return {
        webForms: [
          meetingRequestWebForm(deps),
          meetingPlanWebForm(deps),
          ...attendeeWebForms(attendees),
          ...organiserWebForms(attendees),
          ...minutesChat.webForms,
          signInWebForm(attendees),
        ],
        commands: [...meetingCommands(deps), ...minutesChat.commands],
        buttons: [
          ...attendeeButtons(attendees),
          ...organiserButtonHandlers(attendees),
          ...minutesChat.buttons,
          signInButton(attendees),
          similarMeetingButton({ prisma, directory: meetings, timeZone: settings.timeZone }),
        ],
      };
    },
  };
};
