// Outgoing documents (发文) on the approval engine: starting one from the drafting form, the
// document number (文号) assigned when the print room completes its step, and the key fields of
// the card. The document's particulars travel in the instance's params.

import { DateTime } from 'luxon';
import type { FlowWording } from '../../chat/core/card.ts';
import type { Db } from '../../db/types.ts';
import { formatDocumentNumber } from '../../domain/documents/doc-number.ts';
import {
  COUNTERSIGNERS_PARAM,
  countersignersFor,
  DIRECTION_LABELS,
  DISTRIBUTION_PARAMS,
  DOCUMENT_DIRECTIONS,
  type DocumentDirection,
  OUTGOING_DEFINITIONS,
  outgoingDefinitionId,
} from '../../domain/documents/outgoing.ts';
import type { DirectorySnapshot } from '../../domain/workflow/index.ts';
import { paramList } from '../../domain/workflow/params.ts';
import type { WorkflowInstance } from '../../domain/workflow/types.ts';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import { type Locale, type PlainMessageKey, t } from '../../shared/i18n.ts';
import type { TransitionHook, WorkflowService } from '../workflow/workflow-service.ts';
import type { NewOutgoingInput } from './new-outgoing.ts';
import { allocateNumber } from './numbering.ts';

/** The unit's numbering rules, from the organisation file. */
export interface UnitNumbering {
  docPrefix: string;
  timeZone: string;
  docTypes: ReadonlyArray<{ id: string; name: string; nameEn: string | null; pattern: string }>;
}

/** Names of instance params an outgoing document uses. */
export const OUTGOING_PARAMS = {
  docType: 'docType',
  direction: 'direction',
  ...DISTRIBUTION_PARAMS,
  countersignDepartments: 'countersignDepartments',
  draftLink: 'draftLink',
  /** Set when the print room completes its step: the document number (文号). */
  number: 'docNumber',
} as const;

/** The number series of a document type: numbers restart every year, per type. */
export const outgoingSeries = (docTypeId: string) => `out:${docTypeId}`;

const NUMBERING_STEP_ID = 'numbering';
const DISPATCH_STEP_ID = 'dispatch';

/** Starts an outgoing document from the drafting form, on the route its direction and countersign need. */
export async function startOutgoingDocument(
  deps: {
    service: WorkflowService;
    prisma: PrismaClient;
    loadDirectory: (db: Db) => Promise<DirectorySnapshot>;
  },
  input: {
    requesterPersonId: string;
    workspaceId: string | null;
    form: NewOutgoingInput;
    /** The form's view id: sent twice, it starts one document. */
    startKey?: string;
  },
): Promise<WorkflowInstance> {
  const { form } = input;
  const directory = await deps.loadDirectory(deps.prisma);
  const countersigners = countersignersFor(form.countersignDepartments, input.requesterPersonId, directory);
  const params: Record<string, string | string[]> = {
    [OUTGOING_PARAMS.docType]: form.docTypeId,
    [OUTGOING_PARAMS.direction]: form.direction,
    [OUTGOING_PARAMS.mainRecipients]: form.mainRecipients,
    [OUTGOING_PARAMS.countersignDepartments]: form.countersignDepartments,
    ...(form.copyTo ? { [OUTGOING_PARAMS.copyTo]: form.copyTo } : {}),
    ...(form.draftLink ? { [OUTGOING_PARAMS.draftLink]: form.draftLink } : {}),
    ...(form.copies ? { [OUTGOING_PARAMS.copies]: String(form.copies) } : {}),
    ...(countersigners.length ? { [COUNTERSIGNERS_PARAM]: countersigners } : {}),
  };
  return deps.service.start({
    definitionId: outgoingDefinitionId(form.direction, countersigners.length > 0),
    requesterPersonId: input.requesterPersonId,
    workspaceId: input.workspaceId,
    title: form.title,
    secrecy: form.secrecy,
    urgency: form.urgency,
    params,
    ...(input.startKey ? { startKey: input.startKey } : {}),
  });
}

/**
 * Assigns the document number when the print room completes its step, in the click's
 * transaction: numbers are per document type and year (in the unit's time zone), unique, and
 * without gaps, since a click that loses its race rolls its number back.
 */
export function outgoingNumberingHook(unit: UnitNumbering): TransitionHook {
  return async (tx, { current, next, action, now }) => {
    const step = current.steps[current.currentStep];
    if (action.type !== 'complete' || step?.definitionStepId !== NUMBERING_STEP_ID) return null;
    // Numbered before a correction round: the number stands, and the act still names it.
    const numbered = current.params[OUTGOING_PARAMS.number];
    if (typeof numbered === 'string') return { next, details: { docNumber: numbered } };
    const docTypeId = String(current.params[OUTGOING_PARAMS.docType] ?? '');
    const docType = unit.docTypes.find((d) => d.id === docTypeId) ?? unit.docTypes[0];
    if (!docType) throw new Error('the unit has no document types');
    const year = DateTime.fromJSDate(now).setZone(unit.timeZone).year;
    const seq = await allocateNumber(tx, { series: outgoingSeries(docType.id), year, now });
    const number = formatDocumentNumber(docType.pattern, { prefix: unit.docPrefix, year, seq });
    return {
      next: { ...next, params: { ...next.params, [OUTGOING_PARAMS.number]: number } },
      details: { docNumber: number, series: outgoingSeries(docType.id), year, seq },
    };
  };
}

/**
 * Records where the document went when the secretary completes the sending step (分发登记): one
 * `document_distribution` row per unit of 主送 and 抄送 as fixed at sign-off, in the click's
 * transaction, so a sent document always has its distribution and a rolled-back click none.
 */
export function outgoingDistributionHook(): TransitionHook {
  return async (tx, { current, next, action, actorPersonId, now }) => {
    const step = current.steps[current.currentStep];
    if (action.type !== 'complete' || step?.definitionStepId !== DISPATCH_STEP_ID) return null;
    if (next.status !== 'approved') return null;
    const rows = distributionOf(current.params).map((entry) => ({
      instanceId: current.id,
      ...entry,
      sentAt: now,
      sentById: actorPersonId,
    }));
    // A resend after a proofreading round keeps the first record of each unit.
    if (rows.length > 0) await tx.documentDistribution.createMany({ data: rows, skipDuplicates: true });
    return { next, details: { distribution: rows.map((r) => `${r.kind}:${r.recipient}`) } };
  };
}

/** The units of 主送 and 抄送, in the document's order, each once per list. */
export function distributionOf(
  params: WorkflowInstance['params'],
): Array<{ kind: 'main' | 'copy'; recipient: string; position: number }> {
  const units = (key: string) => {
    const value = params[key];
    return typeof value === 'string' ? splitRecipients(value) : [];
  };
  return [
    ...units(OUTGOING_PARAMS.mainRecipients).map((recipient, i) => ({
      kind: 'main' as const,
      recipient,
      position: i + 1,
    })),
    ...units(OUTGOING_PARAMS.copyTo).map((recipient, i) => ({
      kind: 'copy' as const,
      recipient,
      position: i + 1,
    })),
  ];
}

/** "市水利局、县政府办公室，县财政局" → each unit once, in order (、，,；; and line breaks separate). */
export function splitRecipients(text: string): string[] {
  const units = text
    .split(/[、，,；;\n\r]+/)
    .map((unit) => unit.trim())
    .filter((unit) => unit !== '');
  return [...new Set(units)];
}

/** The hooks of every outgoing route, by definition id (for the workflow service). */
export function outgoingTransitionHooks(unit: UnitNumbering): Map<string, TransitionHook> {
  const numbering = outgoingNumberingHook(unit);
  const distribution = outgoingDistributionHook();
  const hook: TransitionHook = async (tx, context) =>
    (await numbering(tx, context)) ?? (await distribution(tx, context));
  return new Map(OUTGOING_DEFINITIONS.map((d) => [d.id, hook]));
}

/** A document ends sent out (已发文), and its drafter is told by whom and under which number. */
export const outgoingWording: FlowWording = {
  family: 'outgoing',
  facts: (instance) => {
    const number = instance.params[OUTGOING_PARAMS.number];
    return { number: typeof number === 'string' ? number : '—' };
  },
};

/** The card's field labels (in the feature's messages). */
const FIELD_LABELS = {
  number: 'doc.outgoing.card.number',
  docType: 'doc.outgoing.card.doc_type',
  direction: 'doc.outgoing.card.direction',
  mainRecipients: 'doc.outgoing.card.main_recipients',
  copyTo: 'doc.outgoing.card.copy_to',
  countersign: 'doc.outgoing.card.countersign',
  copies: 'doc.outgoing.card.copies',
  draftLink: 'doc.outgoing.card.draft_link',
} as const satisfies Record<string, PlainMessageKey>;

/** The key fields of an outgoing document's card: number first once assigned. */
export function outgoingCardFields(
  unit: UnitNumbering,
  departmentName: (id: string, locale: Locale) => string,
): (instance: WorkflowInstance, locale: Locale) => Array<{ label: string; value: string }> {
  return (instance, locale) => {
    const p = instance.params;
    const text = (key: string) => (typeof p[key] === 'string' ? (p[key] as string) : '');
    const label = (key: keyof typeof FIELD_LABELS) => t(locale, FIELD_LABELS[key]);
    const fields: Array<{ label: string; value: string }> = [];
    const number = text(OUTGOING_PARAMS.number);
    if (number) fields.push({ label: label('number'), value: number });
    const docType = unit.docTypes.find((d) => d.id === text(OUTGOING_PARAMS.docType));
    if (docType)
      fields.push({
        label: label('docType'),
        value: locale === 'en' ? (docType.nameEn ?? docType.name) : docType.name,
      });
    const direction = text(OUTGOING_PARAMS.direction);
    if ((DOCUMENT_DIRECTIONS as readonly string[]).includes(direction)) {
      fields.push({
        label: label('direction'),
        value: DIRECTION_LABELS[direction as DocumentDirection][locale],
      });
    }
    if (text(OUTGOING_PARAMS.mainRecipients))
      fields.push({ label: label('mainRecipients'), value: text(OUTGOING_PARAMS.mainRecipients) });
    if (text(OUTGOING_PARAMS.copyTo))
      fields.push({ label: label('copyTo'), value: text(OUTGOING_PARAMS.copyTo) });
    const departments = p[OUTGOING_PARAMS.countersignDepartments];
    if (Array.isArray(departments) && departments.length > 0) {
      fields.push({
        label: label('countersign'),
        value: paramList(departments)
          .map((id) => departmentName(id, locale))
          .join(locale === 'en' ? ', ' : '、'),
      });
    }
    if (text(OUTGOING_PARAMS.copies))
      fields.push({ label: label('copies'), value: text(OUTGOING_PARAMS.copies) });
    if (text(OUTGOING_PARAMS.draftLink))
      fields.push({ label: label('draftLink'), value: text(OUTGOING_PARAMS.draftLink) });
    return fields;
  };
}
