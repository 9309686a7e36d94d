// `/meeting minutes [会议]` (会议 纪要 where commands are typed as text) opens the minutes form of a
// meeting that has started (a modal on Slack, the web form page elsewhere); without a meeting it
// lists those the person may write minutes for. `/meeting decisions` lists the open decisions for
// the office, `/meeting decisions mine` one's own: meeting, decision, owner, deadline, overdue
// marked.

import { DateTime } from 'luxon';
import type { CardExtraAction } from '../../chat/core/card.ts';
import type { CardViewerLiveOf } from '../../chat/core/card-assembly.ts';
import { parseCardItemValue } from '../../chat/core/card-item-value.ts';
import {
  asPerson,
  type ButtonHandler,
  type CommandAnswer,
  type CommandContext,
  type CommandHandler,
  formAnswer,
  textAnswer,
} from '../../chat/core/commands.ts';
import { MEETING_DEFINITION } from '../../domain/meetings/meeting.ts';
import { isOverdue } from '../../domain/meetings/minutes.ts';
import type { Actor } from '../../domain/workflow/types.ts';
import type { Clock } from '../../shared/clock.ts';
import { AppError } from '../../shared/errors.ts';
import { type Locale, t } from '../../shared/i18n.ts';
import { timeRangeText } from './meeting-service.ts';
import type { MinutesFeatureDeps } from './minutes-chat.ts';
import { MINUTES_FORM_ID, minutesFormSpec } from './minutes-form.ts';
import { checkMinutesTarget, type MinutesTarget, meetingFactsOf } from './minutes-service.ts';

/** Words of `/meeting minutes`. */
export const MINUTES_WORDS = ['minutes', '纪要', '会议纪要', '写纪要'];
/** Words of `/meeting decisions`. */
export const DECISIONS_WORDS = ['decisions', 'decision', '决定事项', '决定'];
/** The word after `/meeting decisions` for one's own. */
const MINE_WORDS = new Set(['mine', 'my', '我的', '本人']);

/**
 * The neutral action of the 写纪要 button on the organiser's card of an approved meeting (the
 * key of the card's extra, and the action its press reaches on every platform).
 */
export const MINUTES_BUTTON_ACTION = 'meeting_minutes';

/**
 * The meeting card's viewer parts with 写纪要 on the organiser's copy, offered exactly when the
 * minutes form would take them: the meeting has started, is not cancelled or classified, and has
 * no minutes with the chair or signed (minutes returned to the organiser are theirs to edit). The
 * copy is redrawn when this changes: ten minutes after the start (the attendance check) and on
 * every step of the minutes (`withOrganiserCardRefresh`).
 */
export function withMinutesButton(
  base: CardViewerLiveOf,
  deps: { clock: Clock; timeZone: string },
): CardViewerLiveOf {
  return async (instance, viewer, locale, prisma) => {
    const drawn = await base(instance, viewer, locale, prisma);
    if (
      instance.definitionId !== MEETING_DEFINITION.id ||
      instance.status !== 'approved' ||
      viewer.personId !== instance.requesterId
    ) {
      return drawn;
    }
    try {
      const meeting = meetingFactsOf(instance);
      await checkMinutesTarget(prisma, meeting, viewer.personId, deps.clock.now(), deps.timeZone);
    } catch (error) {
      if (error instanceof AppError) return drawn;
      throw error;
    }
    const button: CardExtraAction = {
      key: MINUTES_BUTTON_ACTION,
      label: t(locale, 'meeting.minutes.button'),
      style: null,
    };
    return { ...drawn, extras: [...drawn.extras, button] };
  };
}

/** The 写纪要 button: the minutes form of the meeting the card shows. */
export function minutesButton(deps: MinutesFeatureDeps): ButtonHandler {
  return {
    action: MINUTES_BUTTON_ACTION,
    press: (value, context) =>
      asPerson(context, async (actor) => {
        const item = parseCardItemValue(value);
        const target = item ? await deps.targetById(actor.personId, item.instanceId) : null;
        if (target === null)
          throw new AppError('minutes_meeting_unknown', 'no meeting', { params: { word: '' } });
        return minutesFormAnswer(deps, target, context.locale);
      }),
  };
}

/** `/meeting minutes` and `/meeting decisions`. */
export function minutesCommands(deps: MinutesFeatureDeps): CommandHandler[] {
  return [
    {
      command: 'meeting',
      subcommands: MINUTES_WORDS,
      handle: (text, context) => asPerson(context, (actor) => answerMinutes(deps, text, context, actor)),
    },
    {
      command: 'meeting',
      subcommands: DECISIONS_WORDS,
      handle: (text, context) => asPerson(context, (actor) => answerDecisions(deps, text, context, actor)),
    },
  ];
}

/** The minutes form of `target`, for the web page and the modal alike. */
export async function minutesFormAnswer(
  deps: MinutesFeatureDeps,
  target: MinutesTarget,
  locale: Locale,
): Promise<CommandAnswer> {
  return formAnswer(MINUTES_FORM_ID, minutesFormSpec(await deps.formChoices(target, locale)), {
    m: target.meeting.id,
  });
}

async function answerMinutes(
  deps: MinutesFeatureDeps,
  text: string,
  context: CommandContext,
  actor: Actor,
): Promise<CommandAnswer> {
  const { locale } = context;
  const word = text.trim();
  if (word !== '') return minutesFormAnswer(deps, await deps.target(actor.personId, word), locale);
  const meetings = await deps.toMinute(actor.personId);
  const [only] = meetings;
  if (meetings.length === 1 && only) {
    return minutesFormAnswer(deps, await deps.target(actor.personId, only.id), locale);
  }
  if (meetings.length === 0) return textAnswer(t(locale, 'meeting.minutes.none'));
  return textAnswer(
    [
      t(locale, 'meeting.minutes.choose'),
      ...meetings.map((m) =>
        t(locale, 'meeting.minutes.choose_row', {
          title: m.title,
          time: timeRangeText(m, deps.timeZone, locale),
        }),
      ),
    ].join('\n'),
  );
}

async function answerDecisions(
  deps: MinutesFeatureDeps,
  text: string,
  context: CommandContext,
  actor: Actor,
): Promise<CommandAnswer> {
  const { locale } = context;
  const mine = MINE_WORDS.has(text.normalize('NFKC').trim().toLowerCase());
  if (!mine && !(await deps.seesAllDecisions(actor.personId))) {
    throw new AppError('decisions_office_only', 'only the office and the leaders see every decision');
  }
  const decisions = await deps.openDecisions(mine ? actor.personId : null);
  if (decisions.length === 0) {
    return textAnswer(t(locale, mine ? 'meeting.decisions.none_mine' : 'meeting.decisions.none'));
  }
  const names = await deps.namesOf([...new Set(decisions.flatMap((d) => d.ownerIds))], locale);
  const now = deps.now();
  return textAnswer(
    [
      t(locale, mine ? 'meeting.decisions.title_mine' : 'meeting.decisions.title', {
        count: decisions.length,
      }),
      ...decisions.map((d) =>
        t(locale, 'meeting.decisions.row', {
          meeting: d.meetingTitle,
          text: d.text,
          owner: d.ownerIds.map((id) => names.get(id) ?? id).join(locale === 'en' ? ', ' : '、'),
          deadline: d.deadline
            ? DateTime.fromJSDate(d.deadline, { zone: deps.timeZone }).toFormat('yyyy-MM-dd')
            : t(locale, 'meeting.decisions.no_deadline'),
          overdue: isOverdue(d.deadline, now) ? t(locale, 'meeting.decisions.overdue') : '',
        }),
      ),
    ].join('\n'),
  );
}
