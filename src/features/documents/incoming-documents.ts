// Incoming documents (收文) on the approval engine: registration by the secretary with a 收文编号
// (per category and year, assigned in the start transaction), the 批办 choices that steer the
// rest of the route, and the key fields of the card. Items at 秘密 and above are registered by
// their numbers only (DOMAIN.md): no title, issuing unit or attachment is ever stored for them.

import { DateTime } from 'luxon';
import type { FlowWording } from '../../chat/core/card.ts';
import type { Db } from '../../db/types.ts';
import { formatDocumentNumber } from '../../domain/documents/doc-number.ts';
import {
  INCOMING_CATEGORIES,
  INCOMING_CATEGORY_LABELS,
  INCOMING_DEFINITION,
  INCOMING_STEP_IDS,
  INSTRUCTION_PARAMS,
  type IncomingCategory,
  receiptNumberPattern,
} from '../../domain/documents/incoming.ts';
import { isClearedFor, SECRECY_LEVELS, type SecrecyLevel } from '../../domain/org.ts';
import { isClassified } from '../../domain/workflow/index.ts';
import { paramList } from '../../domain/workflow/params.ts';
import type { Urgency, WorkflowInstance } from '../../domain/workflow/types.ts';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import { OUTBOX_KINDS } from '../../outbox/intents.ts';
import { enqueueOutbox } from '../../outbox/outbox-repository.ts';
import { AppError } from '../../shared/errors.ts';
import { countedKey, type Locale, type PlainMessageKey, t } from '../../shared/i18n.ts';
import type { StartHook, TransitionHook, WorkflowService } from '../workflow/workflow-service.ts';
import { allocateNumber } from './numbering.ts';

/** What the secretary registers (登记). */
export interface NewIncomingInput {
  /** Required up to 内部; null for 秘密 and above (their content is never kept). */
  title: string | null;
  /** 来文单位; like the title, null for 秘密 and above. */
  issuingUnit: string | null;
  /** Their document number (来文字号); required for 秘密 and above, where it is the reference. */
  theirNumber: string | null;
  /** YYYY-MM-DD, in the unit's calendar. */
  receivedDate: string;
  category: IncomingCategory;
  secrecy: SecrecyLevel;
  urgency: Urgency;
  copies: number | null;
  /** Null for 秘密 and above. */
  attachmentLink: string | null;
}

/** Names of instance params an incoming document uses (besides INSTRUCTION_PARAMS). */
export const INCOMING_PARAMS = {
  category: 'category',
  issuingUnit: 'issuingUnit',
  theirNumber: 'theirNumber',
  receivedDate: 'receivedDate',
  copies: 'copies',
  attachmentLink: 'attachmentLink',
  /** Set at registration: the 收文编号. */
  receiptNumber: 'receiptNumber',
} as const;

/** The number series of a category: numbers restart every year, per category. */
export const incomingSeries = (category: IncomingCategory) => `in:${category}`;

/**
 * Checks that `personId` may register an incoming document at `secrecy`: an active secretary
 * (收发员/办公室秘书) whose clearance covers the level. Reads only. Throws AppError
 * `not_secretary` or `registrar_not_cleared` (param `secrecy`).
 */
export async function assertMayRegister(
  db: Db,
  personId: string | null,
  secrecy: SecrecyLevel,
): Promise<void> {
  const person = personId
    ? await db.person.findUnique({
        where: { id: personId },
        select: { roles: true, active: true, clearance: true },
      })
    : null;
  if (!person?.active || !person.roles.includes('secretary')) {
    throw new AppError('not_secretary', 'only the secretary registers incoming documents');
  }
  // A clearance the vocabulary does not know covers nothing beyond 公开.
  const clearance = (SECRECY_LEVELS as readonly string[]).includes(person.clearance)
    ? (person.clearance as SecrecyLevel)
    : 'public';
  if (!isClearedFor(clearance, secrecy)) {
    throw new AppError('registrar_not_cleared', `the registrar is not cleared for ${secrecy}`, {
      params: { secrecy },
    });
  }
}

/**
 * Registers an incoming document; only a secretary cleared for its level may (see
 * {@link assertMayRegister}). An item at 秘密 and above starts without a title, with their number
 * as its reference (the start hook then replaces it with the 收文编号); a title, issuing unit or
 * attachment given for it is refused (AppError `classified_content`), never silently stored.
 */
export async function startIncomingDocument(
  deps: { service: WorkflowService; prisma: PrismaClient },
  input: {
    requesterPersonId: string;
    workspaceId: string | null;
    form: NewIncomingInput;
    /** The form's view id: sent twice, it registers one document (one 收文编号). */
    startKey?: string;
  },
): Promise<WorkflowInstance> {
  const { form } = input;
  await assertMayRegister(deps.prisma, input.requesterPersonId, form.secrecy);
  const classified = isClassified(form.secrecy);
  if (classified && [form.title, form.issuingUnit, form.attachmentLink].some((v) => v?.trim())) {
    throw new AppError('classified_content', `items at ${form.secrecy} are registered by number only`, {
      messageKey: 'doc.receive.error.classified_content',
      params: { secrecy: form.secrecy },
    });
  }
  return deps.service.start({
    definitionId: INCOMING_DEFINITION.id,
    requesterPersonId: input.requesterPersonId,
    workspaceId: input.workspaceId,
    // The engine refuses a classified item without a reference (`reference_required`).
    title: classified ? null : form.title,
    reference: classified ? form.theirNumber : null,
    secrecy: form.secrecy,
    urgency: form.urgency,
    ...(input.startKey ? { startKey: input.startKey } : {}),
    params: {
      [INCOMING_PARAMS.category]: form.category,
      [INCOMING_PARAMS.receivedDate]: form.receivedDate,
      ...(form.issuingUnit ? { [INCOMING_PARAMS.issuingUnit]: form.issuingUnit } : {}),
      ...(form.theirNumber ? { [INCOMING_PARAMS.theirNumber]: form.theirNumber } : {}),
      ...(form.copies ? { [INCOMING_PARAMS.copies]: String(form.copies) } : {}),
      ...(form.attachmentLink ? { [INCOMING_PARAMS.attachmentLink]: form.attachmentLink } : {}),
    },
  });
}

/**
 * Assigns the 收文编号 in the registration's transaction: per category and year, without gaps.
 * It becomes the instance's reference too, so that lists, `/doc find` and the cards of classified
 * items (密件 #示水收上〔2026〕3号) name the item by the office's own number.
 */
export function incomingStartHook(unit: { docPrefix: string; timeZone: string }): StartHook {
  return async (tx, { instance, now }) => {
    const raw = instance.params[INCOMING_PARAMS.category];
    const category = (INCOMING_CATEGORIES as readonly string[]).includes(String(raw))
      ? (raw as IncomingCategory)
      : 'upper';
    const year = DateTime.fromJSDate(now).setZone(unit.timeZone).year;
    const seq = await allocateNumber(tx, { series: incomingSeries(category), year, now });
    const number = formatDocumentNumber(receiptNumberPattern(category), {
      prefix: unit.docPrefix,
      year,
      seq,
    });
    return {
      ...instance,
      reference: number,
      params: { ...instance.params, [INCOMING_PARAMS.receiptNumber]: number },
    };
  };
}

/**
 * 问题上报: a comment by the handler while handling goes to the leader who instructed it, as a
 * notice and on their card, in the comment's own transaction.
 */
export function incomingTransitionHook(): TransitionHook {
  return async (tx, { current, action, actorPersonId, now }) => {
    const step = current.steps[current.currentStep];
    if (action.type !== 'comment' || step?.definitionStepId !== INCOMING_STEP_IDS.handle) return null;
    if (!step.assignments.some((a) => a.personId === actorPersonId)) return null;
    const instructed = current.steps.find((s) => s.definitionStepId === INCOMING_STEP_IDS.instruct);
    const leader = instructed?.assignments.find((a) => a.status === 'approved')?.personId;
    if (!leader || leader === actorPersonId) return null;
    await enqueueOutbox(
      tx,
      [
        {
          orderingKey: `person:${leader}`,
          kind: OUTBOX_KINDS.personNotify,
          payload: { personId: leader, instanceId: current.id, event: 'reported', byPersonId: actorPersonId },
        },
      ],
      now,
    );
    return null;
  };
}

/** The 批办 choices as the director made them on the form. */
export interface Instruction {
  comment: string;
  leadDepartment: string;
  handler: string;
  coDepartments: string[];
  readers: string[];
  handlingDays: number;
}

/**
 * The params an instruction sets, after checking its people against the directory: the handler
 * must be active, belong to the lead department and be cleared for the item; readers must be
 * active leaders cleared for it. Throws AppError `instruction_invalid` (param `field`).
 */
export function instructionParams(
  instruction: Instruction,
  item: { secrecy: SecrecyLevel },
  directory: InstructionDirectory,
): Record<string, string | string[]> {
  const find = (id: string) => directory.people.find((p) => p.id === id && p.active);
  const cleared = (id: string) => {
    const person = find(id);
    return person !== undefined && isClearedFor(person.clearance as SecrecyLevel, item.secrecy);
  };
  const invalid = (field: string) =>
    new AppError('instruction_invalid', `the instruction's ${field} is not acceptable`, {
      params: { field },
    });
  if (!directory.departments.some((d) => d.id === instruction.leadDepartment))
    throw invalid('leadDepartment');
  const handler = find(instruction.handler);
  if (!handler || handler.departmentId !== instruction.leadDepartment || !cleared(instruction.handler)) {
    throw invalid('handler');
  }
  for (const id of instruction.readers) {
    const reader = find(id);
    if (!reader?.roles.some((r) => r === 'leader' || r === 'director') || !cleared(id))
      throw invalid('readers');
  }
  if (
    !Number.isInteger(instruction.handlingDays) ||
    instruction.handlingDays < 1 ||
    instruction.handlingDays > 365
  ) {
    throw invalid('handlingDays');
  }
  const coDepartments = [...new Set(instruction.coDepartments)].filter(
    (d) => d !== instruction.leadDepartment,
  );
  if (coDepartments.some((d) => !directory.departments.some((known) => known.id === d))) {
    throw invalid('coDepartments');
  }
  // 协办: each co-department's heads (principal and deputies) cleared for the item contribute.
  const contributors = directory.people
    .filter(
      (p) =>
        p.active &&
        coDepartments.includes(p.departmentId) &&
        p.roles.includes('department_head') &&
        p.id !== instruction.handler &&
        cleared(p.id),
    )
    .map((p) => p.id);
  return {
    [INSTRUCTION_PARAMS.leadDepartment]: instruction.leadDepartment,
    [INSTRUCTION_PARAMS.handler]: instruction.handler,
    [INSTRUCTION_PARAMS.coDepartments]: coDepartments,
    [INSTRUCTION_PARAMS.contributors]: contributors,
    [INSTRUCTION_PARAMS.readers]: [...new Set(instruction.readers)],
    [INSTRUCTION_PARAMS.handlingDays]: String(instruction.handlingDays),
  };
}

/** The card's field labels (in the feature's messages). */
const FIELD_LABELS = {
  receiptNumber: 'doc.receive.card.receipt_number',
  issuingUnit: 'doc.receive.card.issuing_unit',
  theirNumber: 'doc.receive.card.their_number',
  receivedDate: 'doc.receive.card.received_date',
  category: 'doc.receive.card.category',
  copies: 'doc.receive.card.copies',
  attachment: 'doc.receive.card.attachment',
  leadDepartment: 'doc.receive.card.lead_department',
  coDepartments: 'doc.receive.card.co_departments',
  handlingDays: 'doc.receive.card.handling_days',
} as const satisfies Record<string, PlainMessageKey>;

/**
 * An incoming document ends handled (已办结), registered by a secretary (登记人); whoever
 * registered it is told who closed it and the handler's result, never on a classified item.
 */
export const incomingWording: FlowWording = {
  family: 'incoming',
  facts: (instance, locale) => {
    if (isClassified(instance.secrecy)) return { result: t(locale, 'notify.result_withheld') };
    const handled = instance.steps.find((s) => s.definitionStepId === INCOMING_STEP_IDS.handle);
    return { result: handled?.result ?? '—' };
  },
};

/** The key fields of an incoming document's card. */
export function incomingCardFields(
  departmentName: (id: string, locale: Locale) => string,
): (instance: WorkflowInstance, locale: Locale) => Array<{ label: string; value: string }> {
  return (instance, locale) => {
    // A classified item's card names it by its number only (the card drops fields too).
    if (isClassified(instance.secrecy)) return [];
    const p = instance.params;
    const text = (key: string) => (typeof p[key] === 'string' ? (p[key] as string) : '');
    const fields: Array<{ label: string; value: string }> = [];
    const add = (key: keyof typeof FIELD_LABELS, value: string) => {
      if (value) fields.push({ label: t(locale, FIELD_LABELS[key]), value });
    };
    add('receiptNumber', text(INCOMING_PARAMS.receiptNumber));
    add('issuingUnit', text(INCOMING_PARAMS.issuingUnit));
    add('theirNumber', text(INCOMING_PARAMS.theirNumber));
    add('receivedDate', text(INCOMING_PARAMS.receivedDate));
    const category = text(INCOMING_PARAMS.category);
    if ((INCOMING_CATEGORIES as readonly string[]).includes(category)) {
      add('category', INCOMING_CATEGORY_LABELS[category as IncomingCategory][locale]);
    }
    add('copies', text(INCOMING_PARAMS.copies));
    add('attachment', text(INCOMING_PARAMS.attachmentLink));
    const lead = text(INSTRUCTION_PARAMS.leadDepartment);
    if (lead) add('leadDepartment', departmentName(lead, locale));
    const co = paramList(p[INSTRUCTION_PARAMS.coDepartments]);
    if (co.length) {
      add('coDepartments', co.map((id) => departmentName(id, locale)).join(locale === 'en' ? ', ' : '、'));
    }
    const days = text(INSTRUCTION_PARAMS.handlingDays);
    if (days)
      add('handlingDays', t(locale, countedKey('doc.receive.card.handling_days_value', days), { days }));
    return fields;
  };
}

/** The directory as an instruction is checked against (with clearances). */
export interface InstructionDirectory {
  people: ReadonlyArray<{
    id: string;
    departmentId: string;
    roles: readonly string[];
    active: boolean;
    clearance: string;
  }>;
  departments: ReadonlyArray<{ id: string }>;
}

/** Loads {@link InstructionDirectory} from the database. */
export async function loadInstructionDirectory(db: Db): Promise<InstructionDirectory> {
  const [people, departments] = await Promise.all([
    db.person.findMany({
      orderBy: [{ sortOrder: 'asc' }, { id: 'asc' }],
      select: { id: true, departmentId: true, roles: true, active: true, clearance: true },
    }),
    db.department.findMany({ where: { active: true }, select: { id: true } }),
  ]);
  return { people, departments };
}
