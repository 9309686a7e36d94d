import { randomUUID } from 'node:crypto';
import type { Db, Tx } from '../../db/types.ts';
import { isClearedFor, type SecrecyLevel } from '../../domain/org.ts';
import {
  type DirectorySnapshot,
  isFinished,
  startInstance,
  stepContributors,
  transition,
  WorkflowRefusal,
  waitingOn,
} from '../../domain/workflow/index.ts';
import type {
  ParamValue,
  Urgency,
  WorkflowAction,
  WorkflowDefinition,
  WorkflowEffect,
  WorkflowInstance,
  WorkingCalendar,
} from '../../domain/workflow/types.ts';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import { OUTBOX_KINDS } from '../../outbox/intents.ts';
import {
  ACTOR_PRIORITY,
  cardSyncOrdering,
  channelConversationKey,
  type OutboxMessageInput,
  personConversationKey,
} from '../../outbox/outbox-message.ts';
import { enqueueOutbox } from '../../outbox/outbox-repository.ts';
import type { Clock } from '../../shared/clock.ts';
import { AppError } from '../../shared/errors.ts';
import type { Logger } from '../../shared/logger.ts';
import { appendAudit } from './audit.ts';
import { instanceFromRow, isInstanceId, rowFieldsOf } from './instance-row.ts';
import { writeTransition } from './write-transition.ts';

/** What the service needs; all of it injected (no clock or database of its own). */
export interface WorkflowServiceDeps {
  prisma: PrismaClient;
  clock: Clock;
  calendar: WorkingCalendar;
  logger: Logger;
  definitions: ReadonlyMap<string, WorkflowDefinition>;
  loadDirectory: (db: Db) => Promise<DirectorySnapshot>;
  /** Called after a commit that wrote outbox rows (wakes the dispatcher). */
  onOutboxWritten?: () => void;
  /** Feature work that commits with a transition, by workflow definition id (see TransitionHook). */
  transitionHooks?: ReadonlyMap<string, TransitionHook>;
  /** Feature work that commits with a new instance, by workflow definition id (see StartHook). */
  startHooks?: ReadonlyMap<string, StartHook>;
  /** Work on a transition's effects that commits with it, for every flow (see EffectsHook). */
  effectsHook?: EffectsHook;
}

/**
 * Work on the effects of a start or an applied transition that must commit or roll back with it
 * (reminder rows for `deadline_set`, cancelled ones for `deadline_cleared` and finishing). Runs
 * inside the same transaction, after the state is written; `before` is null for a start.
 */
export type EffectsHook = (
  tx: Tx,
  context: { before: WorkflowInstance | null; next: WorkflowInstance; effects: WorkflowEffect[]; now: Date },
) => Promise<void>;

/**
 * Feature work that must commit together with a new instance (a 收文编号 at registration): runs
 * inside the start transaction before the instance is written and returns the instance to write
 * (it may add `params` or set the `reference`; the row's columns are taken from what it returns).
 */
export type StartHook = (
  tx: Tx,
  context: { instance: WorkflowInstance; now: Date },
) => Promise<WorkflowInstance>;

/** What a transition hook sees: the state before and after the click, who did what, when. */
export interface TransitionHookContext {
  current: WorkflowInstance;
  next: WorkflowInstance;
  action: WorkflowAction;
  actorPersonId: string;
  now: Date;
}

/**
 * Feature work that must commit or roll back together with an applied transition (a document
 * number assigned at the print room's step). Runs inside the click's transaction, before the
 * transition is written; returns the state to write (it may add `params`) and audit details, or
 * null for nothing to do. If the write then loses a race, everything the hook wrote rolls back.
 */
export type TransitionHook = (
  tx: Tx,
  context: TransitionHookContext,
) => Promise<{ next: WorkflowInstance; details?: Record<string, unknown> } | null>;

/** Someone else acted since the card was drawn: who, what, when. */
export interface LatestChange {
  actorId: string | null;
  action: string;
  at: Date;
}

/** What came of a click. Only `applied` changed anything. */
export type ClickOutcome =
  | { kind: 'applied'; instance: WorkflowInstance; effects: WorkflowEffect[] }
  /** The same click was applied before (Slack retry, double click): the current state, no error. */
  | { kind: 'duplicate'; instance: WorkflowInstance }
  /** Accepted but nothing to record (a card opened again): the current state. */
  | { kind: 'unchanged'; instance: WorkflowInstance }
  /** The card was out of date or another click won the race: nothing applied; `changes` tells what happened. */
  | { kind: 'stale'; instance: WorkflowInstance; changes: LatestChange[] }
  /** Not allowed (wrong person, wrong step, missing comment…): nothing applied, refusal audited. */
  | { kind: 'refused'; instance: WorkflowInstance; refusal: AppError };

export interface ClickInput {
  instanceId: string;
  /** The chat workspace the click came from; a record of another workspace refuses it. */
  workspaceId: string | null;
  actorPersonId: string;
  action: WorkflowAction;
  /** The instance version the clicked card showed. */
  expectedVersion: number;
}

export interface StartInput {
  definitionId: string;
  requesterPersonId: string;
  workspaceId: string | null;
  title: string | null;
  reference?: string | null;
  secrecy: SecrecyLevel;
  urgency: Urgency;
  params?: Record<string, ParamValue>;
  /**
   * What makes this start unique, e.g. the chat form's view id: the same form sent twice (a
   * retry, a double press of 提交) starts one instance, and the second call returns it.
   */
  startKey?: string;
}

/** The instance does not exist (or was never visible to this workspace). */
export class InstanceNotFound extends AppError {
  constructor(instanceId: string) {
    super('instance_not_found', `workflow instance ${instanceId} not found`, { params: { instanceId } });
  }
}

/** A click repeated with the same intent on the same card version has this key. */
export function clickKeyOf(input: ClickInput): string {
  return `${input.instanceId}:${input.expectedVersion}:${input.actorPersonId}:${input.action.type}`;
}

/**
 * Starts instances and applies clicks: load → check → `transition()` (pure) → persist the new
 * state, its audit entry and its outbox rows in ONE transaction → commit → wake the dispatcher.
 */
/** How often a click is tried when only the audit chain moved under it (see `click`). */
const MAX_CLICK_ATTEMPTS = 3;

export function createWorkflowService(deps: WorkflowServiceDeps) {
  const { prisma, clock, calendar, logger } = deps;

  async function start(input: StartInput): Promise<WorkflowInstance> {
    if (!deps.definitions.has(input.definitionId)) {
      throw new AppError('unknown_workflow', `unknown workflow ${input.definitionId}`);
    }
    const now = clock.now();
    if (input.startKey) {
      const earlier = await startedWith(input.startKey);
      if (earlier) return earlier;
    }
    let instance: WorkflowInstance;
    try {
      instance = await startInTransaction();
    } catch (error) {
      // Two sends of the same form at once: the other one started it.
      const earlier = input.startKey && isUniqueViolation(error) ? await startedWith(input.startKey) : null;
      if (!earlier) throw error;
      return earlier;
    }
    deps.onOutboxWritten?.();
    return instance;

    function startInTransaction(): Promise<WorkflowInstance> {
      return prisma.$transaction((tx) => startIn(tx, input, now));
    }
  }

  /**
   * Starts an instance inside `tx`, a transaction the caller holds: a flow whose hook starts
   * others as part of its own transition (signed minutes start their decisions) commits them with
   * it or not at all. The caller wakes the dispatcher after its commit.
   */
  async function startIn(tx: Tx, input: StartInput, now: Date): Promise<WorkflowInstance> {
    const definition = deps.definitions.get(input.definitionId);
    if (!definition) throw new AppError('unknown_workflow', `unknown workflow ${input.definitionId}`);
    const startHook = deps.startHooks?.get(definition.id);
    const startKey = input.startKey ? `start:${input.startKey}` : null;
    const directory = await deps.loadDirectory(tx);
    const started = startInstance(
      definition,
      {
        id: randomUUID(),
        requesterId: input.requesterPersonId,
        title: input.title,
        reference: input.reference ?? null,
        secrecy: input.secrecy,
        urgency: input.urgency,
        params: input.params ?? {},
      },
      directory,
      now,
      calendar,
    );
    const { effects } = started;
    const next = startHook ? await startHook(tx, { instance: started.next, now }) : started.next;
    await tx.workflowInstance.create({
      data: {
        id: next.id,
        definitionId: next.definitionId,
        definitionVersion: next.definitionVersion,
        requesterId: next.requesterId,
        workspaceId: input.workspaceId,
        createdAt: new Date(next.createdAt),
        ...rowFieldsOf(next),
      },
    });
    await appendAudit(tx, {
      instanceId: next.id,
      at: now,
      actorId: input.requesterPersonId,
      action: 'start',
      afterVersion: next.version,
      afterStatus: next.status,
      details: { definition: `${definition.id}@${definition.version}` },
    });
    await enqueueOutbox(tx, outboxRowsFor(next, effects, definition, null, input.requesterPersonId), now);
    await deps.effectsHook?.(tx, { before: null, next, effects, now });
    if (startKey) {
      await tx.processedClick.create({
        data: { key: startKey, instanceId: next.id, resultVersion: next.version, createdAt: now },
      });
    }
    return next;
  }

  /**
   * Applies a click. An attempt that loses only to an entry appended to the audit chain meanwhile
   * (someone opening the card, a refused click), with the version unchanged, is tried again: the
   * card was not out of date, so the click must not be lost.
   */
  async function click(input: ClickInput): Promise<ClickOutcome> {
    for (let attempt = 1; ; attempt += 1) {
      const outcome = await attemptClick(input);
      if (outcome !== 'retry') return outcome;
      if (attempt >= MAX_CLICK_ATTEMPTS) {
        const fresh = await loadInstance(input.instanceId);
        return { kind: 'stale', instance: fresh, changes: await changesSince(prisma, input) };
      }
    }
  }

  async function attemptClick(input: ClickInput): Promise<ClickOutcome | 'retry'> {
    const key = clickKeyOf(input);
    const now = clock.now();
    const row = await readForClick(prisma, input.instanceId);
    if (!row) throw new InstanceNotFound(input.instanceId);
    const current = row.state;

    if (row.workspaceId !== null && input.workspaceId !== row.workspaceId) {
      const refusal = new AppError('wrong_workspace', 'this record belongs to another workspace');
      await auditRefusal(current, input, refusal, now);
      return { kind: 'refused', instance: current, refusal };
    }
    if (current.version !== input.expectedVersion) {
      // Applying a click moves the version on, so only a click on an older card can be a repeat.
      if (await prisma.processedClick.findUnique({ where: { key } })) {
        return { kind: 'duplicate', instance: current };
      }
      return { kind: 'stale', instance: current, changes: await changesSince(prisma, input) };
    }

    let result: ReturnType<typeof transition>;
    try {
      await checkTargetPerson(current, input.action);
      result = transition(current, input.action, { personId: input.actorPersonId }, now, calendar);
    } catch (error) {
      if (!(error instanceof WorkflowRefusal)) throw error;
      await auditRefusal(current, input, error, now);
      return { kind: 'refused', instance: current, refusal: error };
    }
    const { effects } = result;
    let { next } = result;
    if (!result.changed) return { kind: 'unchanged', instance: current };
    const definition = deps.definitions.get(current.definitionId);
    const hook = deps.transitionHooks?.get(current.definitionId);

    const write = async (db: Db, state: WorkflowInstance, extraDetails?: Record<string, unknown>) => {
      // Optimistic concurrency: only the click that read the current version may write.
      const details = detailsOf(input.action, current);
      const written = await writeTransition(db, {
        current,
        next: state,
        lastAudit: row.lastAudit,
        audit: {
          at: now,
          actorId: input.actorPersonId,
          action: input.action.type,
          comment: commentOf(input.action),
          details: extraDetails ? { ...(details ?? {}), ...extraDetails } : details,
        },
        clickKey: key,
        outbox: outboxRowsFor(state, effects, definition, current, input.actorPersonId),
        now,
      });
      if (!written) throw new LostRace();
      // After the versioned write: a lost race has thrown, so the hook's rows roll back with it.
      if (deps.effectsHook) await deps.effectsHook(db as Tx, { before: current, next: state, effects, now });
    };

    try {
      if (hook || deps.effectsHook) {
        next = await prisma.$transaction(async (tx) => {
          const hooked = hook
            ? await hook(tx, {
                current,
                next,
                action: input.action,
                actorPersonId: input.actorPersonId,
                now,
              })
            : null;
          const state = hooked?.next ?? next;
          await write(tx, state, hooked?.details);
          return state;
        });
      } else {
        await write(prisma, next);
      }
    } catch (error) {
      // Lost to a concurrent click (version moved, or the same click applied meanwhile).
      if (!(error instanceof LostRace) && !isUniqueViolation(error)) throw error;
      const fresh = await loadInstance(input.instanceId);
      if (await prisma.processedClick.findUnique({ where: { key } }))
        return { kind: 'duplicate', instance: fresh };
      if (fresh.version === input.expectedVersion) return 'retry';
      return { kind: 'stale', instance: fresh, changes: await changesSince(prisma, input) };
    }
    deps.onOutboxWritten?.();
    logger.info(
      { instanceId: current.id, action: input.action.type, version: next.version, status: next.status },
      'workflow transition applied',
    );
    return { kind: 'applied', instance: next, effects };
  }

  /**
   * `transition()` has no directory: a transfer or added signer must name an active person cleared
   * for the item's secrecy, checked here against the database.
   */
  async function checkTargetPerson(instance: WorkflowInstance, action: WorkflowAction): Promise<void> {
    const targetId =
      action.type === 'transfer' ? action.toPersonId : action.type === 'add_signer' ? action.personId : null;
    if (targetId === null) return;
    const person = await prisma.person.findUnique({
      where: { id: targetId },
      select: { active: true, clearance: true },
    });
    if (!person?.active) {
      throw new WorkflowRefusal('assignee_unavailable', `${targetId} is not an active person`, {
        waitingOn: [],
        params: { person: targetId },
      });
    }
    if (!isClearedFor(person.clearance as SecrecyLevel, instance.secrecy)) {
      throw new WorkflowRefusal(
        'assignee_not_cleared',
        `${targetId} is not cleared for ${instance.secrecy}`,
        {
          waitingOn: [],
          params: { person: targetId, secrecy: instance.secrecy },
        },
      );
    }
  }

  /**
   * The instance a start with `startKey` began, or null when none did: lets a feature check the
   * same form sent again before refusing it for what its first send did.
   */
  async function startedWith(startKey: string): Promise<WorkflowInstance | null> {
    const seen = await prisma.processedClick.findUnique({ where: { key: `start:${startKey}` } });
    return seen ? loadInstance(seen.instanceId) : null;
  }

  async function loadInstance(instanceId: string): Promise<WorkflowInstance> {
    const row = await prisma.workflowInstance.findUnique({ where: { id: instanceId } });
    if (!row) throw new InstanceNotFound(instanceId);
    return instanceFromRow(row);
  }

  async function auditRefusal(instance: WorkflowInstance, input: ClickInput, refusal: AppError, now: Date) {
    // A refusal changes nothing but is recorded: who tried what, and why it was refused.
    await prisma
      .$transaction((tx) =>
        appendAudit(tx, {
          instanceId: instance.id,
          at: now,
          actorId: input.actorPersonId,
          action: `refused:${input.action.type}`,
          details: { code: refusal.code, workspaceId: input.workspaceId, cardVersion: input.expectedVersion },
          beforeVersion: instance.version,
          afterVersion: instance.version,
          beforeStatus: instance.status,
          afterStatus: instance.status,
        }),
      )
      .catch((error: unknown) => {
        // Another entry took the same seq at the same moment; the refusal itself still stands.
        if (!isUniqueViolation(error)) throw error;
        logger.warn(
          { instanceId: instance.id, code: refusal.code },
          'refusal not audited: concurrent append',
        );
      });
  }

  return { start, startIn, click, loadInstance, startedWith };
}

export type WorkflowService = ReturnType<typeof createWorkflowService>;

class LostRace extends Error {}

/** A unique key refused the write: Prisma's P2002, or a raw query's driver error (P2010). */

/** What a click reads: the instance's state, its workspace and the audit chain's tail. */
interface ClickRead {
  workspaceId: string | null;
  state: WorkflowInstance;
  lastAudit: { seq: number; hash: string } | null;
}

/**
 * Reads an instance and its audit chain's tail in ONE statement: the click's only read before its
 * one-statement write (Prisma's `include` would take a second round trip for the tail).
 */
async function readForClick(prisma: Db, instanceId: string): Promise<ClickRead | null> {
  // A forged or mangled id is no instance (the cast would fail the statement instead).
  if (!isInstanceId(instanceId)) return null;
  const rows = await prisma.$queryRaw<
    Array<{
      workspace_id: string | null;
      state: unknown;
      audit_seq: number | null;
      audit_hash: string | null;
    }>
  >`
    SELECT i.workspace_id, i.state, a.seq AS audit_seq, a.hash AS audit_hash
    FROM workflow_instance i
    LEFT JOIN LATERAL (
      SELECT seq, hash FROM audit_entry WHERE instance_id = i.id ORDER BY seq DESC LIMIT 1
    ) a ON true
    WHERE i.id = ${instanceId}::uuid`;
  const row = rows[0];
  if (!row) return null;
  const state = typeof row.state === 'string' ? JSON.parse(row.state) : row.state;
  return {
    workspaceId: row.workspace_id,
    state: state as WorkflowInstance,
    lastAudit:
      row.audit_seq === null || row.audit_hash === null ? null : { seq: row.audit_seq, hash: row.audit_hash },
  };
}

export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: unknown; meta?: { driverAdapterError?: { cause?: { kind?: unknown } } } };
  return e?.code === 'P2002' || e?.meta?.driverAdapterError?.cause?.kind === 'UniqueConstraintViolation';
}

/** Applied changes after the version the clicker saw, newest last (for "what happened meanwhile"). */
async function changesSince(db: Db, input: ClickInput): Promise<LatestChange[]> {
  const rows = await db.auditEntry.findMany({
    where: {
      instanceId: input.instanceId,
      beforeVersion: { gte: input.expectedVersion },
      NOT: { action: { startsWith: 'refused:' } },
    },
    orderBy: { seq: 'asc' },
    take: 10,
    select: { actorId: true, action: true, at: true },
  });
  return rows;
}

function commentOf(action: WorkflowAction): string | null {
  if ('comment' in action && typeof action.comment === 'string') return action.comment;
  if (action.type === 'complete') return action.result;
  return null;
}

function detailsOf(action: WorkflowAction, current: WorkflowInstance): Record<string, unknown> | null {
  switch (action.type) {
    case 'transfer':
      return { toPersonId: action.toPersonId };
    case 'add_signer':
      return { personId: action.personId, position: action.position };
    case 'return':
      return { to: action.to };
    case 'approve': {
      // What the step fixed (批办's people, 签发's distribution) stays traceable to the act, with
      // the step it was done at (the card names the act after it: 拟办, 批办, 签发, 已盖章).
      const step = current.steps[current.currentStep]?.definitionStepId ?? null;
      return action.params ? { params: action.params, step } : { step };
    }
    case 'complete':
      // A task is named after its step on the card (编号, 发出) rather than 办结.
      return { step: current.steps[current.currentStep]?.definitionStepId ?? null };
    default:
      return null;
  }
}

/**
 * Everyone who holds a copy of the card: the requester, every person asked so far, and the
 * contributors of steps that have started (协办 heads get the card when handling starts).
 */
export function cardRecipientsOf(instance: WorkflowInstance): string[] {
  const people = new Set<string>([instance.requesterId]);
  for (const step of instance.steps) {
    if (step.status === 'pending') continue;
    for (const a of step.assignments) if (a.status !== 'waiting') people.add(a.personId);
    if (step.status === 'active' || step.status === 'done') {
      for (const id of stepContributors(instance, step)) people.add(id);
    }
  }
  return [...people];
}

/** An outbox row of a transition. */
type OutboxRow = OutboxMessageInput;

/** Outbox rows for a transition's effects: platform-neutral intents, rendered at delivery. */
export function outboxRowsFor(
  instance: WorkflowInstance,
  effects: WorkflowEffect[],
  definition: WorkflowDefinition | undefined,
  /**
   * The instance before the transition (null for a start); with it, one `home.refresh` goes to each
   * person whose App Home lists may have changed. Left out (undefined), no home refreshes.
   */
  before?: WorkflowInstance | null,
  /** Who acted: their own copy's sync is claimed first ({@link ACTOR_PRIORITY}), since they are looking at it. */
  actorPersonId?: string,
): Array<OutboxRow> {
  const recipients = new Set<string>();
  const redraws = new Set<string>();
  // People whose card comes new into their DMs (everyone's at a start, new assignees later):
  // posted in their conversation's order.
  const started = before === null || instance.version === 1;
  const newCards = new Set<string>();
  const notices: Array<OutboxRow> = [];
  for (const effect of effects) {
    switch (effect.type) {
      case 'notify_assignees':
        for (const personId of effect.personIds) {
          recipients.add(personId);
          newCards.add(personId);
        }
        break;
      case 'refresh_cards':
        for (const personId of cardRecipientsOf(instance)) recipients.add(personId);
        break;
      case 'redraw_cards':
        for (const personId of effect.personIds) redraws.add(personId);
        break;
      case 'notify_requester':
        notices.push({
          orderingKey: personConversationKey(instance.requesterId),
          kind: OUTBOX_KINDS.personNotify,
          payload: {
            personId: instance.requesterId,
            instanceId: instance.id,
            event: effect.event,
            byPersonId: effect.byPersonId,
          },
        });
        break;
      case 'notify_holders':
        // One notice each, in that person's conversation (in order with their cards).
        for (const personId of effect.personIds) {
          notices.push({
            orderingKey: personConversationKey(personId),
            kind: OUTBOX_KINDS.personNotify,
            payload: {
              personId,
              instanceId: instance.id,
              event: effect.event,
              byPersonId: effect.byPersonId,
            },
          });
        }
        break;
      default:
        // deadline_set / deadline_cleared / instance_finished: reminders act on them (EffectsHook).
        break;
    }
  }
  // A new card keeps its place among the person's messages; an existing copy is updated in place,
  // on the copy's own key, after the copy's earlier rows (its post included).
  const cards: Array<OutboxRow> = [...recipients].map((personId) => ({
    ...cardSyncOrdering(
      instance.id,
      personId,
      personConversationKey(personId),
      started || newCards.has(personId),
    ),
    kind: OUTBOX_KINDS.cardSync,
    payload: { instanceId: instance.id, personId },
    ...(personId === actorPersonId ? { priority: ACTOR_PRIORITY } : {}),
  }));
  // A redraw of a copy already in the list is covered by its sync only when the version moved.
  for (const personId of redraws) {
    if (recipients.has(personId) && before?.version !== instance.version) continue;
    cards.push({
      ...cardSyncOrdering(instance.id, personId, personConversationKey(personId), false),
      kind: OUTBOX_KINDS.cardSync,
      payload: { instanceId: instance.id, personId, refresh: true },
      ...(personId === actorPersonId ? { priority: ACTOR_PRIORITY } : {}),
    });
  }
  // Only public items get a channel copy: 内部 stays in direct messages, classified items anywhere but channels.
  if (definition?.channel && instance.secrecy === 'public' && recipients.size > 0) {
    const channel = definition.channel;
    cards.push({
      ...cardSyncOrdering(instance.id, `channel:${channel}`, channelConversationKey(channel), started),
      kind: OUTBOX_KINDS.cardSync,
      payload: { instanceId: instance.id, channel },
    });
  }
  const homes: Array<OutboxRow> =
    before === undefined ? [] : homeRefreshesOf(homeRefreshesFor(before, instance));
  return [...cards, ...notices, ...homes];
}

/**
 * One `home.refresh` per person of `people`, due after {@link HOME_REFRESH_DELAY_MS} and coalesced
 * with any other refresh of their App Home meanwhile. Features that change what a home shows
 * (a meeting's answers) write these in their own transaction.
 */
export function homeRefreshesOf(people: Iterable<string>): OutboxMessageInput[] {
  return [...new Set(people)].map((personId) => ({
    orderingKey: homeKey(personId),
    coalesceKey: homeKey(personId),
    coalesce: true,
    delayMs: HOME_REFRESH_DELAY_MS,
    kind: OUTBOX_KINDS.homeRefresh,
    payload: { personId },
  }));
}

/**
 * How long a `home.refresh` waits before it is due: the refreshes a burst of transitions asks for
 * one person meanwhile coalesce into it (at most one App Home publish per person in this time),
 * and cards and notices, due at once, go out before it.
 */
export const HOME_REFRESH_DELAY_MS = 1000;

/** The ordering and coalescing key of one person's App Home refreshes: one at a time, latest state. */
function homeKey(personId: string): string {
  return `home:${personId}`;
}

/**
 * The people whose App Home lists a transition from `before` (null for a start) to `after`
 * changed, and only them:
 * - the requester's 我发起的 row shows the status, the step, whom it waits on and the deadline;
 * - a 待我办理 row comes to those now asked, leaves those no longer asked, and changes for those
 *   asked both before and after when the step, its deadline, the status or the title changed;
 * - when the item finishes, it comes into the 近期办结 of everyone who had a part in it.
 * A transition that changes none of these (a comment, a report to the leader, opening a card)
 * refreshes nobody.
 */
export function homeRefreshesFor(before: WorkflowInstance | null, after: WorkflowInstance): string[] {
  if (before !== null && before.version === after.version) return [];
  const people = new Set<string>();
  const waitingBefore = new Set(before === null ? [] : waitingOn(before));
  const waitingAfter = new Set(waitingOn(after));
  const rowChanged = before === null || homeRowOf(before) !== homeRowOf(after);
  if (before === null || rowChanged || !sameSet(waitingBefore, waitingAfter)) people.add(after.requesterId);
  for (const personId of waitingAfter) if (!waitingBefore.has(personId) || rowChanged) people.add(personId);
  for (const personId of waitingBefore) if (!waitingAfter.has(personId)) people.add(personId);
  if (before !== null && !isFinished(before) && isFinished(after)) {
    for (const personId of cardRecipientsOf(after)) people.add(personId);
  }
  return [...people];
}

/** What a 待我办理 or 我发起的 row shows of an item, whom it waits on aside. */
function homeRowOf(instance: WorkflowInstance): string {
  const step = instance.status === 'running' ? instance.steps[instance.currentStep] : undefined;
  return JSON.stringify([
    instance.status,
    instance.currentStep,
    step?.deadline ?? null,
    instance.title,
    instance.reference,
    instance.urgency,
  ]);
}

function sameSet(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  return a.size === b.size && [...a].every((x) => b.has(x));
}
