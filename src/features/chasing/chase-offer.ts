// When 催一下 is offered, and the redraw that shows it: a step's cards get the button only once
// the step has waited `chasing.manual_chase_after_days` (half a working day by default) or its
// deadline is near. A card drawn before then has no button, so a `chase_offer` reminder row,
// written with the step's activation in the transition's own transaction, redraws the chasers'
// copies when the time comes; the scheduler's claim hands each row to one replica once.

import type { Tx } from '../../db/types.ts';
import { chaseOfferedAt } from '../../domain/chasing/office-time.ts';
import { instanceSubject, type PlannedReminder, reminderKey } from '../../domain/chasing/plan.ts';
import type { StoredChasingSettings } from '../../domain/chasing/settings.ts';
import type { WeekdayCalendar } from '../../domain/workflow/calendar.ts';
import type { StepState, WorkflowInstance } from '../../domain/workflow/types.ts';
import { cardSyncMessage, type OutboxMessageInput } from '../../outbox/outbox-message.ts';

/** The reminder kind of a 催一下 redraw. */
export const CHASE_OFFER_KIND = 'chase_offer';

/** Roles that may chase any running item (收发员/秘书 chase by office duty; 办公室负责人 supervises). */
export const CHASING_ROLES: readonly string[] = ['secretary', 'office_head'];

/** Whether `viewer` may chase an item that waits on `waiting` (the requester, a secretary, an office head). */
export function mayChase(
  instance: Pick<WorkflowInstance, 'status' | 'requesterId'>,
  waiting: readonly string[],
  viewer: { personId: string; roles: readonly string[] },
): boolean {
  if (instance.status !== 'running' || !waiting.some((id) => id !== viewer.personId)) return false;
  return instance.requesterId === viewer.personId || viewer.roles.some((r) => CHASING_ROLES.includes(r));
}

/** What the offer is read from: the calendar and the unit's chasing rules. */
export interface ChaseOfferRules {
  calendar: WeekdayCalendar;
  settings: StoredChasingSettings;
}

function currentStep(instance: Pick<WorkflowInstance, 'steps' | 'currentStep'>): StepState | null {
  const step = instance.steps[instance.currentStep];
  return step?.status === 'active' ? step : null;
}

/** When 催一下 is first offered on the item's current step (null: at once, or no active step). */
export function chaseOfferTime(
  instance: Pick<WorkflowInstance, 'steps' | 'currentStep'>,
  rules: ChaseOfferRules,
): Date | null {
  const step = currentStep(instance);
  if (!step) return null;
  return chaseOfferedAt(
    step,
    rules.calendar,
    rules.settings.calendar.officeHours,
    rules.settings.chasing.manualChaseAfterDays,
  );
}

/**
 * The redraw row of a step that has just become active (the item started, or moved to another
 * step), when 催一下 comes later than `now`; null otherwise. One row per step activation: the
 * key names the step and when it began.
 */
export function planChaseOffer(
  before: WorkflowInstance | null,
  next: WorkflowInstance,
  now: Date,
  rules: ChaseOfferRules,
): PlannedReminder | null {
  if (next.status !== 'running') return null;
  const step = currentStep(next);
  if (!step?.activatedAt) return null;
  const previous = before ? before.steps[before.currentStep] : undefined;
  if (
    before?.status === 'running' &&
    previous?.key === step.key &&
    previous.activatedAt === step.activatedAt
  ) {
    return null;
  }
  const at = chaseOfferTime(next, rules);
  if (at === null || at.getTime() <= now.getTime()) return null;
  const subject = instanceSubject(next.id);
  const slot = `${step.key}@${Date.parse(step.activatedAt)}`;
  return {
    key: reminderKey(subject, CHASE_OFFER_KIND, null, slot),
    subject,
    instanceId: next.id,
    // No step key or deadline: a step's deadline being set again must not cancel it; the
    // instance finishing does (its subject's rows are cancelled).
    stepKey: null,
    personId: null,
    kind: CHASE_OFFER_KIND,
    slot,
    dueAt: at,
    deadline: null,
    payload: { stepKey: step.key, activatedAt: step.activatedAt },
  };
}

/**
 * A claimed `chase_offer` row: the card copies of those who may now chase are drawn again, when
 * the item is still at the step the row was planned for. Returns the outbox rows (none: skipped).
 */
export async function chaseOfferRedraws(
  tx: Tx,
  instance:
    | (Pick<WorkflowInstance, 'id' | 'status' | 'requesterId' | 'steps' | 'currentStep'> & {
        waitingOn: string[];
      })
    | null,
  payload: Record<string, unknown>,
): Promise<OutboxMessageInput[]> {
  const step = instance ? currentStep(instance) : null;
  if (!instance || !step || step.key !== payload.stepKey || step.activatedAt !== payload.activatedAt)
    return [];
  const copies = await tx.cardMessage.findMany({
    where: { instanceId: instance.id, NOT: { recipient: { startsWith: 'channel:' } } },
    select: { recipient: true },
  });
  if (copies.length === 0) return [];
  const people = await tx.person.findMany({
    where: { id: { in: copies.map((c) => c.recipient) }, active: true },
    select: { id: true, roles: true },
  });
  return people
    .filter((p) => mayChase(instance, instance.waitingOn, { personId: p.id, roles: p.roles }))
    .sort((a, b) => a.id.localeCompare(b.id))
    .map((p) => cardSyncMessage(instance.id, p.id, { refresh: true }));
}
