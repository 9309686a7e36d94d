// The organisation directory file (ORG_FILE): YAML, validated with zod, every problem reported as
// `file:line:col: path: message` so whoever edits the file can jump straight to the line.

import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { type Document, isCollection, isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { ArchiveSettingsFileSchema } from '../domain/archive/archive-no.ts';
import {
  CalendarSectionFields,
  CalendarSectionSchema,
  ChasingSectionFields,
  ChasingSectionSchema,
} from '../domain/chasing/settings.ts';
import { documentNumberPatternProblems } from '../domain/documents/doc-number.ts';
import { FLOW_IDS } from '../domain/flow-ids.ts';
import {
  DEPARTMENT_KINDS,
  HEAD_RANKS,
  LOCALES,
  ROLE_LABELS_ZH,
  ROLES,
  type Role,
  SEAL_KINDS,
  SEAL_STATES,
  SECRECY_LABELS_ZH,
  SECRECY_LEVELS,
  type SecrecyLevel,
} from '../domain/org.ts';
import { StartupError } from '../shared/errors.ts';
import type { ChatPlatform } from './chat-accounts.ts';

// ---------------------------------------------------------------------------------------------
// Schema
// ---------------------------------------------------------------------------------------------

/** Ids are slugs so they read well in logs, button values and URLs, and never need quoting. */
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const SLUG_MESSAGE = 'must be a slug: lower-case letters, digits and single hyphens, e.g. wang-fang';

const slug = () => z.string().regex(SLUG, { error: SLUG_MESSAGE });
const text = () => z.string().trim().min(1, { error: 'must not be empty' });
/** Absent, `null` (an empty YAML value) and blank all mean "not given". */
const optionalText = () =>
  z
    .string()
    .trim()
    .nullish()
    .transform((v) => (v ? v : null));

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** A document number pattern: the placeholders `formatDocumentNumber` knows, `{year}` and `{seq}`. */
const docNumberPattern = () =>
  text().superRefine((pattern, ctx) => {
    for (const message of documentNumberPatternProblems(pattern)) ctx.addIssue({ code: 'custom', message });
  });

const clearance = () =>
  z.string().transform((value, ctx): SecrecyLevel => {
    const v = value.trim();
    const level =
      SECRECY_LEVELS.find((l) => l === v) ?? SECRECY_LEVELS.find((l) => SECRECY_LABELS_ZH[l] === v);
    if (level) return level;
    ctx.addIssue({
      code: 'custom',
      message: `must be one of ${SECRECY_LEVELS.join(', ')} (or ${Object.values(SECRECY_LABELS_ZH).join(', ')})`,
    });
    return z.NEVER;
  });

const DocTypeFields = z.strictObject({
  id: slug(),
  name: text(),
  name_en: optionalText(),
  pattern: docNumberPattern(),
});

/** One kind of outgoing document and its number pattern (发文字号), e.g. 办发. */
const DocTypeSchema = DocTypeFields.transform((d) => ({
  id: d.id,
  name: d.name,
  nameEn: d.name_en,
  pattern: d.pattern,
}));

/** Used when the file lists no `doc_types`: the common 〔year〕 form with the unit's prefix. */
export const DEFAULT_DOC_TYPES: OrgDocType[] = [
  { id: 'main', name: '发文', nameEn: 'Document', pattern: '{prefix}发〔{year}〕{seq}号' },
];

/** The unit's time zone when the organisation file names none (or none was loaded yet). */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

const UnitFields = z.strictObject({
  name: text(),
  name_en: optionalText(),
  doc_prefix: text(),
  time_zone: z
    .string()
    .trim()
    .refine(isTimeZone, { error: 'must be an IANA time zone, e.g. Asia/Shanghai' })
    .default(DEFAULT_TIME_ZONE),
  doc_types: z.array(DocTypeSchema).min(1, { error: 'must list at least one document type' }).optional(),
  /** Supply requests go to the requester's department head before the office (default true). */
  supply_department_review: z.boolean().optional(),
});

const UnitSchema = UnitFields.transform((u) => ({
  name: u.name,
  nameEn: u.name_en,
  docPrefix: u.doc_prefix,
  timeZone: u.time_zone,
  docTypes: u.doc_types ?? DEFAULT_DOC_TYPES.map((d) => ({ ...d })),
  // Left out means on (the default route has the department head's review).
  ...(u.supply_department_review === undefined ? {} : { supplyDepartmentReview: u.supply_department_review }),
}));

const DepartmentFields = z.strictObject({
  id: slug(),
  name: text(),
  name_en: optionalText(),
  kind: z.enum(DEPARTMENT_KINDS),
  supervising_leader: slug().nullish(),
});

const DepartmentSchema = DepartmentFields.transform((d) => ({
  id: d.id,
  name: d.name,
  nameEn: d.name_en,
  kind: d.kind,
  supervisingLeaderId: d.supervising_leader ?? null,
}));

const PersonFields = z.strictObject({
  id: slug(),
  name: text(),
  name_en: optionalText(),
  title: optionalText(),
  department: slug(),
  // `drafter` is accepted because people write it, but everyone drafts, so it is not stored.
  roles: z
    .array(z.enum([...ROLES, 'drafter']))
    .nullish()
    .transform((roles): Role[] => [...new Set((roles ?? []).filter((r): r is Role => r !== 'drafter'))]),
  head_rank: z.enum(HEAD_RANKS).nullish(),
  clearance: clearance().default('internal'),
  slack_user_id: z
    .string()
    .trim()
    .regex(/^[UW][A-Z0-9]{2,}$/, {
      error: 'must be a Slack user id such as U0123ABCD (Profile → ⋮ → Copy member ID)',
    })
    .nullish(),
  // DingTalk documents no format for a userid (员工 userid) beyond its length of 1–64 characters.
  dingtalk_user_id: z
    .string()
    .trim()
    .regex(/^\S{1,64}$/, {
      error: 'must be a DingTalk userid (通讯录 → 成员详情 → 员工 UserID), 1–64 characters without spaces',
    })
    .nullish(),
  // WeCom's member API: 1–64 bytes of letters, digits and _-@., starting with a letter or digit.
  wecom_user_id: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_\-@.]{0,63}$/, {
      error:
        'must be a WeCom userid (通讯录 → 成员详情 → 账号): 1–64 letters, digits or _-@., starting with a letter or digit',
    })
    .nullish(),
  locale: z.enum(LOCALES).default('zh'),
});

const PersonSchema = PersonFields.transform((p) => {
  const isHead = p.roles.includes('department_head');
  return {
    id: p.id,
    name: p.name,
    nameEn: p.name_en,
    title: p.title,
    departmentId: p.department,
    roles: p.roles,
    /** `null` unless the person is a department head; a head without a rank is the principal. */
    headRank: isHead ? (p.head_rank ?? 'principal') : null,
    clearance: p.clearance,
    slackUserId: p.slack_user_id ?? null,
    dingtalkUserId: p.dingtalk_user_id ?? null,
    wecomUserId: p.wecom_user_id ?? null,
    locale: p.locale,
  };
});

const SealFields = z.strictObject({
  id: slug(),
  name: text(),
  name_en: optionalText(),
  kind: z.enum(SEAL_KINDS),
  custodian: slug(),
  owner: slug().nullish(),
  needs_leader: z.boolean().default(false),
  // Named `initial_` because the bot owns the lifecycle once the seal exists (lost, retired …).
  initial_state: z.enum(SEAL_STATES).default('active'),
});

const SealSchema = SealFields.transform((s) => ({
  id: s.id,
  name: s.name,
  nameEn: s.name_en,
  kind: s.kind,
  custodianId: s.custodian,
  ownerId: s.owner ?? null,
  needsLeader: s.needs_leader,
  initialState: s.initial_state,
}));

/**
 * `rooms:` the unit's meeting rooms (会议室) that `/meeting new` offers and a booking holds: their
 * seats, and what they have (投影仪, 视频会议终端). Left out: no `/meeting`.
 */
const RoomFields = z.strictObject({
  id: slug(),
  name: text(),
  name_en: optionalText(),
  capacity: z
    .number({ error: 'must be a whole number of seats, e.g. 20' })
    .int({ error: 'must be a whole number of seats, e.g. 20' })
    .min(1, { error: 'must be at least 1 seat' })
    .max(10_000, { error: 'must be at most 10000 seats' }),
  equipment: z
    .array(text(), { error: 'must be a list, e.g. [投影仪, 视频会议终端]' })
    .nullish()
    .transform((e) => e ?? []),
});

const RoomSchema = RoomFields.transform((r) => ({
  id: r.id,
  name: r.name,
  nameEn: r.name_en,
  capacity: r.capacity,
  equipment: r.equipment,
}));

/**
 * `reports:` the weekly report (定期通报) to the office channel: the channel's id, and when it goes
 * out (ISO weekday 1 = Monday, local HH:mm; default Monday 09:00). Left out: no weekly post
 * (`/doc report` still works). `weekly: false` keeps the channel but stops the post.
 */
const ReportsFields = z.strictObject({
  channel: z
    .string()
    .trim()
    .regex(/^[CG][A-Z0-9]{2,}$/, {
      error: 'must be a Slack channel id such as C0123ABCD (channel name → About → Channel ID)',
    }),
  weekly: z.boolean().default(true),
  weekday: z.number().int().min(1).max(7).default(1),
  time: z
    .string()
    .trim()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'must be HH:mm, e.g. "09:00"' })
    .default('09:00'),
});

const ReportsSchema = ReportsFields.transform((r) => ({
  channel: r.channel,
  weekly: r.weekly ? { weekday: r.weekday, time: r.time } : null,
}))
  // Optional in the output too: an Org built in code needs no reports.
  .nullish();

const OrgFileFields = z.strictObject({
  unit: UnitSchema,
  departments: z.array(DepartmentSchema).min(1, { error: 'must list at least one department' }),
  people: z.array(PersonSchema).min(1, { error: 'must list at least one person' }),
  seals: z
    .array(SealSchema)
    .nullish()
    .transform((s) => s ?? []),
  /** Meeting rooms (会议室); absent: meetings are not enabled. */
  rooms: z.array(RoomSchema).nullish(),
  reports: ReportsSchema,
  /** Local days off / working days and office hours (催办); national holidays come from a package. */
  calendar: CalendarSectionSchema.optional(),
  /** Reminder and escalation rules per urgency and flow (催办/督办); defaults when left out. */
  chasing: ChasingSectionSchema.optional(),
  /** The archive's 档号 rule: fonds, pattern, retention and category codes; defaults when left out. */
  archive: ArchiveSettingsFileSchema.optional(),
});

/**
 * The shape of the organisation file (YAML keys in snake_case), producing an {@link Org}.
 * Cross-references (unknown ids, missing roles) are checked by {@link parseOrgFile}, not here.
 */
export const OrgFileSchema = OrgFileFields;

/** The organisation directory, as read from the file (camelCase, defaults filled in). */
export type Org = z.output<typeof OrgFileSchema>;
/** The unit (单位) itself: name, document number prefix and patterns, time zone. */
export type OrgUnit = Org['unit'];
/** A document type and its number pattern. */
export type OrgDocType = z.output<typeof DocTypeSchema>;
/** A department as listed in the file. */
export type OrgDepartment = z.output<typeof DepartmentSchema>;
/** A person as listed in the file. */
export type OrgPerson = z.output<typeof PersonSchema>;
/** A seal as listed in the file. */
export type OrgSeal = z.output<typeof SealSchema>;
/** A meeting room as listed in the file. */
export type OrgRoom = z.output<typeof RoomSchema>;

/** The organisation file's key for each platform's user id, and where the parsed person holds it. */
const CHAT_ID_KEYS: ReadonlyArray<{
  platform: ChatPlatform;
  key: string;
  idOf: (p: OrgPerson) => string | null;
}> = [
  { platform: 'slack', key: 'slack_user_id', idOf: (p) => p.slackUserId },
  { platform: 'dingtalk', key: 'dingtalk_user_id', idOf: (p) => p.dingtalkUserId },
  { platform: 'wecom', key: 'wecom_user_id', idOf: (p) => p.wecomUserId },
];

/** The chat accounts the organisation file names for a person, one per platform at most. */
export function chatAccountsOf(p: OrgPerson): Array<{ platform: ChatPlatform; externalId: string }> {
  return CHAT_ID_KEYS.flatMap(({ platform, idOf }) => {
    const externalId = idOf(p);
    return externalId === null ? [] : [{ platform, externalId }];
  });
}

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

/** One problem in the organisation file, at a 1-based line and column. */
export interface OrgFileProblem {
  line: number;
  col: number;
  /** Where in the data, e.g. `people[3].department`; empty for YAML syntax errors. */
  path: string;
  message: string;
}

/** `file:line:col: path: message`, the form editors and terminals turn into a link. */
export function formatOrgFileProblem(fileName: string, problem: OrgFileProblem): string {
  const where = `${fileName}:${problem.line}:${problem.col}`;
  return problem.path ? `${where}: ${problem.path}: ${problem.message}` : `${where}: ${problem.message}`;
}

/** The organisation file is not valid; `problems` lists every problem found, in file order. */
export class OrgFileError extends StartupError {
  readonly fileName: string;
  readonly problems: OrgFileProblem[];
  constructor(fileName: string, problems: OrgFileProblem[]) {
    const n = problems.length;
    super(
      'org_file_invalid',
      [
        `The organisation file ${fileName} has ${n} problem${n === 1 ? '' : 's'}:`,
        ...problems.map((p) => formatOrgFileProblem(fileName, p)),
        'Fix the file and start again (org.example.yaml shows every field, with comments).',
      ].join('\n'),
      { params: { file: fileName, count: n } },
    );
    this.fileName = fileName;
    this.problems = problems;
  }
}

/** The organisation file could not be read: `org_file_missing` or `org_file_unreadable`. */
export class OrgFileReadError extends StartupError {
  readonly fileName: string;
  constructor(fileName: string, cause: unknown) {
    const errno = (cause as NodeJS.ErrnoException | undefined)?.code;
    const missing = errno === 'ENOENT';
    super(
      missing ? 'org_file_missing' : 'org_file_unreadable',
      missing
        ? `The organisation file ${fileName} does not exist (looked for ${path.resolve(fileName)}). ` +
            'Set ORG_FILE to your organisation directory; copy org.example.yaml to start one.'
        : `The organisation file ${fileName} cannot be read: ${cause instanceof Error ? cause.message : String(cause)}`,
      { params: { file: fileName }, cause },
    );
    this.fileName = fileName;
  }
}

// ---------------------------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------------------------

type PathSegment = string | number;

/** An organisation file read from disk, with the hash that tells whether it changed. */
export interface LoadedOrgFile {
  /** The path as given (relative paths stay relative, so messages match what the user typed). */
  path: string;
  org: Org;
  /** {@link hashOrgSource} of the file; stored by `syncOrg` to skip an unchanged file. */
  sourceHash: string;
}

/**
 * Version of the mapping from file to rows. Bump it when a release reads a new field or stores
 * one differently: it is part of the hash, so an unchanged file is loaded again once after the
 * upgrade instead of being skipped as "already loaded".
 */
export const ORG_LOAD_VERSION = 1;

/** SHA-256 (hex) of the organisation file's content and {@link ORG_LOAD_VERSION}. */
export function hashOrgSource(content: string | Uint8Array): string {
  return createHash('sha256').update(`office-bot-org-v${ORG_LOAD_VERSION}\n`).update(content).digest('hex');
}

/** Reads and validates the organisation file at `filePath`; throws OrgFileReadError or OrgFileError. */
export async function loadOrgFile(filePath: string): Promise<LoadedOrgFile> {
  let bytes: Buffer;
  try {
    bytes = await readFile(filePath);
  } catch (error) {
    throw new OrgFileReadError(filePath, error);
  }
  return {
    path: filePath,
    org: parseOrgFile(decodeUtf8(bytes, filePath), filePath),
    sourceHash: hashOrgSource(bytes),
  };
}

/** Editors on Chinese Windows often save as GBK; say so instead of showing mojibake errors later. */
function decodeUtf8(bytes: Uint8Array, fileName: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const loose = new TextDecoder('utf-8').decode(bytes);
    const lineCounter = new LineCounter();
    lineCounter.addNewLine(0);
    for (let i = loose.indexOf('\n'); i >= 0; i = loose.indexOf('\n', i + 1)) lineCounter.addNewLine(i + 1);
    const { line, col } = lineCounter.linePos(Math.max(0, loose.indexOf('\uFFFD')));
    throw new OrgFileError(fileName, [
      {
        line,
        col,
        path: '',
        message: 'the file is not UTF-8 (saved as GBK?); save it as UTF-8 and try again',
      },
    ]);
  }
}

/**
 * Parses and validates the text of an organisation file. `fileName` only labels the messages.
 * Returns the Org, or throws an {@link OrgFileError} listing every problem, each with its line.
 */
export function parseOrgFile(text: string, fileName: string): Org {
  const lineCounter = new LineCounter();
  // A byte-order mark would shift every column of line 1 by one; it carries no content.
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const doc = parseDocument(source, { lineCounter, prettyErrors: false, uniqueKeys: true });

  if (doc.errors.length > 0) {
    // Syntax errors make the data unreliable; anything reported beyond them would mislead.
    throw new OrgFileError(
      fileName,
      doc.errors.map((e) => ({ ...lineCounter.linePos(e.pos[0]), path: '', message: e.message })),
    );
  }

  const raw: unknown = doc.toJS();
  if (raw === null || raw === undefined) {
    throw new OrgFileError(fileName, [
      {
        line: 1,
        col: 1,
        path: '',
        message: 'the file is empty; it needs unit, departments, people and seals',
      },
    ]);
  }

  const problems: OrgFileProblem[] = [];
  const report = (where: PathSegment[], message: string, atKey = false) => {
    const { line, col } = lineCounter.linePos(locate(doc, where, atKey));
    problems.push({ line, col, path: formatPath(where), message });
  };
  const lineOf = (where: PathSegment[]) => lineCounter.linePos(locate(doc, where, false)).line;

  const parsed = OrgFileSchema.safeParse(raw, { error: fileErrorMessage });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const where = issue.path.map((p) => (typeof p === 'number' ? p : String(p)));
      if (issue.code === 'unrecognized_keys') {
        const allowed = allowedKeys(where);
        for (const key of issue.keys) {
          report(
            [...where, key],
            `unknown key "${key}"${allowed ? `; expected one of ${allowed}` : ''}`,
            true,
          );
        }
      } else {
        report(where, issue.message);
      }
    }
  }
  checkReferences(raw, { report, lineOf });

  if (problems.length > 0 || !parsed.success) {
    problems.sort((a, b) => a.line - b.line || a.col - b.col);
    throw new OrgFileError(fileName, problems);
  }
  return parsed.data;
}

/** Messages in the file's own words where zod's defaults read like a type checker's. */
function fileErrorMessage(issue: {
  code: string;
  input?: unknown;
  path?: PropertyKey[];
  values?: readonly unknown[];
}): string | undefined {
  if (issue.code === 'invalid_type' && issue.input === undefined) return 'is required';
  if (issue.code === 'invalid_type' && (issue.path ?? []).length === 0) {
    return 'the file must be a mapping with the keys unit, departments, people and seals';
  }
  if (issue.code === 'invalid_value' && issue.values) return `must be one of ${issue.values.join(', ')}`;
  return undefined;
}

/** `people[3].department`. */
function formatPath(where: readonly PathSegment[]): string {
  let out = '';
  for (const seg of where) out += typeof seg === 'number' ? `[${seg}]` : out ? `.${seg}` : seg;
  return out || '(top level)';
}

/** The keys a misspelt key should have been, by where it appears. */
function allowedKeys(where: readonly PathSegment[]): string | null {
  const shapes: Array<[string, object]> = [
    ['', OrgFileFields.shape],
    ['unit', UnitFields.shape],
    ['unit.doc_types.#', DocTypeFields.shape],
    ['departments.#', DepartmentFields.shape],
    ['people.#', PersonFields.shape],
    ['seals.#', SealFields.shape],
    ['rooms.#', RoomFields.shape],
    ['calendar', CalendarSectionFields.shape],
    ['chasing', ChasingSectionFields.shape],
    ['reports', ReportsFields.shape],
  ];
  const pattern = where.map((s) => (typeof s === 'number' ? '#' : s)).join('.');
  const shape = shapes.find(([p]) => p === pattern)?.[1];
  return shape ? Object.keys(shape).join(', ') : null;
}

function rangeStart(node: unknown): number | undefined {
  if (typeof node !== 'object' || node === null || !('range' in node)) return undefined;
  const range = (node as { range?: unknown }).range;
  return Array.isArray(range) && typeof range[0] === 'number' ? range[0] : undefined;
}

/**
 * Offset of the node at `where`, or of the deepest node that exists on the way (a missing key is
 * reported at the mapping that lacks it). A mapping or list that is a key's value is reported at
 * its key, the line people look for; `atKey` does the same for a scalar (unknown keys).
 */
function locate(doc: Document, where: readonly PathSegment[], atKey: boolean): number {
  let node: unknown = doc.contents;
  let best = rangeStart(node) ?? 0;
  for (let i = 0; i < where.length; i++) {
    const seg = where[i];
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) break;
      const keyStart = rangeStart(pair.key);
      node = pair.value;
      const valueStart = rangeStart(node);
      const preferKey = (atKey && i === where.length - 1) || isCollection(node) || valueStart === undefined;
      best = (preferKey ? keyStart : valueStart) ?? valueStart ?? best;
    } else if (isSeq(node) && typeof seg === 'number') {
      node = node.items[seg];
      if (node === undefined) break;
      best = rangeStart(node) ?? best;
    } else {
      break;
    }
  }
  return best;
}

// ---------------------------------------------------------------------------------------------
// Cross-reference checks
// ---------------------------------------------------------------------------------------------

interface Reporter {
  /** `atKey`: point at the key itself (an unknown name), not at its value. */
  report(where: PathSegment[], message: string, atKey?: boolean): void;
  lineOf(where: PathSegment[]): number;
}

interface Section<T> {
  /** The entries as written, well-formed or not. */
  raw: unknown[];
  /** The well-formed entries by index; `undefined` where an entry has a shape problem. */
  parsed: Array<T | undefined>;
  /** Every entry is well-formed, so counts over the section (exactly one director…) are reliable. */
  complete: boolean;
  /** Ids written in the file, well-formed entries or not, so one typo is not reported twice. */
  ids: Set<string>;
}

/**
 * Entries are checked one by one, and references are read from the raw entries, so that a shape
 * problem in one person does not hide an unknown department in another: the file's author sees
 * every problem in one run.
 */
function parseSection<T>(value: unknown, schema: z.ZodType<T>): Section<T> {
  const raw: unknown[] = Array.isArray(value) ? value : [];
  const parsed = raw.map((entry) => {
    const result = schema.safeParse(entry);
    return result.success ? result.data : undefined;
  });
  const ids = new Set<string>();
  raw.forEach((_, i) => {
    const id = rawString(raw, i, 'id');
    if (id !== null) ids.add(id);
  });
  return { raw, parsed, complete: Array.isArray(value) && parsed.every((p) => p !== undefined), ids };
}

/** The string at `list[index][key]`, or `null` when it is missing or not a string. */
function rawString(list: unknown[], index: number, key: string): string | null {
  const entry = list[index];
  const value =
    typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>)[key] : undefined;
  return typeof value === 'string' ? value.trim() : null;
}

/** Well-formed entries with their index in the file. */
function entries<T>(section: Section<T>): Array<{ value: T; index: number }> {
  const out: Array<{ value: T; index: number }> = [];
  section.parsed.forEach((value, index) => {
    if (value !== undefined) out.push({ value, index });
  });
  return out;
}

function checkReferences(raw: unknown, r: Reporter): void {
  const root = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const unit = UnitSchema.safeParse(root.unit);
  const departments = parseSection(root.departments, DepartmentSchema);
  const people = parseSection(root.people, PersonSchema);
  const seals = parseSection(root.seals ?? [], SealSchema);
  const rooms = parseSection(root.rooms ?? [], RoomSchema);

  const personById = new Map<string, OrgPerson>();
  for (const { value } of entries(people)) if (!personById.has(value.id)) personById.set(value.id, value);
  const hasRole = (id: string, ...roles: Role[]) => {
    const person = personById.get(id);
    // A person with shape problems is reported there; judging their roles too would guess.
    return person === undefined || roles.some((role) => person.roles.includes(role));
  };
  const describe = (id: string) => {
    const person = personById.get(id);
    return person ? `"${id}" (${person.name})` : `"${id}"`;
  };
  /** Reports a reference to an id that is not in `ids`; true when the id exists. */
  const checkExists = (where: PathSegment[], id: string | null, ids: Set<string>, what: string) => {
    if (id === null || !SLUG.test(id)) return false; // missing or malformed: the shape check says so
    if (ids.has(id)) return true;
    r.report(where, `unknown ${what} "${id}" (known: ${[...ids].join(', ') || 'none'})`);
    return false;
  };

  // 催办 rules of a flow the bot does not have would silently do nothing.
  const flows = (root.chasing as { flows?: unknown } | undefined)?.flows;
  if (typeof flows === 'object' && flows !== null) {
    const known = new Set(FLOW_IDS);
    for (const id of Object.keys(flows)) {
      if (!known.has(id)) {
        r.report(['chasing', 'flows', id], `unknown flow "${id}" (known: ${FLOW_IDS.join(', ')})`, true);
      }
    }
  }

  if (unit.success && Array.isArray((root.unit as { doc_types?: unknown }).doc_types)) {
    const docTypes = unit.data.docTypes.map((value, index) => ({ value, index }));
    const at = (i: number, key: string) => ['unit', 'doc_types', i, key];
    checkUnique(
      docTypes,
      (d) => d.id,
      (i) => at(i, 'id'),
      'document type id',
      r,
    );
    // Two types with one pattern would hand out the same number twice.
    checkUnique(
      docTypes,
      (d) => d.pattern,
      (i) => at(i, 'pattern'),
      'number pattern',
      r,
    );
  }

  // Departments.
  const dAt = (i: number, key: string): PathSegment[] => ['departments', i, key];
  checkUnique(
    entries(departments),
    (d) => d.id,
    (i) => dAt(i, 'id'),
    'department id',
    r,
  );
  if (departments.complete) {
    for (const kind of ['leadership', 'office'] as const) {
      const label = kind === 'leadership' ? '局领导' : '办公室';
      const matching = entries(departments).filter((d) => d.value.kind === kind);
      const first = matching[0];
      if (first === undefined) {
        r.report(['departments'], `needs exactly one department of kind ${kind} (${label}); there is none`);
      }
      for (const extra of matching.slice(1)) {
        r.report(
          dAt(extra.index, 'kind'),
          `a second department of kind ${kind} (the first is on line ${r.lineOf(dAt(first?.index ?? 0, 'kind'))}); ` +
            `there must be exactly one ${label}`,
        );
      }
    }
  }
  departments.raw.forEach((_, index) => {
    const where = dAt(index, 'supervising_leader');
    const leader = rawString(departments.raw, index, 'supervising_leader');
    const kind = rawString(departments.raw, index, 'kind');
    if (leader === null) {
      if (kind === 'office' || kind === 'business') {
        r.report(
          where,
          `is required for a department of kind ${kind}: the id of its 分管领导 (a leader or the director)`,
        );
      }
    } else if (checkExists(where, leader, people.ids, 'person') && !hasRole(leader, 'leader', 'director')) {
      r.report(
        where,
        `${describe(leader)} is not a leader: give them role leader or director, or name another person`,
      );
    }
  });
  if (people.complete) {
    // Seed 004 art. 8: every draft gets a department-head review, so each department needs a head.
    for (const { value: d, index } of entries(departments)) {
      if (d.kind === 'leadership') continue;
      const heads = entries(people).filter(
        (p) => p.value.departmentId === d.id && p.value.roles.includes('department_head'),
      );
      if (heads.length === 0) {
        r.report(
          dAt(index, 'id'),
          `department "${d.id}" (${d.name}) has no one with role department_head, so its drafts could not be reviewed`,
        );
      }
    }
  }

  // People.
  const pAt = (i: number, key: string): PathSegment[] => ['people', i, key];
  checkUnique(
    entries(people),
    (p) => p.id,
    (i) => pAt(i, 'id'),
    'person id',
    r,
  );
  for (const { key, idOf } of CHAT_ID_KEYS) {
    checkUnique(entries(people), idOf, (i) => pAt(i, key), key, r);
  }
  people.raw.forEach((_, index) => {
    checkExists(
      pAt(index, 'department'),
      rawString(people.raw, index, 'department'),
      departments.ids,
      'department',
    );
  });
  const principalOf = new Map<string, number>();
  for (const { value: p, index } of entries(people)) {
    const rankWritten = rawString(people.raw, index, 'head_rank') !== null;
    if (rankWritten && p.headRank === null) {
      r.report(pAt(index, 'head_rank'), 'is only for people with role department_head');
    }
    if (p.headRank !== 'principal') continue;
    const first = principalOf.get(p.departmentId);
    if (first === undefined) {
      principalOf.set(p.departmentId, index);
    } else {
      r.report(
        pAt(index, rankWritten ? 'head_rank' : 'roles'),
        `department "${p.departmentId}" already has a principal head (line ${r.lineOf(pAt(first, 'id'))}); ` +
          'mark the other heads head_rank: deputy',
      );
    }
  }
  if (people.complete) {
    const directors = entries(people).filter((p) => p.value.roles.includes('director'));
    const first = directors[0];
    if (first === undefined) {
      r.report(['people'], 'no one has role director (局长); exactly one person must');
    }
    for (const extra of directors.slice(1)) {
      r.report(
        pAt(extra.index, 'roles'),
        `a second director (the first is on line ${r.lineOf(pAt(first?.index ?? 0, 'id'))}); ` +
          'exactly one person has role director',
      );
    }
    // Without these the flows would stop at a step nobody can take.
    const required: Role[] = ['office_head', 'secretary', 'print_room', 'archivist', 'supplies_keeper'];
    for (const role of required) {
      if (!entries(people).some((p) => p.value.roles.includes(role))) {
        r.report(['people'], `no one has role ${role} (${ROLE_LABELS_ZH[role]}); at least one person must`);
      }
    }
  }

  // Seals.
  const sAt = (i: number, key: string): PathSegment[] => ['seals', i, key];
  checkUnique(
    entries(seals),
    (s) => s.id,
    (i) => sAt(i, 'id'),
    'seal id',
    r,
  );
  seals.raw.forEach((_, index) => {
    const custodian = rawString(seals.raw, index, 'custodian');
    if (checkExists(sAt(index, 'custodian'), custodian, people.ids, 'person') && custodian !== null) {
      if (!hasRole(custodian, 'seal_custodian')) {
        r.report(sAt(index, 'custodian'), `${describe(custodian)} does not have role seal_custodian`);
      }
    }
    const kind = rawString(seals.raw, index, 'kind');
    const owner = rawString(seals.raw, index, 'owner');
    if (owner === null) {
      if (kind === 'hand') {
        r.report(
          sAt(index, 'owner'),
          'is required for a hand seal (领导手章): the id of the leader it belongs to',
        );
      }
    } else if (kind !== null && kind !== 'hand' && kind !== 'legal_rep') {
      r.report(sAt(index, 'owner'), 'is only for hand and legal_rep seals');
    } else if (checkExists(sAt(index, 'owner'), owner, people.ids, 'person')) {
      if (kind === 'hand' && !hasRole(owner, 'leader', 'director')) {
        r.report(sAt(index, 'owner'), `${describe(owner)} is not a leader; a hand seal belongs to a leader`);
      }
    }
  });

  // Rooms: one id and one name each, so `/meeting rooms <name>` names one room.
  const rAt = (i: number, key: string): PathSegment[] => ['rooms', i, key];
  checkUnique(
    entries(rooms),
    (room) => room.id,
    (i) => rAt(i, 'id'),
    'room id',
    r,
  );
  checkUnique(
    entries(rooms),
    (room) => room.name,
    (i) => rAt(i, 'name'),
    'room name',
    r,
  );
}

function checkUnique<T>(
  items: Array<{ value: T; index: number }>,
  keyOf: (value: T) => string | null,
  pathOf: (index: number) => PathSegment[],
  what: string,
  r: Reporter,
): void {
  const first = new Map<string, number>();
  for (const { value, index } of items) {
    const key = keyOf(value);
    if (key === null) continue;
    const seen = first.get(key);
    if (seen === undefined) first.set(key, index);
    else r.report(pathOf(index), `duplicate ${what} "${key}" (first on line ${r.lineOf(pathOf(seen))})`);
  }
}
