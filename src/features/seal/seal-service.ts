// Seal-use requests on the approval engine, the seal register (印章使用登记簿) and the seals'
// lifecycle. The register row is written by a transition hook in the transaction of the
// custodian's 已盖章, so a stamping is in the register exactly once and never without its click.

import { DateTime } from 'luxon';
import type { FlowWording } from '../../chat/core/card.ts';
import type { Db, Tx } from '../../db/types.ts';
import type { SealState } from '../../domain/org.ts';
import {
  MAX_SEAL_COPIES,
  nextSealState,
  SEAL_DEFINITIONS,
  SEAL_EVENT_OF,
  SEAL_PARAMS,
  SEAL_STEP_IDS,
  type SealLifecycleAction,
  sealDefinition,
} from '../../domain/seal/seal-request.ts';
import { isClassified, isFinished } from '../../domain/workflow/index.ts';
import type { WorkflowInstance } from '../../domain/workflow/types.ts';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import { cardSyncMessage, PERSON_MESSAGE_KIND } from '../../outbox/outbox-message.ts';
import { enqueueOutbox } from '../../outbox/outbox-repository.ts';
import type { Clock } from '../../shared/clock.ts';
import { AppError } from '../../shared/errors.ts';
import { type Locale, type PlainMessageKey, t } from '../../shared/i18n.ts';
import { registerCsv } from '../documents/registers.ts';
import { instanceFromRow } from '../workflow/instance-row.ts';
import { cardRecipientsOf, type TransitionHook, type WorkflowService } from '../workflow/workflow-service.ts';

/** What a requester submits (the form, or `/seal 公章 3 标题`). */
export interface NewSealRequest {
  sealId: string;
  title: string;
  /** Impressions asked for, 1–{@link MAX_SEAL_COPIES}. */
  copies: number;
  purpose: string | null;
  docLink: string | null;
  /** An important document: a leader approves too, whatever the seal. */
  important: boolean;
}

const SEAL_DEFINITION_IDS: ReadonlySet<string> = new Set(SEAL_DEFINITIONS.map((d) => d.id));

/** Whether an instance is a seal request. */
export const isSealRequest = (instance: Pick<WorkflowInstance, 'definitionId'>) =>
  SEAL_DEFINITION_IDS.has(instance.definitionId);

/** The refusal of a seal that cannot be used now (停用, 封存, 销毁, or not in the directory). */
function unavailable(seal: { name: string; nameEn: string | null; state: string } | null, id: string) {
  return new AppError('seal_unavailable', `seal ${id} cannot be used now`, {
    params: {
      sealZh: seal?.name ?? id,
      sealEn: seal?.nameEn ?? seal?.name ?? id,
      stateZh: sealStateLabel(seal?.state ?? 'retired', 'zh'),
      stateEn: sealStateLabel(seal?.state ?? 'retired', 'en'),
    },
  });
}

/** The seals' states as people read them (the feature's messages), by state. */
const SEAL_STATE_LABELS = {
  active: 'seal.state.active',
  suspended: 'seal.state.suspended',
  retired: 'seal.state.retired',
  destroyed: 'seal.state.destroyed',
} as const satisfies Record<SealState, PlainMessageKey>;

/** A seal's state as people read it; a state the bot does not know shows as it is stored. */
export function sealStateLabel(state: string, locale: Locale): string {
  return Object.hasOwn(SEAL_STATE_LABELS, state) ? t(locale, SEAL_STATE_LABELS[state as SealState]) : state;
}

/** Starts a seal request; refused (`seal_unavailable`) for a seal not in use. */
export async function startSealRequest(
  deps: { service: WorkflowService; prisma: PrismaClient },
  input: {
    requesterPersonId: string;
    workspaceId: string | null;
    form: NewSealRequest;
    /** The form's view id or the command's trigger id: sent twice, it starts one request. */
    startKey?: string;
  },
): Promise<WorkflowInstance> {
  const { form } = input;
  const seal = await deps.prisma.seal.findUnique({
    where: { id: form.sealId },
    select: { name: true, nameEn: true, state: true, active: true, needsLeader: true },
  });
  if (!seal?.active || seal.state !== 'active') throw unavailable(seal, form.sealId);
  if (!Number.isInteger(form.copies) || form.copies < 1 || form.copies > MAX_SEAL_COPIES) {
    throw new AppError('seal_copies_invalid', 'copies out of range', { params: { max: MAX_SEAL_COPIES } });
  }
  return deps.service.start({
    definitionId: sealDefinition(seal.needsLeader, form.important).id,
    requesterPersonId: input.requesterPersonId,
    workspaceId: input.workspaceId,
    title: form.title,
    secrecy: 'internal',
    urgency: 'normal',
    ...(input.startKey ? { startKey: input.startKey } : {}),
    params: {
      [SEAL_PARAMS.sealId]: form.sealId,
      [SEAL_PARAMS.copies]: String(form.copies),
      [SEAL_PARAMS.important]: form.important ? '1' : '0',
      ...(form.purpose ? { [SEAL_PARAMS.purpose]: form.purpose } : {}),
      ...(form.docLink ? { [SEAL_PARAMS.docLink]: form.docLink } : {}),
    },
  });
}

/** The impressions a request was approved for. */
export function approvedCopies(instance: WorkflowInstance): number {
  const value = Number(instance.params[SEAL_PARAMS.copies]);
  return Number.isSafeInteger(value) && value > 0 ? value : 0;
}

/**
 * Checks the custodian's count before the form closes: a whole number from 1 to what was
 * approved, on a request waiting at its stamping step. Reads only.
 */
export async function checkImpressions(
  db: Db,
  instanceId: string,
  impressions: number,
): Promise<{ ok: true } | { ok: false; reason: 'not_at_stamp' | 'too_many'; approved: number }> {
  const row = await db.workflowInstance.findUnique({ where: { id: instanceId } });
  if (!row) return { ok: false, reason: 'not_at_stamp', approved: 0 };
  const instance = instanceFromRow(row);
  const approved = approvedCopies(instance);
  const step = instance.steps[instance.currentStep];
  if (instance.status !== 'running' || step?.definitionStepId !== SEAL_STEP_IDS.stamp) {
    return { ok: false, reason: 'not_at_stamp', approved };
  }
  return impressions >= 1 && impressions <= approved
    ? { ok: true }
    : { ok: false, reason: 'too_many', approved };
}

/**
 * The custodian's 已盖章 (approve at the stamping step with `impressions`): refused unless the
 * count is within the approval and the seal is still in use; otherwise the register row, in the
 * click's transaction.
 */
export function sealStampHook(): TransitionHook {
  return async (tx, { current, next, action, actorPersonId, now }) => {
    const step = current.steps[current.currentStep];
    if (action.type !== 'approve' || step?.definitionStepId !== SEAL_STEP_IDS.stamp) return null;
    const approved = approvedCopies(current);
    const impressions = Number(action.params?.[SEAL_PARAMS.impressions]);
    if (!Number.isSafeInteger(impressions) || impressions < 1 || impressions > approved) {
      throw new AppError('seal_impressions_invalid', `impressions ${impressions} not within 1..${approved}`, {
        params: { approved },
      });
    }
    const sealId = String(current.params[SEAL_PARAMS.sealId] ?? '');
    const seal = await tx.seal.findUnique({
      where: { id: sealId },
      select: { name: true, nameEn: true, state: true, active: true },
    });
    // A seal suspended or reported lost meanwhile holds the request (暂停办理).
    if (!seal?.active || seal.state !== 'active') throw unavailable(seal, sealId);
    const requester = await tx.person.findUnique({
      where: { id: current.requesterId },
      select: { departmentId: true },
    });
    const approverIds = current.steps
      .filter((s) => s.status === 'done' && s.definitionStepId !== SEAL_STEP_IDS.stamp)
      .flatMap((s) => s.assignments.filter((a) => a.status === 'approved').map((a) => a.personId));
    await tx.sealUse.create({
      data: {
        instanceId: current.id,
        sealId,
        stampedAt: now,
        documentTitle: isClassified(current.secrecy) ? null : current.title,
        departmentId: requester?.departmentId ?? '',
        requesterId: current.requesterId,
        approverIds,
        handlerId: actorPersonId,
        approvedCount: approved,
        impressions,
      },
    });
    return { next, details: { sealId, impressions, approved } };
  };
}

/** The hooks of the seal routes, by definition id. */
export function sealTransitionHooks(): Map<string, TransitionHook> {
  const hook = sealStampHook();
  return new Map(SEAL_DEFINITIONS.map((d) => [d.id, hook]));
}

/** A seal request ends stamped (已盖章), and its requester is told how many impressions were made. */
export const sealWording: FlowWording = {
  family: 'seal',
  facts: (instance) => ({ impressions: String(instance.params[SEAL_PARAMS.impressions] ?? '—') }),
};

/** The card's field labels (in the feature's messages). */
const FIELD_LABELS = {
  seal: 'seal.card.seal',
  copies: 'seal.card.copies',
  impressions: 'seal.card.impressions',
  purpose: 'seal.card.purpose',
  docLink: 'seal.card.doc_link',
  important: 'seal.card.important',
} as const satisfies Record<string, PlainMessageKey>;

/** The key fields of a seal request's card. */
export function sealCardFields(
  seals: ReadonlyArray<{ id: string; name: string; nameEn: string | null }>,
): (instance: WorkflowInstance, locale: Locale) => Array<{ label: string; value: string }> {
  return (instance, locale) => {
    const p = instance.params;
    const text = (key: string) => (typeof p[key] === 'string' ? (p[key] as string) : '');
    const fields: Array<{ label: string; value: string }> = [];
    const add = (key: keyof typeof FIELD_LABELS, value: string) => {
      if (value) fields.push({ label: t(locale, FIELD_LABELS[key]), value });
    };
    const seal = seals.find((s) => s.id === text(SEAL_PARAMS.sealId));
    add('seal', seal ? (locale === 'en' ? (seal.nameEn ?? seal.name) : seal.name) : text(SEAL_PARAMS.sealId));
    add('copies', text(SEAL_PARAMS.copies));
    add('impressions', text(SEAL_PARAMS.impressions));
    add('purpose', text(SEAL_PARAMS.purpose));
    add('docLink', text(SEAL_PARAMS.docLink));
    if (text(SEAL_PARAMS.important) === '1') add('important', t(locale, 'seal.card.yes'));
    return fields;
  };
}

/**
 * The card's hold mark (暂停办理), read when the card is drawn: a request not finished whose seal
 * is out of use says so, until the seal is back in use. `changeSealState` redraws the cards.
 */
export async function sealHoldFields(
  instance: WorkflowInstance,
  locale: Locale,
  prisma: PrismaClient,
): Promise<Array<{ label: string; value: string }>> {
  if (isFinished(instance)) return [];
  const sealId = instance.params[SEAL_PARAMS.sealId];
  if (typeof sealId !== 'string') return [];
  const seal = await prisma.seal.findUnique({ where: { id: sealId }, select: { state: true } });
  if (!seal || seal.state === 'active') return [];
  const state = sealStateLabel(seal.state, locale);
  return [{ label: t(locale, 'seal.hold.label'), value: t(locale, 'seal.hold.text', { state }) }];
}

/** The columns of the seal register (印章使用登记簿), in order. */
export const SEAL_REGISTER_COLUMNS = [
  '用印日期',
  '印章',
  '文件名称',
  '申请部门',
  '申请人',
  '批准人',
  '经办人',
  '批准份数',
  '用印次数',
  '用途',
  '流程编号',
] as const;

/** Which rows `/seal register [seal] [month]` asks for. */
export interface SealRegisterRequest {
  sealId: string | null;
  /** A calendar month in the unit's time zone; null for all time. */
  month: { year: number; month: number } | null;
}

/** The register as CSV (UTF-8 with BOM), oldest first; null when no stamping matches. */
export async function exportSealRegister(
  prisma: PrismaClient,
  request: SealRegisterRequest,
  timeZone: string,
): Promise<{ csv: Buffer; rows: number } | null> {
  const range = request.month
    ? DateTime.fromObject({ year: request.month.year, month: request.month.month }, { zone: timeZone })
    : null;
  const uses = await prisma.sealUse.findMany({
    where: {
      ...(request.sealId ? { sealId: request.sealId } : {}),
      ...(range
        ? { stampedAt: { gte: range.startOf('month').toJSDate(), lt: range.plus({ months: 1 }).toJSDate() } }
        : {}),
    },
    orderBy: [{ stampedAt: 'asc' }, { id: 'asc' }],
    include: { seal: { select: { name: true } }, instance: { select: { state: true } } },
  });
  if (uses.length === 0) return null;
  const [people, departments] = await Promise.all([
    prisma.person.findMany({ select: { id: true, name: true } }),
    prisma.department.findMany({ select: { id: true, name: true } }),
  ]);
  const person = (id: string) => people.find((p) => p.id === id)?.name ?? id;
  const rows = uses.map((use) => {
    const params = (use.instance.state as unknown as WorkflowInstance).params;
    return [
      DateTime.fromJSDate(use.stampedAt).setZone(timeZone).toFormat('yyyy-MM-dd HH:mm'),
      use.seal.name,
      use.documentTitle ?? '密件',
      departments.find((d) => d.id === use.departmentId)?.name ?? use.departmentId,
      person(use.requesterId),
      use.approverIds.map(person).join('、'),
      person(use.handlerId),
      String(use.approvedCount),
      String(use.impressions),
      typeof params[SEAL_PARAMS.purpose] === 'string' ? (params[SEAL_PARAMS.purpose] as string) : '',
      use.instanceId,
    ];
  });
  return { csv: registerCsv(SEAL_REGISTER_COLUMNS, rows), rows: rows.length };
}

/** Who may do what to a seal: the office head everything; the custodian and the owner report it lost. */
/** Whether `actor` may take `action` on `seal`: the office head always; 报告遗失 also its custodian or owner. */
export function mayChange(
  actor: { id: string; roles: readonly string[] },
  seal: { custodianId: string; ownerId: string | null },
  action: SealLifecycleAction,
): boolean {
  if (actor.roles.includes('office_head')) return true;
  return action === 'lost' && (actor.id === seal.custodianId || actor.id === seal.ownerId);
}

/**
 * Suspends, resumes, retires (封存), destroys (销毁) or reports lost a seal, with its record in
 * `seal_event`, in one transaction with the messages it owes: a lost seal alerts the office heads
 * and the director at once; requests waiting on a seal that stops being usable are held (the
 * stamping is refused until it is resumed) and their requesters told, and told again on resume.
 * Throws AppError `seal_unknown`, `seal_change_forbidden`, `seal_action_not_allowed` (params
 * `stateZh`/`stateEn`) or `seal_reason_required`. A change with a `requestKey` (a form's
 * `view:<view id>`) is made once: the same key again returns what it did, so a form sent again
 * after its commit came too late for Slack is not refused as changed already.
 */
export async function changeSealState(
  deps: { prisma: PrismaClient; clock: Clock; onOutboxWritten?: () => void },
  input: {
    actorPersonId: string;
    sealId: string;
    action: SealLifecycleAction;
    reason: string;
    requestKey?: string;
  },
): Promise<SealStateChange> {
  const now = deps.clock.now();
  const reason = input.reason.trim();
  if (reason === '' && input.action !== 'resume') {
    throw new AppError('seal_reason_required', 'a reason is required');
  }
  const key = input.requestKey ?? null;
  const earlier = key ? await changeOfRequest(deps.prisma, key, input.sealId) : null;
  if (earlier) return earlier;
  const changed = deps.prisma.$transaction(async (tx) => {
    const seal = await tx.seal.findUnique({ where: { id: input.sealId } });
    if (!seal?.active) throw new AppError('seal_unknown', `no seal ${input.sealId}`);
    const actor = await tx.person.findUnique({
      where: { id: input.actorPersonId },
      select: { id: true, roles: true, active: true },
    });
    if (!actor?.active || !mayChange(actor, seal, input.action)) {
      throw new AppError('seal_change_forbidden', 'not allowed to change this seal');
    }
    const state = seal.state as SealState;
    const next = nextSealState(state, input.action);
    if (next === null) {
      throw new AppError('seal_action_not_allowed', `cannot ${input.action} a ${state} seal`, {
        params: { stateZh: sealStateLabel(state, 'zh'), stateEn: sealStateLabel(state, 'en') },
      });
    }
    // Only from the state read: two office heads acting at once change it once.
    const moved = await tx.seal.updateMany({ where: { id: seal.id, state }, data: { state: next } });
    if (moved.count !== 1)
      throw new AppError('seal_action_not_allowed', 'changed meanwhile', {
        params: { stateZh: '', stateEn: '' },
      });
    const names = { sealZh: seal.name, sealEn: seal.nameEn ?? seal.name };
    const messages: Array<{
      personId: string;
      key: string;
      params: Record<string, string>;
      people?: Record<string, string>;
    }> = [];
    if (input.action === 'lost') {
      const alerted = await tx.person.findMany({
        where: { active: true, OR: [{ roles: { has: 'office_head' } }, { roles: { has: 'director' } }] },
        select: { id: true },
      });
      for (const { id } of alerted) {
        messages.push({
          personId: id,
          key: 'seal.notice.lost',
          params: { ...names, reason },
          people: { reporter: actor.id },
        });
      }
    }
    const held = next !== 'active' && state === 'active';
    const released = next === 'active';
    let waiting: WorkflowInstance[] = [];
    if (held || released) {
      waiting = (await runningRequestsFor(tx, seal.id)).filter((i) => i.status === 'running');
      for (const instance of waiting) {
        messages.push({
          personId: instance.requesterId,
          key: held ? 'seal.notice.held' : 'seal.notice.released',
          params: { ...names, title: instance.title ?? '' },
        });
      }
    }
    // Each held (or released) request's cards are drawn again, for the hold mark.
    const redraws = waiting.flatMap((instance) =>
      cardRecipientsOf(instance).map((personId) => cardSyncMessage(instance.id, personId, { refresh: true })),
    );
    await enqueueOutbox(
      tx,
      [
        ...messages.map((m) => ({
          orderingKey: `person:${m.personId}`,
          kind: PERSON_MESSAGE_KIND,
          payload: m,
        })),
        ...redraws,
      ],
      now,
    );
    const heldCount = held ? waiting.length : 0;
    await tx.sealEvent.create({
      data: {
        sealId: seal.id,
        kind: SEAL_EVENT_OF[input.action],
        actorId: actor.id,
        at: now,
        reason,
        // With the requests it held: the same form sent again is answered as the first send was.
        details: { from: state, to: next, ...(heldCount > 0 ? { held: heldCount } : {}) },
        requestKey: key,
      },
    });
    return { state: next, held: heldCount, seal: { name: seal.name, nameEn: seal.nameEn } };
  });
  const result = await changed.catch(async (error: unknown) => {
    // Sent twice at once: the other send made the change (this one then finds the seal moved).
    const winner = key ? await changeOfRequest(deps.prisma, key, input.sealId) : null;
    if (!winner) throw error;
    return winner;
  });
  deps.onOutboxWritten?.();
  return result;
}

/** What a lifecycle change did: the seal's state after it and the requests it held. */
export interface SealStateChange {
  state: SealState;
  held: number;
  seal: { name: string; nameEn: string | null };
}

/** The change made earlier by the submission `requestKey` on `sealId`, as it was answered then. */
async function changeOfRequest(db: Db, requestKey: string, sealId: string): Promise<SealStateChange | null> {
  const event = await db.sealEvent.findUnique({
    where: { requestKey },
    select: { sealId: true, details: true, seal: { select: { name: true, nameEn: true } } },
  });
  if (!event || event.sealId !== sealId) return null;
  const details = (event.details ?? {}) as { to?: SealState; held?: number };
  return {
    state: details.to ?? 'suspended',
    held: details.held ?? 0,
    seal: { name: event.seal.name, nameEn: event.seal.nameEn },
  };
}

/** Seal requests not finished that use `sealId`. */
async function runningRequestsFor(tx: Tx, sealId: string): Promise<WorkflowInstance[]> {
  const rows = await tx.workflowInstance.findMany({
    where: {
      definitionId: { in: [...SEAL_DEFINITION_IDS] },
      status: { in: ['running', 'returned', 'recalled'] },
      state: { path: ['params', SEAL_PARAMS.sealId], equals: sealId },
    },
    orderBy: { createdAt: 'asc' },
  });
  return rows.map(instanceFromRow);
}

/** The seals for `/seal list` and the form: in file order, with custodian and state. */
export async function listSeals(prisma: PrismaClient) {
  return prisma.seal.findMany({
    where: { active: true },
    orderBy: [{ sortOrder: 'asc' }, { id: 'asc' }],
    select: {
      id: true,
      name: true,
      nameEn: true,
      kind: true,
      state: true,
      needsLeader: true,
      custodianId: true,
      ownerId: true,
      custodian: { select: { name: true, nameEn: true } },
    },
  });
}
