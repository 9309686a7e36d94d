// The similar meeting (合并或套开?) on a meeting request's card: the approvers' card names the other
// meeting of the week much like it, with its number, and offers 查看相近会议, which answers the
// presser with that meeting's facts (time, place, host, chair, attendees, agenda, state) so they
// can judge a merger without searching for it. Only someone the request's card was sent to (its
// organiser and approvers) may open it.

import type { CardExtraAction } from '../../chat/core/card.ts';
import type { CardViewerLiveOf } from '../../chat/core/card-assembly.ts';
import { parseCardItemValue } from '../../chat/core/card-item-value.ts';
import { asPerson, type ButtonHandler, textAnswer } from '../../chat/core/commands.ts';
import { richT } from '../../chat/core/reply.ts';
import { MEETING_DEFINITION } from '../../domain/meetings/meeting.ts';
import { MEETING_RECORD_PARAMS } from '../../domain/meetings/plan.ts';
import type { WorkflowInstance } from '../../domain/workflow/types.ts';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import { AppError } from '../../shared/errors.ts';
import { type Locale, t } from '../../shared/i18n.ts';
import { instanceFromRow } from '../workflow/instance-row.ts';
import { cardRecipientsOf } from '../workflow/workflow-service.ts';
import { meetingNameOf } from './attendees.ts';
import { type MeetingDirectory, meetingCardFields } from './meeting-card.ts';

/** The 查看相近会议 button's neutral action. */
export const SIMILAR_MEETING_ACTION = 'meeting_similar';

/** A meeting's number as cards and commands name it: the first eight characters of its id. */
export function meetingNumberOf(instanceId: string): string {
  return instanceId.slice(0, 8);
}

/** The id of the meeting a request was flagged as much like, or null. */
function similarIdOf(instance: WorkflowInstance): string | null {
  const id = instance.params[MEETING_RECORD_PARAMS.similarId];
  return typeof id === 'string' && id !== '' ? id : null;
}

/** The card's parts with 查看相近会议 while a flagged request waits on its approvers. */
export function withSimilarButton(base: CardViewerLiveOf): CardViewerLiveOf {
  return async (instance, viewer, locale, prisma) => {
    const drawn = await base(instance, viewer, locale, prisma);
    if (
      instance.definitionId !== MEETING_DEFINITION.id ||
      (instance.status !== 'running' && instance.status !== 'returned') ||
      similarIdOf(instance) === null
    ) {
      return drawn;
    }
    const button: CardExtraAction = {
      key: SIMILAR_MEETING_ACTION,
      label: t(locale, 'meeting.similar.button'),
      style: null,
    };
    return { ...drawn, extras: [...drawn.extras, button] };
  };
}

/** What the similar meeting of `instanceId`'s request is, told to `personId` in `locale`. */
export async function similarMeetingText(
  deps: { prisma: PrismaClient; directory: MeetingDirectory; timeZone: string },
  input: { instanceId: string; workspaceId: string | null; personId: string; locale: Locale },
): Promise<string> {
  const row = await deps.prisma.workflowInstance.findUnique({ where: { id: input.instanceId } });
  if (row === null || (row.workspaceId !== null && row.workspaceId !== input.workspaceId)) {
    throw new AppError('meeting_not_found', `no meeting ${input.instanceId}`);
  }
  const request = instanceFromRow(row);
  if (!cardRecipientsOf(request).includes(input.personId)) {
    throw new AppError('meeting_similar_forbidden', 'not on the card');
  }
  const similarId = similarIdOf(request);
  const other = similarId
    ? await deps.prisma.workflowInstance.findUnique({ where: { id: similarId } })
    : null;
  if (other === null) throw new AppError('meeting_similar_gone', `no meeting ${similarId}`);
  const meeting = instanceFromRow(other);
  const { locale } = input;
  const facts = meetingCardFields(deps.directory, deps.timeZone)(meeting, locale)
    // The other meeting's own flag would send the reader further along: left out.
    .filter((f) => f.label !== t(locale, 'meeting.card.similar'))
    .map((f) => t(locale, 'meeting.similar.fact', { label: f.label, value: f.value }));
  return [
    t(locale, 'meeting.similar.title', {
      title: meetingNameOf(meeting),
      number: meetingNumberOf(meeting.id),
      state: t(
        locale,
        `meeting.similar.state.${meeting.status === 'approved' ? 'approved' : meeting.status === 'running' || meeting.status === 'returned' ? 'running' : 'closed'}`,
      ),
    }),
    ...facts,
  ].join('\n');
}

/** 查看相近会议 on a meeting request's card. */
export function similarMeetingButton(deps: {
  prisma: PrismaClient;
  directory: MeetingDirectory;
  timeZone: string;
}): ButtonHandler {
  return {
    action: SIMILAR_MEETING_ACTION,
    press: async (value, context) => {
      const item = parseCardItemValue(value);
      if (item === null) {
        context.log.warn({ action: SIMILAR_MEETING_ACTION }, 'similar-meeting button with a bad value');
        return { kind: 'error', text: richT(context.locale, 'error.invalid_payload') };
      }
      return asPerson(context, async (actor) =>
        textAnswer(
          await similarMeetingText(deps, {
            instanceId: item.instanceId,
            workspaceId: context.workspaceId,
            personId: actor.personId,
            locale: context.locale,
          }),
        ),
      );
    },
  };
}
