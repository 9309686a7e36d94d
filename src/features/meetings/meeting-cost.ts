// A meeting's actual cost (实际费用), `/meeting cost <会议> <金额>` (`会议 费用 …` where commands are
// typed): once an approved meeting that was not cancelled has ended, its organiser or the office
// (the office head, the office secretaries) records what it cost in yuan, to the fen, and may
// correct it; the latest amount counts, kept with who recorded it and when, and the register
// (会议台账) shows it. Each record that changes the amount is an audit entry of the meeting.

import { type CommandAnswer, textAnswer } from '../../chat/core/commands.ts';
import { truncateText } from '../../chat/core/reply.ts';
import type { Db } from '../../db/types.ts';
import { type CostProblem, formatCostYuan, parseCostYuan } from '../../domain/meetings/cost.ts';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import type { Clock } from '../../shared/clock.ts';
import { AppError } from '../../shared/errors.ts';
import { type Locale, t } from '../../shared/i18n.ts';
import { appendAudit } from '../workflow/audit.ts';
import { instanceFromRow } from '../workflow/instance-row.ts';
import { hasEnded, isCancelled, meetingNameOf } from './attendees.ts';
import { isMeetingRequest, meetingPlaceOf, timeRangeText } from './meeting-service.ts';
import { approvedMeetings, meetingsMatching } from './minutes-service.ts';
import { isOrganiserOrOffice } from './plan-service.ts';

/** The audit entry's action of a recorded cost. */
export const MEETING_COST_ACTION = 'meeting_cost';

/** What recording a cost needs. */
export interface MeetingCostDeps {
  prisma: PrismaClient;
  clock: Clock;
  timeZone: string;
}

/** What came of a record. */
export interface CostOutcome {
  title: string;
  fen: number;
  /** The amount it replaced; null for the first record. */
  previousFen: number | null;
  /** False when the meeting had that amount already: nothing was written. */
  changed: boolean;
}

/** The actual costs recorded for `instanceIds`, in fen by meeting (those without one are absent). */
export async function meetingCosts(db: Db, instanceIds: readonly string[]): Promise<Map<string, number>> {
  if (instanceIds.length === 0) return new Map();
  const rows = await db.meetingCost.findMany({
    where: { instanceId: { in: [...instanceIds] } },
    select: { instanceId: true, amountFen: true },
  });
  return new Map(rows.map((r) => [r.instanceId, r.amountFen]));
}

/**
 * Records `fen` as the actual cost of the meeting `meetingId`, by `personId`. The meeting's row is
 * held (`FOR UPDATE`) for the check and the write, so two records of one meeting are taken one
 * after the other, each reading what the other left, and a cancellation cannot come between; the
 * cost's row is keyed by the meeting, so there is one whatever the order. The same amount again
 * writes nothing. Throws AppError `meeting_not_found`, `meeting_cost_forbidden` (neither the
 * organiser nor the office), `meeting_cost_not_approved`, `meeting_cost_cancelled` or
 * `meeting_cost_not_held` (not ended yet, with its time).
 */
export async function recordMeetingCost(
  deps: MeetingCostDeps,
  input: { meetingId: string; workspaceId: string | null; personId: string; fen: number },
): Promise<CostOutcome> {
  const now = deps.clock.now();
  return deps.prisma.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM workflow_instance WHERE id = ${input.meetingId}::uuid FOR UPDATE`;
    const row = await tx.workflowInstance.findUnique({ where: { id: input.meetingId } });
    if (row === null || (row.workspaceId !== null && row.workspaceId !== input.workspaceId)) {
      throw new AppError('meeting_not_found', `no meeting ${input.meetingId}`);
    }
    const instance = instanceFromRow(row);
    if (!isMeetingRequest(instance)) throw new AppError('meeting_not_found', 'not a meeting');
    const title = meetingNameOf(instance);
    if (!(await isOrganiserOrOffice(tx, instance.requesterId, input.personId))) {
      throw new AppError('meeting_cost_forbidden', 'neither the organiser nor the office');
    }
    if (instance.status !== 'approved') {
      throw new AppError('meeting_cost_not_approved', 'not approved', { params: { title } });
    }
    if (isCancelled(instance))
      throw new AppError('meeting_cost_cancelled', 'cancelled', { params: { title } });
    if (!hasEnded(instance, now)) {
      const { range } = meetingPlaceOf(instance);
      throw new AppError('meeting_cost_not_held', 'the meeting has not ended', {
        params: {
          title,
          timeZh: range ? timeRangeText(range, deps.timeZone, 'zh') : '',
          timeEn: range ? timeRangeText(range, deps.timeZone, 'en') : '',
        },
      });
    }
    const before = await tx.meetingCost.findUnique({ where: { instanceId: instance.id } });
    const previousFen = before?.amountFen ?? null;
    if (previousFen === input.fen) return { title, fen: input.fen, previousFen, changed: false };
    const recorded = { amountFen: input.fen, recordedById: input.personId, recordedAt: now };
    await tx.meetingCost.upsert({
      where: { instanceId: instance.id },
      create: { instanceId: instance.id, ...recorded },
      update: recorded,
    });
    await appendAudit(tx, {
      instanceId: instance.id,
      at: now,
      actorId: input.personId,
      action: MEETING_COST_ACTION,
      details: { amountFen: input.fen, previousFen },
    });
    return { title, fen: input.fen, previousFen, changed: true };
  });
}

const PROBLEM_KEYS = {
  invalid: 'meeting.cost.error.invalid',
  negative: 'meeting.cost.error.negative',
  decimals: 'meeting.cost.error.decimals',
  too_large: 'meeting.cost.error.too_large',
} as const satisfies Record<CostProblem, string>;

/** How many meetings an ambiguous name lists. */
const AMBIGUOUS_SHOWN = 5;

/**
 * `/meeting cost <会议> <金额>`: the meeting named by its number (the first eight characters of its
 * id, or a classified meeting's 会议编号), its name or a part of it; the amount last (`元` after it
 * is read too). A refusal says why in `locale` and changes nothing.
 */
export async function answerCost(
  deps: MeetingCostDeps,
  input: { personId: string; workspaceId: string | null; words: readonly string[]; locale: Locale },
): Promise<CommandAnswer> {
  const { locale } = input;
  const words = [...input.words];
  if (words.length > 2 && words.at(-1) === '元') words.pop();
  const amount = words.pop();
  const named = words.join(' ').trim();
  if (amount === undefined || named === '') return textAnswer(t(locale, 'meeting.cost.usage'));
  const reading = parseCostYuan(amount);
  if (!reading.ok) {
    return textAnswer(t(locale, PROBLEM_KEYS[reading.problem], { word: truncateText(amount, 20) }));
  }
  const matched = meetingsMatching(named, await approvedMeetings(deps.prisma));
  const [meeting] = matched;
  if (meeting === undefined) {
    return textAnswer(t(locale, 'meeting.cost.unknown', { word: truncateText(named, 40) }));
  }
  if (matched.length > 1) {
    const entries = matched.slice(0, AMBIGUOUS_SHOWN).map((m) =>
      t(locale, 'meeting.cost.ambiguous_entry', {
        title: truncateText(m.title, 40),
        number: m.id.slice(0, 8),
        time: timeRangeText(m, deps.timeZone, locale),
      }),
    );
    return textAnswer(
      t(locale, 'meeting.cost.ambiguous', { entries: entries.join(locale === 'en' ? ', ' : '、') }),
    );
  }
  const outcome = await recordMeetingCost(deps, {
    meetingId: meeting.id,
    workspaceId: input.workspaceId,
    personId: input.personId,
    fen: reading.fen,
  });
  const params = { title: outcome.title, amount: formatCostYuan(outcome.fen) };
  if (!outcome.changed) return textAnswer(t(locale, 'meeting.cost.same', params));
  if (outcome.previousFen === null) return textAnswer(t(locale, 'meeting.cost.recorded', params));
  return textAnswer(
    t(locale, 'meeting.cost.corrected', { ...params, previous: formatCostYuan(outcome.previousFen) }),
  );
}
