// The approval card as platform-neutral data: what one viewer sees of one workflow instance and
// which buttons they may press now. Pure (no Slack, no clock): the Slack renderer
// (`slack/workflow/card-blocks.ts`) and any later platform draw this model. Texts are localized here, but
// nothing is escaped: user text stays raw and each renderer escapes for its own format.

import { displayNameOf } from '../../domain/org.ts';
import {
  availableActions,
  earlierApprovers,
  isClassified,
  stepContributors,
} from '../../domain/workflow/index.ts';
import type {
  Assignment,
  InstanceStatus,
  LocalizedText,
  StepState,
  Urgency,
  WorkflowActionType,
  WorkflowInstance,
} from '../../domain/workflow/types.ts';
import { type Locale, type PlainMessageKey, placeholdersOf, t, translateDynamic } from '../../shared/i18n.ts';

/** A workflow action that has a button on the card (`open` is recorded silently, never pressed). */
export type CardActionType = Exclude<WorkflowActionType, 'open'>;

/** Every card action, in the order buttons appear. */
export const CARD_ACTION_TYPES = [
  'approve',
  'reject',
  'return',
  'transfer',
  'add_signer',
  'acknowledge',
  'complete',
  'comment',
  'recall',
  'resubmit',
  'cancel',
] as const satisfies readonly CardActionType[];

/** How many history entries the card model keeps (newest); renderers may show fewer. */
export const CARD_HISTORY_LIMIT = 10;

/** A person as shown on the card. */
export interface CardPerson {
  personId: string;
  /** Display name in the card's language; "未知人员" when the directory does not know the id. */
  name: string;
}

/** A confirmation asked before the action is sent. */
export interface CardConfirm {
  title: string;
  text: string;
  confirm: string;
  deny: string;
}

/** A button the viewer may press now. */
export interface CardAction {
  type: CardActionType;
  label: string;
  /** True when pressing opens a form (opinion, reason, person…) instead of acting at once. */
  needsModal: boolean;
  /** The form must ask for an opinion (the step requires one, or the action always does). */
  requireComment: boolean;
  /** `primary` for the forward action, `danger` for reject and cancel. */
  style: 'primary' | 'danger' | null;
  confirm: CardConfirm | null;
  /**
   * The step's own form for this action, when the step chooses params (批办: `instruct`): the
   * step's definition id. Null for the usual opinion form.
   */
  form: string | null;
}

/**
 * How a flow words what happens to it where the generic texts would mislead (a 发文 "approved" by
 * the secretary who sent it). `family` names the catalog's `<key>.<family>` entries: the card's
 * states (`card.status.approved.outgoing` 已发文), its requester (`card.requester.incoming`
 * 登记人) and the requester's notices (`notify.approved.seal`). `facts` fills those notices'
 * placeholders from what the flow's hooks stored on the instance (a 文号, the impressions made,
 * what was issued); raw text, escaped by each renderer. Pure.
 */
export interface FlowWording {
  family: string;
  /**
   * The family of one instance when its outcome differs from the flow's usual one (a supply
   * request closed with nothing issued is not 已发放); `family` otherwise.
   */
  familyOf?: (instance: WorkflowInstance) => string;
  facts?: (instance: WorkflowInstance, locale: Locale) => Readonly<Record<string, string | number>>;
}

/** The wording family of `instance` under `wording` (null: the generic texts). */
export function wordingFamilyOf(wording: FlowWording | undefined, instance: WorkflowInstance): string | null {
  if (!wording) return null;
  return wording.familyOf?.(instance) ?? wording.family;
}

/**
 * A feature's own button on the card (归档 on a finished document): not a workflow action, so the
 * engine's rules do not cover it; the feature that offers it checks the click itself.
 */
export interface CardExtraAction {
  /** The feature's name for it (`archive`); each platform maps it to its own button id. */
  key: string;
  label: string;
  style: 'primary' | 'danger' | null;
}

/** Where one step of the route stands, as the card marks it. */
export type CardStepState = 'done' | 'current' | 'pending' | 'skipped' | 'returned' | 'rejected';

/** The mark in front of each route line. */
export const STEP_MARKS: Readonly<Record<CardStepState, string>> = {
  done: '✓',
  current: '▶',
  pending: '○',
  skipped: '↷',
  returned: '↩',
  rejected: '✗',
};

/** One step of the route. */
export interface CardRouteStep {
  key: string;
  name: string;
  state: CardStepState;
  mark: string;
  /**
   * done: who did it; current: whom it waits on; pending: who will be asked (when already known);
   * returned/rejected: who sent it back or rejected it; skipped: nobody.
   */
  people: CardPerson[];
  /** When the step ended (done, returned, rejected, skipped), shown as `11-20 14:05`. */
  atText: string | null;
  /** allOf tally ("2/3 同意") or a circulation's turn ("第2/5人") on the current step. */
  progress: string | null;
  /** "已跳过" / "已退回" / "已驳回". */
  note: string | null;
}

/** What a history entry records. */
export type CardHistoryKind =
  | 'submitted'
  | 'approved'
  | 'rejected'
  | 'returned'
  | 'acknowledged'
  | 'completed'
  | 'commented'
  | 'transferred'
  | 'added_signer'
  | 'recalled'
  | 'resubmitted'
  | 'cancelled'
  /** Handed to the archive (归档移交), after the item finished. */
  | 'archived';

/** One past action, with its opinion. */
export interface CardHistoryEntry {
  kind: CardHistoryKind;
  person: CardPerson;
  /** "同意", "转交给 李四", … */
  label: string;
  /** The step it happened at, where known (history drawn from assignments; not from the audit log). */
  stepName: string | null;
  at: string;
  atText: string;
  /** The opinion or result note, raw and untruncated; always null on classified items. */
  comment: string | null;
}

/** A key field (事由, 金额, 文号…). */
export interface CardField {
  label: string;
  value: string;
  /**
   * One of the card's key facts (a meeting's time, place, agenda and materials): where a platform
   * shows fewer fields than the card has, the others are left out first (see `fieldsWithin`).
   */
  keep?: boolean;
  /**
   * The address the field opens (a meeting's materials link), http or https only: platforms that
   * draw links make the value a link to it; the value stays the words shown.
   */
  url?: string;
  /**
   * The value in one short line, for a value of several lines (a meeting's tally: its counts
   * without the names): a platform with no room for every line shows this instead.
   */
  summary?: string;
}

/** `raw` when it is an http or https address a card may link, else undefined. */
export function cardLinkOf(raw: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(raw.trim());
  } catch {
    return undefined;
  }
  return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : undefined;
}

/** The card of one instance as one viewer sees it. */
export interface Card {
  instanceId: string;
  /** The instance version drawn: buttons carry it, a click on an older card is stale. */
  version: number;
  locale: Locale;
  /** 秘密 and above: no title, fields or opinions; only number, holder and deadline. */
  classified: boolean;
  /** The title, or "密件 #<reference>" for a classified item. */
  title: string;
  kindLabel: string;
  requester: CardPerson;
  /** "申请人：王芳", or the flow's own word for the person who started it ("登记人：周静" on 收文). */
  requesterLine: string;
  urgency: {
    level: Urgency;
    label: string;
    /** 特急 and 加急 are emphasised. */
    emphasized: boolean;
    /** A marker put before the label of emphasised urgencies (🔴 特急, 🟠 加急); empty for 平件. */
    marker: string;
  };
  status: {
    code: InstanceStatus;
    /** "已通过", or the flow's own outcome ("已发文", "已盖章", "已归还"…). */
    label: string;
    /** approved, rejected or cancelled: nothing more can happen. */
    finished: boolean;
    /** When it finished (the instance's last update), for finished items only. */
    atText: string | null;
  };
  /** Name of the step it waits at (running items only). */
  currentStepName: string | null;
  /** Whom it waits on now: the current step's pending people, or the requester of a returned/recalled item. */
  holders: CardPerson[];
  /** "等待申请人 王芳 处理" on a returned or recalled item (in the flow's words); null otherwise. */
  waitingOnRequesterLine: string | null;
  /** The current step's deadline (running items only). */
  deadline: { at: string; text: string; overdue: boolean } | null;
  /** Key fields; always empty for classified items. */
  fields: CardField[];
  route: CardRouteStep[];
  /** The latest actions, newest last, at most {@link CARD_HISTORY_LIMIT}. */
  history: CardHistoryEntry[];
  /** Entries older than `history` that were left out. */
  earlierHistoryCount: number;
  /** The buttons this viewer may use now (none for the channel copy and for finished items). */
  actions: CardAction[];
  /** Feature buttons for this viewer, after {@link actions} (none for the channel copy). */
  extraActions: CardExtraAction[];
}

/**
 * One audit-log entry (the `AuditEntry` table) as the card reads it. `action` is `start`, a
 * workflow action type, or `refused:<type>` (ignored, like `open` and anything unknown).
 */
export interface CardAuditEntry {
  actorId: string | null;
  action: string;
  at: Date | string;
  /** The opinion, reason or (for `complete`) result note. */
  comment: string | null;
  /** `{ toPersonId }` for transfer, `{ personId }` for add_signer. */
  details?: unknown;
}

/** A directory entry as the card needs it. */
export interface CardDirectoryPerson {
  name: string;
  nameEn?: string | null;
}

export interface BuildCardInput {
  instance: WorkflowInstance;
  /** The person the card is drawn for; null for the channel copy (no buttons). */
  viewerPersonId: string | null;
  people: ReadonlyMap<string, CardDirectoryPerson>;
  /** The workflow's name (发文, 用印申请…). */
  kindLabel: LocalizedText;
  locale: Locale;
  now: Date;
  /** The unit's time zone (from the organisation file): times on the card are shown in it. */
  timeZone: string;
  /** Key fields; ignored for classified items. */
  fields?: ReadonlyArray<CardField>;
  /**
   * The instance's audit entries. When given, the history is drawn from them: it then also shows
   * comments, recalls and resubmissions, and keeps what a restarted route reset. Without them the
   * history is derived from the assignments the instance still holds.
   */
  audit?: ReadonlyArray<CardAuditEntry>;
  /** Feature buttons the viewer may use (the feature decides who); ignored for the channel copy. */
  extraActions?: ReadonlyArray<CardExtraAction>;
  /**
   * The flow's wording family (the notice family: `outgoing`, `seal`, `archive_borrow`…): where
   * the catalog has `<key>.<family>`, the card says it in the flow's own words (its finished
   * state 已发文, its requester 登记人) instead of the generic `<key>`.
   */
  family?: string | null;
}

/** Builds the card of `instance` for one viewer (or the channel copy). Pure. */
export function buildCard(input: BuildCardInput): Card {
  const { instance, locale, now } = input;
  const person = (id: string): CardPerson => personOf(id, input.people, locale);
  const time = (iso: string) => formatCardTime(iso, now, input.timeZone);
  const classified = isClassified(instance.secrecy);
  const running = instance.status === 'running';
  const waitingOnRequester = instance.status === 'returned' || instance.status === 'recalled';
  const current = running ? activeStep(instance) : undefined;

  const holders = current
    ? countedAssignments(current)
        .filter((a) => a.status === 'pending')
        .map((a) => person(a.personId))
    : waitingOnRequester
      ? [person(instance.requesterId)]
      : [];

  const deadline =
    current?.deadline != null
      ? {
          at: current.deadline,
          text: time(current.deadline),
          overdue: now.getTime() > Date.parse(current.deadline),
        }
      : null;

  const finished = isFinished(instance.status);
  const worded = (key: string, params: Readonly<Record<string, string | number>> = {}) =>
    familyText(locale, key, input.family ?? null, params);
  const all = input.audit
    ? historyFromAudit(input.audit, instance, person, time, locale)
    : historyFromAssignments(instance, person, time, locale);
  // Opinions on classified items are content: never carried into chat.
  if (classified) for (const entry of all) entry.comment = null;
  const earlier = Math.max(0, all.length - CARD_HISTORY_LIMIT);
  const entries = all.slice(earlier);
  return {
    instanceId: instance.id,
    version: instance.version,
    locale,
    classified,
    title: classified ? classifiedTitle(instance, locale) : (instance.title ?? ''),
    kindLabel: input.kindLabel[locale],
    requester: person(instance.requesterId),
    requesterLine: worded('card.requester', { name: person(instance.requesterId).name }),
    urgency: {
      level: instance.urgency,
      label: t(locale, `card.urgency.${instance.urgency}`),
      emphasized: instance.urgency !== 'normal',
      marker: URGENCY_MARKERS[instance.urgency],
    },
    status: {
      code: instance.status,
      label: worded(`card.status.${instance.status}`),
      finished,
      atText: finished ? time(instance.updatedAt) : null,
    },
    currentStepName: current ? current.name[locale] : null,
    holders,
    waitingOnRequesterLine: waitingOnRequester
      ? worded('card.waiting_on_requester', { name: person(instance.requesterId).name })
      : null,
    deadline,
    fields: classified
      ? []
      : (input.fields ?? []).map((f) => ({
          label: f.label,
          value: f.value,
          ...(f.keep ? { keep: true } : {}),
          ...(f.url !== undefined ? { url: f.url } : {}),
          ...(f.summary !== undefined ? { summary: f.summary } : {}),
        })),
    route: instance.steps.map((step) => routeStepOf(step, instance, locale, person, time)),
    history: entries,
    earlierHistoryCount: earlier,
    actions: actionsFor(instance, input.viewerPersonId, locale),
    extraActions: input.viewerPersonId === null ? [] : (input.extraActions ?? []).map((a) => ({ ...a })),
  };
}

/**
 * `<key>.<family>` when the catalog words it for the flow, else the generic `<key>` (which must
 * exist). Pure lookup: the flows add their wording to the catalog, never a case here.
 */
export function familyText(
  locale: Locale,
  key: string,
  family: string | null,
  params: Readonly<Record<string, string | number>> = {},
): string {
  return (
    (family ? translateDynamic(locale, `${key}.${family}`, params) : undefined) ??
    translateDynamic(locale, key, params) ??
    key
  );
}

/**
 * The buttons `viewerPersonId` may use on `instance` now. A mirror of the engine's rules for
 * display only: the service still authorises every click against the stored record.
 */
export function actionsFor(
  instance: WorkflowInstance,
  viewerPersonId: string | null,
  locale: Locale,
): CardAction[] {
  if (viewerPersonId === null) return [];
  const { types, requireComment, commentAs } = offeredActions(instance, viewerPersonId);
  // Only what the engine would accept: the card never shows a button whose click is refused
  // (the service still authorises every click on the stored record).
  const allowed = new Set<string>(availableActions(instance, viewerPersonId));
  const step = instance.steps[instance.currentStep];
  const stepForm = step?.setsParams?.length && step.definitionStepId ? step.definitionStepId : null;
  return CARD_ACTION_TYPES.filter((type) => types.has(type) && allowed.has(type)).map((type) => {
    const action = cardActionOf(type, requireComment, locale);
    // Someone let in by the step's commentersFrom answers its holders (答复); a contributor adds
    // their 协办意见. Either way not a plain 评论.
    if (type === 'comment' && commentAs === 'answer')
      return { ...action, label: t(locale, 'card.action.reply') };
    if (type === 'comment' && commentAs === 'contribution')
      return { ...action, label: t(locale, 'card.action.contribute') };
    if (type !== 'approve' || stepForm === null) return action;
    // The step's own form (批办): named after the step, always a form.
    const label = translateDynamic(locale, `card.action.step.${stepForm}`) ?? action.label;
    return { ...action, label, needsModal: true, form: stepForm };
  });
}

/**
 * The buttons a card offers a viewer, by their part: the engine accepts some actions the card
 * keeps off to stay simple (e.g. comments from a countersigner who already agreed). `commentAs`:
 * the viewer neither holds the current step nor asked for the item, but approved an earlier step
 * the current one lets comment (`answer`: `commentersFrom`, the instructing leader during 承办), or
 * is one of its contributors (`contribution`: `contributorsParam`, a co-department's head).
 */
function offeredActions(
  instance: WorkflowInstance,
  viewerPersonId: string,
): { types: Set<CardActionType>; requireComment: boolean; commentAs: 'answer' | 'contribution' | null } {
  const types = new Set<CardActionType>();
  let requireComment = false;
  let commentAs: 'answer' | 'contribution' | null = null;
  const isRequester = viewerPersonId === instance.requesterId;
  if (instance.status === 'running') {
    const step = activeStep(instance);
    const mine = step?.assignments.find((a) => a.personId === viewerPersonId && a.status === 'pending');
    if (step && mine) {
      requireComment = step.requireComment;
      switch (step.kind) {
        case 'single':
        case 'anyOf':
        case 'allOf':
          for (const type of ['approve', 'reject', 'return', 'transfer', 'add_signer', 'comment'] as const) {
            types.add(type);
          }
          break;
        case 'sequence':
          types.add('acknowledge');
          break;
        case 'task':
          types.add('complete');
          // The handler's questions (问题上报) go on the card, to whoever may answer them.
          types.add('comment');
          break;
      }
    }
    const holds = step ? countedAssignments(step).some((a) => a.personId === viewerPersonId) : false;
    if (step && !holds && !isRequester) {
      if (earlierApprovers(instance, step).includes(viewerPersonId)) commentAs = 'answer';
      else if (stepContributors(instance, step).includes(viewerPersonId)) commentAs = 'contribution';
      if (commentAs) types.add('comment');
    }
    if (isRequester) {
      types.add('recall');
      types.add('comment');
      types.add('cancel');
    }
  } else if ((instance.status === 'returned' || instance.status === 'recalled') && isRequester) {
    types.add('resubmit');
    types.add('cancel');
  }
  return { types, requireComment, commentAs };
}

/**
 * `11-20 14:05` in the unit's time zone; the year is added (`2024-11-20 14:05`) when it is not the
 * year of `now`. An unreadable time shows as `—`.
 */
export function formatCardTime(iso: string, now: Date, timeZone: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return '—';
  const parts = timeParts(at, timeZone);
  const hm = `${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
  return parts.year === timeParts(now, timeZone).year ? hm : `${parts.year}-${hm}`;
}

/** One formatter per time zone: building an Intl formatter costs far more than using one. */
const TIME_FORMATS = new Map<string, Intl.DateTimeFormat>();

function timeFormatIn(timeZone: string): Intl.DateTimeFormat {
  let format = TIME_FORMATS.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    TIME_FORMATS.set(timeZone, format);
  }
  return format;
}

function timeParts(at: Date, timeZone: string): Record<'year' | 'month' | 'day' | 'hour' | 'minute', string> {
  const out = { year: '', month: '', day: '', hour: '', minute: '' };
  for (const part of timeFormatIn(timeZone).formatToParts(at)) {
    if (part.type in out) out[part.type as keyof typeof out] = part.value;
  }
  return out;
}

const URGENCY_MARKERS: Readonly<Record<Urgency, string>> = {
  extra_urgent: '🔴',
  urgent: '🟠',
  normal: '',
};

function isFinished(status: InstanceStatus): boolean {
  return status === 'approved' || status === 'rejected' || status === 'cancelled';
}

function activeStep(instance: WorkflowInstance): StepState | undefined {
  const step = instance.steps[instance.currentStep];
  return step?.status === 'active' ? step : undefined;
}

function classifiedTitle(instance: WorkflowInstance, locale: Locale): string {
  // Without a reference the engine would have refused to start it; the id's head still identifies it.
  const reference = instance.reference?.trim() || instance.id.slice(0, 8);
  return t(locale, 'card.classified_title', { reference });
}

function personOf(id: string, people: ReadonlyMap<string, CardDirectoryPerson>, locale: Locale): CardPerson {
  const entry = people.get(id);
  const name = entry ? displayNameOf(entry, locale) : '';
  return { personId: id, name: name || t(locale, 'card.person.unknown') };
}

/**
 * Assignments that count at a step, as the engine counts its holders: a transferred one is
 * replaced by its successor, and a person counts once.
 */
function countedAssignments(step: StepState): Assignment[] {
  const seen = new Set<string>();
  return step.assignments.filter((a) => {
    if (a.status === 'transferred' || seen.has(a.personId)) return false;
    seen.add(a.personId);
    return true;
  });
}

const ACTED_FORWARD: ReadonlySet<Assignment['status']> = new Set(['approved', 'acknowledged', 'completed']);

function routeStepOf(
  step: StepState,
  instance: WorkflowInstance,
  locale: Locale,
  person: (id: string) => CardPerson,
  time: (iso: string) => string,
): CardRouteStep {
  const base = { key: step.key, name: step.name[locale], progress: null, note: null, atText: null };
  const finishedText = step.finishedAt ? time(step.finishedAt) : null;
  const who = (statuses: ReadonlySet<Assignment['status']>) =>
    step.assignments.filter((a) => statuses.has(a.status)).map((a) => person(a.personId));
  switch (step.status) {
    case 'done':
      return {
        ...base,
        state: 'done',
        mark: STEP_MARKS.done,
        people: who(ACTED_FORWARD),
        atText: finishedText,
      };
    case 'skipped':
      return {
        ...base,
        state: 'skipped',
        mark: STEP_MARKS.skipped,
        people: [],
        atText: finishedText,
        note: t(locale, 'card.route.skipped'),
      };
    case 'returned':
      return {
        ...base,
        state: 'returned',
        mark: STEP_MARKS.returned,
        people: who(new Set(['returned'])),
        atText: finishedText,
        // The requester took it back (撤回) from the step it waited at: nobody returned it there.
        note: t(locale, recalledFrom(step, instance) ? 'card.route.recalled' : 'card.route.returned'),
      };
    case 'rejected':
      return {
        ...base,
        state: 'rejected',
        mark: STEP_MARKS.rejected,
        people: who(new Set(['rejected'])),
        atText: finishedText,
        note: t(locale, 'card.route.rejected'),
      };
    case 'active': {
      // An active step of an item that waits on its requester (returned/recalled) is not "current".
      if (instance.status !== 'running') {
        return { ...base, state: 'pending', mark: STEP_MARKS.pending, people: [] };
      }
      return {
        ...base,
        state: 'current',
        mark: STEP_MARKS.current,
        people: who(new Set(['pending'])),
        progress: progressOf(step, locale),
      };
    }
    case 'pending':
      return {
        ...base,
        state: 'pending',
        mark: STEP_MARKS.pending,
        people: who(new Set(['pending', 'waiting'])),
      };
  }
}

/** `step` is where the requester recalled a recalled item from (its current step, left as returned). */
function recalledFrom(step: StepState, instance: WorkflowInstance): boolean {
  return instance.status === 'recalled' && instance.steps[instance.currentStep] === step;
}

function progressOf(step: StepState, locale: Locale): string | null {
  const counted = countedAssignments(step);
  if (step.kind === 'allOf') {
    const approved = counted.filter((a) => a.status === 'approved').length;
    return t(locale, 'card.route.tally_all_of', { approved, total: counted.length });
  }
  if (step.kind === 'sequence') {
    const index = counted.findIndex((a) => a.status === 'pending');
    if (index < 0) return null;
    return t(locale, 'card.route.sequence_turn', { position: index + 1, total: counted.length });
  }
  return null;
}

/**
 * Past actions from the instance itself: its submission and every assignment that acted. Actions
 * that leave no trace on assignments (comments, recall, resubmit) and parts reset by a return or
 * a resubmission are only in the audit log: pass `audit` to show them.
 */
function historyFromAssignments(
  instance: WorkflowInstance,
  person: (id: string) => CardPerson,
  time: (iso: string) => string,
  locale: Locale,
): CardHistoryEntry[] {
  const all: CardHistoryEntry[] = [
    {
      kind: 'submitted',
      person: person(instance.requesterId),
      label: t(locale, 'card.history.submitted'),
      stepName: null,
      at: instance.createdAt,
      atText: time(instance.createdAt),
      comment: null,
    },
  ];
  for (const step of instance.steps) {
    for (const a of step.assignments) {
      if (a.actedAt === null) continue;
      const kind = HISTORY_KIND_OF_ASSIGNMENT[a.status];
      if (!kind) continue;
      const successor = step.assignments.find((b) => b.transferredFrom === a.personId);
      all.push({
        kind,
        person: person(a.personId),
        label: historyLabel(kind, successor?.personId ?? null, person, locale),
        stepName: step.name[locale],
        at: a.actedAt,
        atText: time(a.actedAt),
        comment: (kind === 'completed' ? (a.comment ?? step.result) : a.comment) || null,
      });
    }
  }
  return byTime(all);
}

/** Past actions from the audit log: everything applied, refusals and opens left out. */
function historyFromAudit(
  audit: ReadonlyArray<CardAuditEntry>,
  instance: WorkflowInstance,
  person: (id: string) => CardPerson,
  time: (iso: string) => string,
  locale: Locale,
): CardHistoryEntry[] {
  const all: CardHistoryEntry[] = [];
  for (const entry of audit) {
    const kind = HISTORY_KIND_OF_AUDIT.get(entry.action);
    if (!kind) continue;
    const at = typeof entry.at === 'string' ? entry.at : entry.at.toISOString();
    const details = (entry.details ?? {}) as Record<string, unknown>;
    const other =
      kind === 'transferred' ? details.toPersonId : kind === 'added_signer' ? details.personId : undefined;
    const stepLabel =
      (kind === 'approved' || kind === 'completed') && typeof details.step === 'string'
        ? stepHistoryLabel(kind, details.step, details, locale)
        : undefined;
    all.push({
      kind,
      person: person(entry.actorId ?? instance.requesterId),
      label: stepLabel ?? historyLabel(kind, typeof other === 'string' ? other : null, person, locale),
      stepName: null,
      at,
      atText: time(at),
      comment: entry.comment || null,
    });
  }
  return byTime(all);
}

/**
 * An act named after its step where the catalog words it: `card.history.step.<step>` (拟办, 编号
 * 示水发〔2026〕1号, 发出), filled from the entry's details, or for an approval the step form's
 * own name (批办, 签发, 已盖章). Undefined (the generic 同意/办结) when neither is there or a
 * detail the wording needs is missing (an entry recorded before the detail was).
 */
function stepHistoryLabel(
  kind: 'approved' | 'completed',
  step: string,
  details: Readonly<Record<string, unknown>>,
  locale: Locale,
): string | undefined {
  const params: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(details)) {
    if (typeof value === 'string' || typeof value === 'number') params[name] = value;
  }
  const worded = translateDynamic(locale, `card.history.step.${step}`, params);
  if (worded !== undefined && placeholdersOf(worded).length === 0) return worded;
  return kind === 'approved' ? translateDynamic(locale, `card.action.step.${step}`) : undefined;
}

/** Oldest first; a stable sort keeps entries of the same moment in their given order. */
function byTime(entries: CardHistoryEntry[]): CardHistoryEntry[] {
  return entries.sort((x, y) => Date.parse(x.at) - Date.parse(y.at));
}

function historyLabel(
  kind: CardHistoryKind,
  otherPersonId: string | null,
  person: (id: string) => CardPerson,
  locale: Locale,
): string {
  const name = otherPersonId ? person(otherPersonId).name : t(locale, 'card.person.unknown');
  if (kind === 'transferred') return t(locale, 'card.history.transferred', { name });
  if (kind === 'added_signer') return t(locale, 'card.history.added_signer', { name });
  return t(locale, HISTORY_LABEL_KEYS[kind]);
}

const HISTORY_KIND_OF_ASSIGNMENT: Partial<Record<Assignment['status'], CardHistoryKind>> = {
  approved: 'approved',
  rejected: 'rejected',
  returned: 'returned',
  acknowledged: 'acknowledged',
  completed: 'completed',
  transferred: 'transferred',
};

const HISTORY_KIND_OF_AUDIT: ReadonlyMap<string, CardHistoryKind> = new Map<string, CardHistoryKind>([
  ['start', 'submitted'],
  ['approve', 'approved'],
  ['reject', 'rejected'],
  ['return', 'returned'],
  ['acknowledge', 'acknowledged'],
  ['complete', 'completed'],
  ['comment', 'commented'],
  ['transfer', 'transferred'],
  ['add_signer', 'added_signer'],
  ['recall', 'recalled'],
  ['resubmit', 'resubmitted'],
  ['cancel', 'cancelled'],
  ['archive', 'archived'],
]);

const HISTORY_LABEL_KEYS: Readonly<
  Record<Exclude<CardHistoryKind, 'transferred' | 'added_signer'>, PlainMessageKey>
> = {
  submitted: 'card.history.submitted',
  approved: 'card.history.approved',
  rejected: 'card.history.rejected',
  returned: 'card.history.returned',
  acknowledged: 'card.history.acknowledged',
  completed: 'card.history.completed',
  commented: 'card.history.commented',
  recalled: 'card.history.recalled',
  resubmitted: 'card.history.resubmitted',
  cancelled: 'card.history.cancelled',
  archived: 'card.history.archived',
};

function cardActionOf(type: CardActionType, stepRequiresComment: boolean, locale: Locale): CardAction {
  const label = t(locale, `card.action.${type}`);
  const confirm = (kind: 'reject' | 'recall' | 'cancel'): CardConfirm => ({
    title: t(locale, `card.confirm.${kind}.title`),
    text: t(locale, `card.confirm.${kind}.text`),
    confirm: t(locale, `card.confirm.${kind}.confirm`),
    deny: t(locale, 'card.confirm.deny'),
  });
  switch (type) {
    case 'approve':
    case 'acknowledge':
      // An opinion is needed (seed 004 art. 10): the button opens a form instead of acting at once.
      return {
        type,
        label,
        needsModal: stepRequiresComment,
        requireComment: stepRequiresComment,
        style: 'primary',
        confirm: null,
        form: null,
      };
    case 'reject':
      // A rejection always carries its reason, whatever the step says.
      return {
        type,
        label,
        needsModal: true,
        requireComment: true,
        style: 'danger',
        confirm: confirm('reject'),
        form: null,
      };
    case 'return':
    case 'comment':
      return { type, label, needsModal: true, requireComment: true, style: null, confirm: null, form: null };
    case 'transfer':
    case 'add_signer':
      return { type, label, needsModal: true, requireComment: false, style: null, confirm: null, form: null };
    case 'complete':
      return {
        type,
        label,
        needsModal: true,
        requireComment: false,
        style: 'primary',
        confirm: null,
        form: null,
      };
    case 'recall':
      return {
        type,
        label,
        needsModal: false,
        requireComment: false,
        style: null,
        confirm: confirm('recall'),
        form: null,
      };
    case 'resubmit':
      return {
        type,
        label,
        needsModal: false,
        requireComment: false,
        style: 'primary',
        confirm: null,
        form: null,
      };
    case 'cancel':
      return {
        type,
        label,
        needsModal: false,
        requireComment: false,
        style: 'danger',
        confirm: confirm('cancel'),
        form: null,
      };
  }
}
