// `/meeting` for every platform (会议 where commands are typed as text): the usage, the request
// form (a modal on Slack, the web form page elsewhere), a room's week (`/meeting rooms [room]
// [date]`; without a room, every room's count for the week), and the sub-commands of the records
// (plan, register, signin, cost). Thin: read the words, ask the database, answer.

import {
  asPerson,
  type CommandAnswer,
  type CommandContext,
  type CommandHandler,
  formAnswer,
  textAnswer,
} from '../../chat/core/commands.ts';
import { isCalendarDay } from '../../chat/core/form-spec.ts';
import { truncateText } from '../../chat/core/reply.ts';
import type { Booking, RoomChoice } from '../../domain/meetings/meeting.ts';
import { type Locale, t } from '../../shared/i18n.ts';
import type { MeetingFeatureDeps } from './meeting-chat.ts';
import { answerCost } from './meeting-cost.ts';
import { MEETING_FORM_ID, meetingFormSpec } from './meeting-form.ts';
import { roomNameOf, timeRangeText } from './meeting-service.ts';
import { answerPlan } from './plan-commands.ts';
import { answerRegister } from './register-commands.ts';
import { answerSignIn } from './sign-in-chat.ts';

/** What `/meeting …` asks for. */
export type MeetingCommand =
  | { kind: 'help' }
  | { kind: 'new' }
  | { kind: 'rooms'; words: string[] }
  | { kind: 'plan'; words: string[] }
  | { kind: 'register'; words: string[] }
  | { kind: 'signin'; words: string[] }
  | { kind: 'cost'; words: string[] };

const NEW_WORDS = new Set(['new', '新建', '申请', '新']);
const ROOMS_WORDS = new Set(['rooms', 'room', '会议室']);
const PLAN_WORDS = new Set(['plan', 'plans', '计划']);
const REGISTER_WORDS = new Set(['register', '台账']);
const SIGN_IN_WORDS = new Set(['signin', 'sign-in', '签到']);
const COST_WORDS = new Set(['cost', '费用', '实际费用']);

/** Reads the words after `/meeting`. */
export function parseMeetingCommand(text: string): MeetingCommand {
  const [first = '', ...rest] = text.normalize('NFKC').trim().split(/\s+/u);
  const word = first.toLowerCase();
  if (NEW_WORDS.has(word)) return { kind: 'new' };
  if (ROOMS_WORDS.has(word)) return { kind: 'rooms', words: rest.filter((w) => w !== '') };
  if (PLAN_WORDS.has(word)) return { kind: 'plan', words: rest.filter((w) => w !== '') };
  if (REGISTER_WORDS.has(word)) return { kind: 'register', words: rest.filter((w) => w !== '') };
  if (SIGN_IN_WORDS.has(word)) return { kind: 'signin', words: rest.filter((w) => w !== '') };
  if (COST_WORDS.has(word)) return { kind: 'cost', words: rest.filter((w) => w !== '') };
  return { kind: 'help' };
}

/** The rooms `word` may mean: an exact id or name first, else a part of a name. */
export function roomsMatching(word: string, rooms: readonly RoomChoice[]): RoomChoice[] {
  const typed = word.normalize('NFKC').trim().toLowerCase();
  if (typed === '') return [];
  const exact = rooms.filter(
    (r) =>
      r.id.toLowerCase() === typed || r.name.toLowerCase() === typed || r.nameEn?.toLowerCase() === typed,
  );
  if (exact.length > 0) return exact;
  return rooms.filter(
    (r) =>
      r.id.toLowerCase().includes(typed) ||
      r.name.toLowerCase().includes(typed) ||
      r.nameEn?.toLowerCase().includes(typed),
  );
}

/** `/meeting` (会议 where commands are typed as text). */
export function meetingCommands(deps: MeetingFeatureDeps): CommandHandler[] {
  return [
    { command: 'meeting', words: ['会议'], handle: (text, context) => answerMeeting(deps, text, context) },
  ];
}

async function answerMeeting(
  deps: MeetingFeatureDeps,
  text: string,
  context: CommandContext,
): Promise<CommandAnswer> {
  const { locale } = context;
  const request = parseMeetingCommand(text);
  switch (request.kind) {
    case 'help':
      return textAnswer(t(locale, 'meeting.usage'));
    case 'new':
      return asPerson(context, async (actor) =>
        formAnswer(MEETING_FORM_ID, meetingFormSpec(await deps.formChoices(actor.personId))),
      );
    case 'rooms':
      return asPerson(context, () => answerRooms(deps, request.words, locale));
    case 'plan':
      return asPerson(context, (actor) => answerPlan(deps, actor.personId, request.words, locale));
    case 'register':
      return asPerson(context, (actor) => answerRegister(deps, actor.personId, request.words, locale));
    case 'signin':
      return asPerson(context, (actor) =>
        answerSignIn(
          { prisma: deps.prisma, clock: { now: deps.now }, timeZone: deps.timeZone },
          { personId: actor.personId, workspaceId: context.workspaceId, words: request.words, locale },
        ),
      );
    case 'cost':
      return asPerson(context, (actor) =>
        answerCost(
          { prisma: deps.prisma, clock: { now: deps.now }, timeZone: deps.timeZone },
          { personId: actor.personId, workspaceId: context.workspaceId, words: request.words, locale },
        ),
      );
  }
}

/** `/meeting rooms [room] [date]`: one room's week, or every room's count for the week. */
async function answerRooms(
  deps: MeetingFeatureDeps,
  words: readonly string[],
  locale: Locale,
): Promise<CommandAnswer> {
  const rooms = await deps.rooms();
  if (rooms.length === 0) return textAnswer(t(locale, 'meeting.rooms.none'));
  let day: string | null = null;
  const roomWords: string[] = [];
  for (const word of words) {
    if (day === null && isCalendarDay(word)) day = word;
    else roomWords.push(word);
  }
  let room: RoomChoice | null = null;
  if (roomWords.length > 0) {
    const typed = roomWords.join(' ');
    const matched = roomsMatching(typed, rooms);
    if (matched.length !== 1) {
      return textAnswer(
        t(locale, 'meeting.rooms.unknown', {
          word: truncateText(typed, 40),
          rooms: rooms.map((r) => roomNameOf(r, locale)).join(locale === 'en' ? ', ' : '、'),
        }),
      );
    }
    room = matched[0] ?? null;
  }
  const { week, rooms: weekRooms } = await deps.week(day);
  const from = week.monday.toFormat('yyyy-MM-dd');
  const to = week.monday.plus({ days: 6 }).toFormat('yyyy-MM-dd');
  if (room === null) {
    const lines = [
      t(locale, 'meeting.rooms.list_title', { from, to }),
      ...weekRooms.map(({ room: r, bookings }) =>
        t(locale, 'meeting.rooms.list_row', {
          room: roomNameOf(r, locale),
          capacity: r.capacity,
          count: bookings.length,
        }),
      ),
    ];
    return textAnswer(lines.join('\n'));
  }
  const chosen = room;
  const bookings: Booking[] = weekRooms.find((w) => w.room.id === chosen.id)?.bookings ?? [];
  const equipment =
    chosen.equipment.length > 0
      ? `${locale === 'en' ? '; ' : '；'}${chosen.equipment.join(locale === 'en' ? ', ' : '、')}`
      : '';
  const lines = [
    t(locale, 'meeting.rooms.title', {
      room: roomNameOf(chosen, locale),
      capacity: chosen.capacity,
      equipment,
      from,
      to,
    }),
    ...(bookings.length === 0
      ? [t(locale, 'meeting.rooms.empty')]
      : bookings.map((b) =>
          t(locale, 'meeting.rooms.row', { time: timeRangeText(b, deps.timeZone, locale), title: b.title }),
        )),
  ];
  return textAnswer(lines.join('\n'));
}
