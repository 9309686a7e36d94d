// The lists behind `/doc`: what waits on a person (待办), what they started (我的), and a search
// by title or document number (查找) over what they may see. Queries read only matching rows
// (waiting_on's GIN index, the requester index); the to-do order needs each item's current
// deadline, which lives in the state, so only that person's own to-do rows are sorted here.

import { isClearedFor, SECRECY_LEVELS, type SecrecyLevel } from '../../domain/org.ts';
import { isClassified } from '../../domain/workflow/index.ts';
import type { InstanceStatus, LocalizedText, Urgency } from '../../domain/workflow/types.ts';
import type { Prisma, PrismaClient } from '../../generated/prisma/client.ts';
import { instanceFromRow } from '../workflow/instance-row.ts';
import { cardRecipientsOf } from '../workflow/workflow-service.ts';
import { OUTGOING_PARAMS } from './outgoing-documents.ts';

/** Most rows a list shows; the rest is counted. */
export const LIST_LIMIT = 20;

/** Most to-do rows read for sorting: far more than anyone should have waiting. */
const WAITING_SCAN_LIMIT = 1000;

/** Words of a search: at most this many, each at most this long. */
export const FIND_LIMITS = { words: 8, wordLength: 100 } as const;

/** Roles that see every item of the office they are cleared for (办公室负责人, 收发员/秘书). */
export const OFFICE_WIDE_ROLES = ['office_head', 'secretary'] as const;

/** One row of a list, platform-neutral. Classified items carry no title. */
export interface DocListItem {
  instanceId: string;
  definitionId: string;
  /** Null for items at 秘密 and above, whatever is stored. */
  title: string | null;
  reference: string | null;
  classified: boolean;
  urgency: Urgency;
  status: InstanceStatus;
  /** The current step's name, for running items. */
  stepName: LocalizedText | null;
  /** The current step's deadline (ISO), for running items that have one. */
  deadline: string | null;
  overdue: boolean;
  /** Whom it waits on now (the requester of a returned or recalled item). */
  waitingOn: string[];
  /** 文号, once the print room assigned it. */
  docNumber: string | null;
  createdAt: string;
  updatedAt: string;
  /** The viewer holds a copy of its card: the requester, or asked on it so far. */
  involved: boolean;
}

/** A list's rows and how many matched in all. */
export interface DocListPage {
  items: DocListItem[];
  total: number;
}

/** Who looks: what decides which items they may see. */
export interface DocViewer {
  personId: string;
  roles: readonly string[];
  clearance: SecrecyLevel;
}

const ROW_SELECT = {
  id: true,
  definitionId: true,
  requesterId: true,
  title: true,
  reference: true,
  secrecy: true,
  urgency: true,
  status: true,
  waitingOn: true,
  state: true,
  createdAt: true,
  updatedAt: true,
} as const satisfies Prisma.WorkflowInstanceSelect;

type ListRow = Prisma.WorkflowInstanceGetPayload<{ select: typeof ROW_SELECT }>;

/** A list row from a stored instance, as `viewerPersonId` sees it at `now`. */
export function listItemOf(
  row: Pick<ListRow, 'id' | 'definitionId' | 'requesterId' | 'title' | 'reference' | 'secrecy'> &
    Pick<ListRow, 'urgency' | 'status' | 'waitingOn' | 'state' | 'createdAt' | 'updatedAt'>,
  viewerPersonId: string,
  now: Date,
): DocListItem {
  const instance = instanceFromRow(row as Parameters<typeof instanceFromRow>[0]);
  const classified = isClassified(row.secrecy as SecrecyLevel);
  const status = row.status as InstanceStatus;
  const step = status === 'running' ? instance.steps[instance.currentStep] : undefined;
  const active = step?.status === 'active' ? step : undefined;
  const deadline = active?.deadline ?? null;
  const number = instance.params?.[OUTGOING_PARAMS.number];
  return {
    instanceId: row.id,
    definitionId: row.definitionId,
    title: classified ? null : row.title,
    reference: row.reference,
    classified,
    urgency: row.urgency as Urgency,
    status,
    stepName: active?.name ?? null,
    deadline,
    overdue: deadline !== null && now.getTime() > Date.parse(deadline),
    waitingOn: row.waitingOn,
    docNumber: typeof number === 'string' && number !== '' ? number : null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    involved: row.requesterId === viewerPersonId || cardRecipientsOf(instance).includes(viewerPersonId),
  };
}

const URGENCY_RANK: Readonly<Record<Urgency, number>> = { extra_urgent: 0, urgent: 1, normal: 2 };

/**
 * The to-do order: overdue first, then 特急 and 加急 before 平件, then the nearest deadline (items
 * without one after those with one), then the oldest.
 */
export function compareWaiting(a: DocListItem, b: DocListItem): number {
  if (a.overdue !== b.overdue) return a.overdue ? -1 : 1;
  const urgency = URGENCY_RANK[a.urgency] - URGENCY_RANK[b.urgency];
  if (urgency !== 0) return urgency;
  if (a.deadline !== b.deadline) {
    if (a.deadline === null) return 1;
    if (b.deadline === null) return -1;
    const byDeadline = Date.parse(a.deadline) - Date.parse(b.deadline);
    if (byDeadline !== 0) return byDeadline;
  }
  return Date.parse(a.createdAt) - Date.parse(b.createdAt) || a.instanceId.localeCompare(b.instanceId);
}

/** What waits on the person: running items at their step, and their own returned or recalled ones. */
export async function listWaitingOn(prisma: PrismaClient, personId: string, now: Date): Promise<DocListPage> {
  const where = { waitingOn: { has: personId } } satisfies Prisma.WorkflowInstanceWhereInput;
  const rows = await prisma.workflowInstance.findMany({
    where,
    select: ROW_SELECT,
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    take: WAITING_SCAN_LIMIT,
  });
  const total =
    rows.length < WAITING_SCAN_LIMIT ? rows.length : await prisma.workflowInstance.count({ where });
  const items = rows.map((row) => listItemOf(row, personId, now)).sort(compareWaiting);
  return { items: items.slice(0, LIST_LIMIT), total };
}

/** What the person started, newest first (only what is still under way with `openOnly`). */
export async function listStartedBy(
  prisma: PrismaClient,
  personId: string,
  now: Date,
  options: { openOnly?: boolean; limit?: number } = {},
): Promise<DocListPage> {
  const where = {
    requesterId: personId,
    ...(options.openOnly ? { status: { in: [...OPEN_STATUSES] } } : {}),
  } satisfies Prisma.WorkflowInstanceWhereInput;
  return pageOf(
    prisma,
    where,
    [{ createdAt: 'desc' }, { id: 'desc' }],
    options.limit ?? LIST_LIMIT,
    personId,
    now,
  );
}

/** One page of rows as list items, with the count of all that match. */
async function pageOf(
  prisma: PrismaClient,
  where: Prisma.WorkflowInstanceWhereInput,
  orderBy: Prisma.WorkflowInstanceOrderByWithRelationInput[],
  limit: number,
  personId: string,
  now: Date,
): Promise<DocListPage> {
  const [rows, total] = await Promise.all([
    prisma.workflowInstance.findMany({ where, select: ROW_SELECT, orderBy, take: limit }),
    prisma.workflowInstance.count({ where }),
  ]);
  return { items: rows.map((row) => listItemOf(row, personId, now)), total };
}

/**
 * The words of a search: split on any white space (the full-width 　 too), each once, at most
 * {@link FIND_LIMITS}.words of at most {@link FIND_LIMITS}.wordLength characters.
 */
export function parseFindWords(text: string): string[] {
  const words: string[] = [];
  for (const raw of text.split(/[\s\u3000]+/u)) {
    const word = raw.slice(0, FIND_LIMITS.wordLength);
    if (word === '' || words.some((w) => w.toLowerCase() === word.toLowerCase())) continue;
    words.push(word);
    if (words.length === FIND_LIMITS.words) break;
  }
  return words;
}

/** Whether the viewer sees every item of the office they are cleared for. */
export function hasOfficeWideView(viewer: Pick<DocViewer, 'roles'>): boolean {
  return OFFICE_WIDE_ROLES.some((role) => viewer.roles.includes(role));
}

/**
 * The items a viewer may see: their own, those whose route names them, and (office head,
 * secretary) every item their clearance covers.
 */
export function visibleTo(viewer: DocViewer): Prisma.WorkflowInstanceWhereInput {
  const own: Prisma.WorkflowInstanceWhereInput[] = [
    { requesterId: viewer.personId },
    // jsonb containment: some step has an assignment naming the person.
    { state: { path: ['steps'], array_contains: [{ assignments: [{ personId: viewer.personId }] }] } },
  ];
  if (hasOfficeWideView(viewer)) {
    own.push({ secrecy: { in: SECRECY_LEVELS.filter((level) => isClearedFor(viewer.clearance, level)) } });
  }
  return { OR: own };
}

/** Levels whose titles may be searched: classified items match only by reference or number. */
const TITLED_LEVELS = SECRECY_LEVELS.filter((level) => !isClassified(level));

/** `word` as a LIKE pattern fragment: `%`, `_` and `\` match only themselves. */
function likeLiteral(word: string): string {
  return word.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * Items whose title, reference or document number contains every word (case-insensitive), among
 * those the viewer may see, newest first.
 */
export async function findVisible(
  prisma: PrismaClient,
  viewer: DocViewer,
  words: readonly string[],
  now: Date,
): Promise<DocListPage> {
  if (words.length === 0) return { items: [], total: 0 };
  const matches: Prisma.WorkflowInstanceWhereInput[] = words.map((word) => {
    const pattern = likeLiteral(word);
    return {
      OR: [
        { title: { contains: pattern, mode: 'insensitive' }, secrecy: { in: TITLED_LEVELS } },
        { reference: { contains: pattern, mode: 'insensitive' } },
        {
          state: {
            path: ['params', OUTGOING_PARAMS.number],
            string_contains: pattern,
            mode: 'insensitive',
          },
        },
      ],
    };
  });
  const where: Prisma.WorkflowInstanceWhereInput = { AND: [...matches, visibleTo(viewer)] };
  const [rows, total] = await Promise.all([
    prisma.workflowInstance.findMany({
      where,
      select: ROW_SELECT,
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: LIST_LIMIT,
    }),
    prisma.workflowInstance.count({ where }),
  ]);
  return { items: rows.map((row) => listItemOf(row, viewer.personId, now)), total };
}

/**
 * Whether the person holds a copy of the item's card (the requester, or asked on it so far): only
 * then may its card be brought to the bottom of their messages. Copies for anyone else would
 * never be brought up to date.
 */
export async function holdsCard(
  prisma: PrismaClient,
  personId: string,
  instanceId: string,
): Promise<boolean> {
  const row = await prisma.workflowInstance.findUnique({ where: { id: instanceId } });
  return row !== null && cardRecipientsOf(instanceFromRow(row)).includes(personId);
}

/** Statuses of items still under way (the App Home's 我发起的). */
export const OPEN_STATUSES = ['running', 'returned', 'recalled'] as const satisfies readonly InstanceStatus[];
/** Statuses of finished items (the App Home's 近期办结). */
export const FINISHED_STATUSES = [
  'approved',
  'rejected',
  'cancelled',
] as const satisfies readonly InstanceStatus[];

/**
 * Items finished in the last `days` days that the person started or acted on (an audit entry of
 * theirs other than a refused click), the most recently finished first, at most `limit` rows.
 */
export async function listRecentlyFinished(
  prisma: PrismaClient,
  personId: string,
  now: Date,
  options: { days: number; limit?: number },
): Promise<DocListPage> {
  const since = new Date(now.getTime() - options.days * 24 * 60 * 60 * 1000);
  const where = {
    status: { in: [...FINISHED_STATUSES] },
    updatedAt: { gte: since },
    OR: [
      { requesterId: personId },
      { audit: { some: { actorId: personId, NOT: { action: { startsWith: 'refused:' } } } } },
    ],
  } satisfies Prisma.WorkflowInstanceWhereInput;
  return pageOf(
    prisma,
    where,
    [{ updatedAt: 'desc' }, { id: 'desc' }],
    options.limit ?? LIST_LIMIT,
    personId,
    now,
  );
}
