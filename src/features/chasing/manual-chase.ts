// Manual 催一下: the requester or a secretary presses it on a running item's card (or a
// supervisor 立即催办 on a 督办 message); the people the item waits on get a nudge at once, through
// the outbox. Offered only once the step has waited a while or its deadline is near (see
// chase-offer); at most once per 4 hours per item and chaser; two presses at once give one nudge.
// The chaser's card then says when the button works again (`催一下（14:30 后可再催）`): the label
// is read from the ManualChase rows each time the card is drawn, and a press redraws their copy.

import { DateTime } from 'luxon';
import type { CardExtraAction } from '../../chat/core/card.ts';
import type { Db } from '../../db/types.ts';
import { waitingOn } from '../../domain/workflow/index.ts';
import type { WorkflowInstance } from '../../domain/workflow/types.ts';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import { cardSyncMessage } from '../../outbox/outbox-message.ts';
import { enqueueOutbox } from '../../outbox/outbox-repository.ts';
import type { Clock } from '../../shared/clock.ts';
import { AppError } from '../../shared/errors.ts';
import { type Locale, t } from '../../shared/i18n.ts';
import { instanceFromRow } from '../workflow/instance-row.ts';
import { CHASE_NUDGE_ACTION } from './chase-buttons.ts';
import { CHASING_ROLES, type ChaseOfferRules, chaseOfferTime, mayChase } from './chase-offer.ts';
import { CHASE_OUTBOX_KINDS } from './run-reminders.ts';
import { supervisorsOf } from './supervisors.ts';

/** One nudge per item and chaser within this window. */
export const MANUAL_CHASE_INTERVAL_MS = 4 * 60 * 60 * 1000;

/** Whom a press would nudge: the people the item waits on, but not the presser. */
function targetsOf(instance: WorkflowInstance, chaserId: string): string[] {
  return waitingOn(instance).filter((id) => id !== chaserId);
}

/**
 * The 催一下 button, for the requester or a secretary, on a running item that waits on someone
 * else. `nextAllowed`: the local time the viewer may chase again (they chased it lately), which
 * the label then shows.
 */
export function chaseCardExtras(
  instance: WorkflowInstance,
  viewer: { personId: string; roles: readonly string[] },
  locale: Locale,
  nextAllowed: string | null = null,
): CardExtraAction[] {
  if (!mayChase(instance, waitingOn(instance), viewer)) return [];
  const label =
    nextAllowed === null ? t(locale, 'chase.button') : t(locale, 'chase.button_wait', { time: nextAllowed });
  return [{ key: CHASE_NUDGE_ACTION, label, style: null }];
}

/**
 * When `chaserId` may next chase `instanceId`: the end of the window of their last press, or null
 * when they may now. The one rule both the press and the card's label read.
 */
export async function nextChaseAllowedAt(
  db: Db,
  input: { instanceId: string; chaserId: string },
  now: Date,
): Promise<Date | null> {
  const last = await db.manualChase.findFirst({
    where: {
      instanceId: input.instanceId,
      chaserId: input.chaserId,
      at: { gt: new Date(now.getTime() - MANUAL_CHASE_INTERVAL_MS) },
    },
    orderBy: { at: 'desc' },
    select: { at: true },
  });
  return last ? new Date(last.at.getTime() + MANUAL_CHASE_INTERVAL_MS) : null;
}

/**
 * The 催一下 button as a card is drawn (the delivery's `cardLiveExtras`): {@link chaseCardExtras}
 * once the step has waited long enough or its deadline is near (a `chase_offer` row redraws the
 * card then), labelled with the time it is next allowed while the viewer's last press is under 4
 * hours old.
 */
export function chaseLiveCardExtras(deps: { clock: Clock } & ChaseOfferRules) {
  return async (
    instance: WorkflowInstance,
    viewer: { personId: string; roles: readonly string[] },
    locale: Locale,
    db: Db,
  ): Promise<CardExtraAction[]> => {
    if (chaseCardExtras(instance, viewer, locale).length === 0) return [];
    const now = deps.clock.now();
    const offered = chaseOfferTime(instance, deps);
    if (offered !== null && offered.getTime() > now.getTime()) return [];
    const timeZone = deps.calendar.timeZone;
    const next = await nextChaseAllowedAt(db, { instanceId: instance.id, chaserId: viewer.personId }, now);
    return chaseCardExtras(instance, viewer, locale, next ? localTime(next, now, timeZone) : null);
  };
}

export interface ManualChaseDeps extends ChaseOfferRules {
  prisma: PrismaClient;
  clock: Clock;
  onOutboxWritten?: () => void;
}

/** `HH:mm` today, or `MM-dd HH:mm` on another day, in the unit's zone. */
function localTime(at: Date, now: Date, timeZone: string): string {
  const local = DateTime.fromJSDate(at, { zone: timeZone });
  const sameDay = local.hasSame(DateTime.fromJSDate(now, { zone: timeZone }), 'day');
  return local.toFormat(sameDay ? 'HH:mm' : 'MM-dd HH:mm');
}

/**
 * Nudges the people `instanceId` waits on, for `chaserId`. A press whose `pressKey` (its request's
 * dedupe key) was already applied answers the people it nudged then, and nudges nobody again: a
 * button press delivered twice, even to a restarted bot. Throws AppError `chase_not_running`,
 * `chase_not_allowed`, `chase_nobody`, `chase_not_yet` (the step has not waited long enough and
 * its deadline is not near: the card offers no button yet; param `time`) or `chase_too_soon`
 * (param `time`: when it is next allowed, local time); otherwise writes the ManualChase row and
 * one nudge per person, in one transaction.
 */
export async function manualChase(
  deps: ManualChaseDeps,
  input: { instanceId: string; workspaceId: string | null; chaserId: string; pressKey?: string },
): Promise<{ targetIds: string[] }> {
  const now = deps.clock.now();
  let repeated = false;
  const result = await deps.prisma.$transaction(async (tx) => {
    // Two presses at once: the second waits here until the first commits, then sees its row.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`chase:${input.instanceId}:${input.chaserId}`}))`;
    if (input.pressKey !== undefined) {
      const done = await tx.manualChase.findUnique({
        where: { pressKey: input.pressKey },
        select: { instanceId: true, chaserId: true, targetIds: true },
      });
      if (done && done.instanceId === input.instanceId && done.chaserId === input.chaserId) {
        repeated = true;
        return { targetIds: done.targetIds };
      }
    }
    const row = await tx.workflowInstance.findUnique({ where: { id: input.instanceId } });
    if (!row || (row.workspaceId !== null && row.workspaceId !== input.workspaceId)) {
      throw new AppError('chase_not_running', 'no such item');
    }
    const instance = instanceFromRow(row);
    if (instance.status !== 'running') throw new AppError('chase_not_running', 'the item is not running');
    const targets = targetsOf(instance, input.chaserId);
    if (targets.length === 0) throw new AppError('chase_nobody', 'the item waits on nobody else');
    const chaser = await tx.person.findUnique({
      where: { id: input.chaserId },
      select: { active: true, roles: true },
    });
    let allowed =
      chaser?.active === true &&
      (instance.requesterId === input.chaserId || chaser.roles.some((r) => CHASING_ROLES.includes(r)));
    if (!allowed && chaser?.active) {
      // The supervisor of someone it waits on (立即催办 on a 督办 message).
      const supervisors = await supervisorsOf(tx, targets);
      allowed = targets.some((id) => supervisors.get(id)?.includes(input.chaserId));
    }
    if (!allowed) throw new AppError('chase_not_allowed', 'only the requester or a secretary chases');
    const timeZone = deps.calendar.timeZone;
    const offered = chaseOfferTime(instance, deps);
    if (offered !== null && offered.getTime() > now.getTime()) {
      throw new AppError('chase_not_yet', 'the step has not waited long enough', {
        params: { time: localTime(offered, now, timeZone) },
      });
    }
    const next = await nextChaseAllowedAt(tx, input, now);
    if (next) {
      throw new AppError('chase_too_soon', 'chased less than 4 hours ago', {
        params: { time: localTime(next, now, timeZone) },
      });
    }
    await tx.manualChase.create({
      data: {
        instanceId: input.instanceId,
        chaserId: input.chaserId,
        targetIds: targets,
        at: now,
        pressKey: input.pressKey ?? null,
      },
    });
    // The chaser's copy of the card (when they hold one) is drawn again, for the button's new label.
    const copy = await tx.cardMessage.findUnique({
      where: { instanceId_recipient: { instanceId: instance.id, recipient: input.chaserId } },
      select: { id: true },
    });
    await enqueueOutbox(
      tx,
      [
        ...targets.map((personId) => ({
          orderingKey: `person:${personId}`,
          kind: CHASE_OUTBOX_KINDS.remind,
          payload: { personId, instanceId: instance.id, kind: 'nudge' as const, byPersonId: input.chaserId },
        })),
        ...(copy ? [cardSyncMessage(instance.id, input.chaserId, { refresh: true })] : []),
      ],
      now,
    );
    return { targetIds: targets };
  });
  if (!repeated) deps.onOutboxWritten?.();
  return result;
}
