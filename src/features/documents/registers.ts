// The registers (发文登记簿, 收文登记簿) as CSV files. Reading the documents and their audit entries
// (loadRegister) is kept apart from building the rows (outgoingRegisterRow,
// incomingRegisterRow) and writing the file (registerCsv), which are pure. Times of the acts
// (签发, 发送, 办结) come from the audit log.

import { stringify } from 'csv-stringify/sync';
import { DateTime } from 'luxon';
import {
  INCOMING_CATEGORY_LABELS,
  INCOMING_STEP_IDS,
  INSTRUCTION_PARAMS,
  type IncomingCategory,
} from '../../domain/documents/incoming.ts';
import {
  DIRECTION_LABELS,
  type DocumentDirection,
  SIGN_OFF_STEP_IDS,
} from '../../domain/documents/outgoing.ts';
import { SECRECY_LABELS_ZH, type SecrecyLevel } from '../../domain/org.ts';
import { isClassified } from '../../domain/workflow/index.ts';
import { paramList } from '../../domain/workflow/params.ts';
import type { InstanceStatus, WorkflowInstance } from '../../domain/workflow/types.ts';
import type { Prisma, PrismaClient } from '../../generated/prisma/client.ts';
import { defuseCsvCell } from '../../shared/csv-cell.ts';
import { t } from '../../shared/i18n.ts';
import { instanceFromRow } from '../workflow/instance-row.ts';
import { INCOMING_PARAMS } from './incoming-documents.ts';
import { OUTGOING_PARAMS } from './outgoing-documents.ts';

/** Which register: outgoing (发文) or incoming (收文). */
export type RegisterDirection = 'out' | 'in';

/** 办理中 (not finished), 已发 (sent), 全部 (everything). */
export const REGISTER_STATES = ['running', 'sent', 'all'] as const;
export type RegisterState = (typeof REGISTER_STATES)[number];

/** What `/doc register …` asks for. */
export interface RegisterRequest {
  direction: RegisterDirection;
  year: number;
  /** The drafting department (拟稿部门); null for every department. */
  departmentId: string | null;
  state: RegisterState;
}

/** Why the words after `/doc register` could not be read. */
export type RegisterArgsProblem = { kind: 'unknown' | 'repeated'; arg: string };

const DIRECTION_WORDS: Readonly<Record<string, RegisterDirection>> = {
  out: 'out',
  发文: 'out',
  in: 'in',
  收文: 'in',
};

const STATE_WORDS: Readonly<Record<string, RegisterState>> = {
  running: 'running',
  办理中: 'running',
  在办: 'running',
  sent: 'sent',
  已发: 'sent',
  已发送: 'sent',
  all: 'all',
  全部: 'all',
};

/** The years a register may be asked for (the number series' range). */
const YEARS = { min: 2000, max: 2100 } as const;

/**
 * Reads the words after `/doc register`, in any order: `out`/`in` (发文/收文; outgoing when
 * left out), a 4-digit year (default `currentYear`), a department id or name (default all), a
 * state (default all). Full-width digits count as digits.
 */
export function parseRegisterArgs(
  args: readonly string[],
  context: {
    departments: ReadonlyArray<{ id: string; name: string; nameEn: string | null }>;
    currentYear: number;
  },
): { ok: true; request: RegisterRequest } | { ok: false; problem: RegisterArgsProblem } {
  let direction: RegisterDirection | undefined;
  let year: number | undefined;
  let departmentId: string | undefined;
  let state: RegisterState | undefined;
  for (const arg of args) {
    const word = arg.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
    const lower = word.toLowerCase();
    const repeated = { ok: false as const, problem: { kind: 'repeated' as const, arg } };
    const asDirection = DIRECTION_WORDS[lower];
    if (asDirection) {
      if (direction !== undefined) return repeated;
      direction = asDirection;
      continue;
    }
    if (/^\d{4}$/.test(word) && Number(word) >= YEARS.min && Number(word) <= YEARS.max) {
      if (year !== undefined) return repeated;
      year = Number(word);
      continue;
    }
    const asState = STATE_WORDS[lower];
    if (asState) {
      if (state !== undefined) return repeated;
      state = asState;
      continue;
    }
    const department = context.departments.find(
      (d) => d.id.toLowerCase() === lower || d.name === word || d.nameEn?.toLowerCase() === lower,
    );
    if (department) {
      if (departmentId !== undefined) return repeated;
      departmentId = department.id;
      continue;
    }
    return { ok: false, problem: { kind: 'unknown', arg } };
  }
  return {
    ok: true,
    request: {
      direction: direction ?? 'out',
      year: year ?? context.currentYear,
      departmentId: departmentId ?? null,
      state: state ?? 'all',
    },
  };
}

/** The columns of the outgoing register, in order. */
export const OUTGOING_REGISTER_COLUMNS = [
  '文号',
  '标题',
  '发文类型',
  '行文方向',
  '紧急程度',
  '密级',
  '拟稿部门',
  '拟稿人',
  '签发人',
  '签发时间',
  '主送',
  '抄送',
  '份数',
  '状态',
  '发送时间',
  '流程编号',
] as const;

/** An audit entry as the register reads it. */
export interface RegisterAuditEntry {
  instanceId: string;
  seq: number;
  actorId: string | null;
  action: string;
  at: Date;
}

/** Names the rows need, from the directory and the organisation file. */
export interface RegisterNames {
  timeZone: string;
  docTypes: ReadonlyArray<{ id: string; name: string }>;
  departments: ReadonlyMap<string, string>;
  people: ReadonlyMap<string, { name: string; departmentId: string }>;
}

/** The step where an outgoing document is sent (办公室秘书审核发送). */
const DISPATCH_STEP_ID = 'dispatch';

const STATUS_LABELS: Readonly<Record<InstanceStatus, string>> = {
  running: '办理中',
  returned: '已退回拟稿人',
  recalled: '已撤回',
  approved: '已发',
  rejected: '已驳回',
  cancelled: '已撤销',
};

/**
 * One row of the register (values in {@link OUTGOING_REGISTER_COLUMNS} order). Classified items
 * show `密件 <reference>` and none of their content (title, recipients).
 */
export function outgoingRegisterRow(
  instance: WorkflowInstance,
  audit: readonly RegisterAuditEntry[],
  names: RegisterNames,
): string[] {
  const p = instance.params;
  const classified = isClassified(instance.secrecy);
  const text = (key: string) => (classified ? '' : typeof p[key] === 'string' ? (p[key] as string) : '');
  const own = audit.filter((e) => e.instanceId === instance.id).sort((a, b) => a.seq - b.seq);
  const signed = auditedAct(instance, own, SIGN_OFF_STEP_IDS, 'approve');
  const sent = auditedAct(instance, own, [DISPATCH_STEP_ID], 'complete');
  const requester = names.people.get(instance.requesterId);
  const docTypeId =
    typeof p[OUTGOING_PARAMS.docType] === 'string' ? (p[OUTGOING_PARAMS.docType] as string) : '';
  const direction = p[OUTGOING_PARAMS.direction];
  const number = typeof p[OUTGOING_PARAMS.number] === 'string' ? (p[OUTGOING_PARAMS.number] as string) : '';
  const reference = instance.reference?.trim() || number || instance.id.slice(0, 8);
  const status = statusOf(instance, STATUS_LABELS);
  const time = (at: Date | undefined) => registerTime(at, names.timeZone);
  return [
    number,
    classified ? `密件 ${reference}` : (instance.title ?? ''),
    names.docTypes.find((d) => d.id === docTypeId)?.name ?? docTypeId,
    typeof direction === 'string' && direction in DIRECTION_LABELS
      ? DIRECTION_LABELS[direction as DocumentDirection].zh
      : '',
    t('zh', `card.urgency.${instance.urgency}`),
    SECRECY_LABELS_ZH[instance.secrecy as SecrecyLevel] ?? instance.secrecy,
    requester ? (names.departments.get(requester.departmentId) ?? requester.departmentId) : '',
    requester?.name ?? instance.requesterId,
    signed?.actorId ? (names.people.get(signed.actorId)?.name ?? signed.actorId) : '',
    time(signed?.at),
    text(OUTGOING_PARAMS.mainRecipients),
    text(OUTGOING_PARAMS.copyTo),
    typeof p[OUTGOING_PARAMS.copies] === 'string' ? (p[OUTGOING_PARAMS.copies] as string) : '',
    status,
    time(sent?.at),
    instance.id,
  ];
}

/** Where an item stands, in a register's words; a running one names its step. */
function statusOf(instance: WorkflowInstance, labels: Readonly<Record<InstanceStatus, string>>): string {
  const step = instance.steps[instance.currentStep];
  return instance.status === 'running' && step
    ? `${labels.running}（${step.name.zh}）`
    : labels[instance.status];
}

/** A register's time: minutes, in the unit's time zone; empty when the act has not happened. */
function registerTime(at: Date | undefined, timeZone: string): string {
  return at ? DateTime.fromJSDate(at).setZone(timeZone).toFormat('yyyy-MM-dd HH:mm') : '';
}

/**
 * The audit entry of the act that finished one of `stepIds` as the state stands: the person who
 * acted there, at the moment the state records. A step redone after a return counts as redone.
 * Falls back to that person's latest such entry should the times differ.
 */
function auditedAct(
  instance: WorkflowInstance,
  audit: readonly RegisterAuditEntry[],
  stepIds: readonly string[],
  action: 'approve' | 'complete',
): RegisterAuditEntry | null {
  const step = instance.steps.findLast(
    (s) => s.status === 'done' && s.definitionStepId !== null && stepIds.includes(s.definitionStepId),
  );
  const acted = step?.assignments
    .filter((a) => a.actedAt !== null && (a.status === 'approved' || a.status === 'completed'))
    .sort((a, b) => Date.parse(a.actedAt as string) - Date.parse(b.actedAt as string))
    .at(-1);
  if (!acted?.actedAt) return null;
  const entries = audit.filter((e) => e.action === action && e.actorId === acted.personId);
  const at = Date.parse(acted.actedAt);
  return entries.find((e) => e.at.getTime() === at) ?? entries.at(-1) ?? null;
}

/** The columns of the incoming register (收文登记簿), in order. */
export const INCOMING_REGISTER_COLUMNS = [
  '收文编号',
  '收文日期',
  '来文单位',
  '来文字号',
  '标题',
  '类别',
  '紧急程度',
  '密级',
  '份数',
  '拟办人',
  '拟办意见',
  '批办人',
  '批办意见',
  '主办部门',
  '协办部门',
  '承办人',
  '办理时限（工作日）',
  '办结时间',
  '办理结果',
  '状态',
  '流程编号',
] as const;

const INCOMING_STATUS_LABELS: Readonly<Record<InstanceStatus, string>> = {
  ...STATUS_LABELS,
  approved: '已办结',
};

/**
 * One row of the incoming register (values in {@link INCOMING_REGISTER_COLUMNS} order): the
 * registration from the params, the proposal, instruction and result from the route as it stands,
 * their people and times from the audit log. Classified items show `密件 <reference>` only.
 */
export function incomingRegisterRow(
  instance: WorkflowInstance,
  audit: readonly RegisterAuditEntry[],
  names: RegisterNames,
): string[] {
  const p = instance.params;
  const classified = isClassified(instance.secrecy);
  const param = (key: string) => (typeof p[key] === 'string' ? (p[key] as string) : '');
  const text = (key: string) => (classified ? '' : param(key));
  const own = audit.filter((e) => e.instanceId === instance.id).sort((a, b) => a.seq - b.seq);
  const doneAt = (stepId: string) =>
    instance.steps.findLast((s) => s.definitionStepId === stepId && s.status === 'done');
  const actedBy = (stepId: string) =>
    doneAt(stepId)?.assignments.find((a) => a.status === 'approved' || a.status === 'completed') ?? null;
  const proposal = actedBy(INCOMING_STEP_IDS.propose);
  const instruction = actedBy(INCOMING_STEP_IDS.instruct);
  const handled = auditedAct(instance, own, [INCOMING_STEP_IDS.handle], 'complete');
  const person = (id: string | null | undefined) => (id ? (names.people.get(id)?.name ?? id) : '');
  const department = (id: string) => (id ? (names.departments.get(id) ?? id) : '');
  const co = p[INSTRUCTION_PARAMS.coDepartments];
  const category = param(INCOMING_PARAMS.category);
  const number = param(INCOMING_PARAMS.receiptNumber);
  const status = statusOf(instance, INCOMING_STATUS_LABELS);
  const time = (at: Date | undefined) => registerTime(at, names.timeZone);
  return [
    number,
    param(INCOMING_PARAMS.receivedDate),
    text(INCOMING_PARAMS.issuingUnit),
    param(INCOMING_PARAMS.theirNumber),
    classified ? `密件 ${instance.reference?.trim() || number}` : (instance.title ?? ''),
    category in INCOMING_CATEGORY_LABELS
      ? INCOMING_CATEGORY_LABELS[category as IncomingCategory].zh
      : category,
    t('zh', `card.urgency.${instance.urgency}`),
    SECRECY_LABELS_ZH[instance.secrecy as SecrecyLevel] ?? instance.secrecy,
    param(INCOMING_PARAMS.copies),
    person(proposal?.personId),
    classified ? '' : (proposal?.comment ?? ''),
    person(instruction?.personId),
    classified ? '' : (instruction?.comment ?? ''),
    department(param(INSTRUCTION_PARAMS.leadDepartment)),
    Array.isArray(co) ? paramList(co).map(department).join('、') : '',
    person(param(INSTRUCTION_PARAMS.handler)),
    param(INSTRUCTION_PARAMS.handlingDays),
    time(handled?.at),
    classified ? '' : (doneAt(INCOMING_STEP_IDS.handle)?.result ?? ''),
    status,
    instance.id,
  ];
}

/**
 * The register as a CSV file: UTF-8 with a byte-order mark (so Excel reads the Chinese), CRLF
 * between records, quotes where a value has a comma, quote or line break.
 */
export function registerCsv(header: readonly string[], rows: ReadonlyArray<readonly string[]>): Buffer {
  const records = [header, ...rows].map((row) => row.map((cell) => defuseCsvCell(cell)));
  const text = stringify(records, { bom: true, record_delimiter: 'windows', quoted_match: /[\r\n]/ });
  return Buffer.from(text, 'utf8');
}

/** Most rows one export reads; a register beyond that is cut (and says so). */
export const MAX_REGISTER_ROWS = 10_000;
const PAGE_SIZE = 500;

/**
 * The documents of a register request (of `definitionIds`), oldest first, with their approve and complete
 * entries from the audit log. `truncated` when more than {@link MAX_REGISTER_ROWS} matched.
 */
export async function loadRegister(
  prisma: PrismaClient,
  request: RegisterRequest,
  context: { timeZone: string; definitionIds: readonly string[]; byLeadDepartment?: boolean },
): Promise<{ instances: WorkflowInstance[]; audit: RegisterAuditEntry[]; truncated: boolean }> {
  const start = DateTime.fromObject({ year: request.year }, { zone: context.timeZone }).startOf('year');
  const where: Prisma.WorkflowInstanceWhereInput = {
    definitionId: { in: [...context.definitionIds] },
    createdAt: { gte: start.toJSDate(), lt: start.plus({ years: 1 }).toJSDate() },
    ...(request.state === 'running' ? { status: { in: ['running', 'returned', 'recalled'] } } : {}),
    ...(request.state === 'sent' ? { status: 'approved' } : {}),
  };
  if (request.departmentId !== null && context.byLeadDepartment) {
    // The incoming register files an item under the department that handles it.
    where.state = { path: ['params', INSTRUCTION_PARAMS.leadDepartment], equals: request.departmentId };
  } else if (request.departmentId !== null) {
    const people = await prisma.person.findMany({
      where: { departmentId: request.departmentId },
      select: { id: true },
    });
    where.requesterId = { in: people.map((person) => person.id) };
  }
  const instances: WorkflowInstance[] = [];
  const audit: RegisterAuditEntry[] = [];
  let cursor: string | undefined;
  while (instances.length < MAX_REGISTER_ROWS) {
    const rows = await prisma.workflowInstance.findMany({
      where,
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      take: Math.min(PAGE_SIZE, MAX_REGISTER_ROWS - instances.length),
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    });
    if (rows.length === 0) break;
    instances.push(...rows.map(instanceFromRow));
    audit.push(
      ...(await prisma.auditEntry.findMany({
        where: { instanceId: { in: rows.map((row) => row.id) }, action: { in: ['approve', 'complete'] } },
        orderBy: [{ instanceId: 'asc' }, { seq: 'asc' }],
        select: { instanceId: true, seq: true, actorId: true, action: true, at: true },
      })),
    );
    cursor = rows.at(-1)?.id;
    if (rows.length < PAGE_SIZE) break;
  }
  const truncated =
    instances.length >= MAX_REGISTER_ROWS &&
    (await prisma.workflowInstance.count({ where })) > instances.length;
  return { instances, audit, truncated };
}
