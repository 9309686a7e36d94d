// The approval card as the card template's variables: the title, a state tag and one markdown body
// (meta line, state, key fields, route, history) shared by everyone who sees the card, and the
// viewer's own buttons as private data. It shows what the Slack card shows. User text is made
// inert for DingTalk's markdown and cut; the body is shrunk step by step (shorter history and
// comments, a collapsed route) until the card data fits its budget.

import { type Locale, t } from '../../../shared/i18n.ts';
import { truncateText } from '../../../shared/text.ts';
import type {
  Card,
  CardAction,
  CardExtraAction,
  CardHistoryEntry,
  CardPerson,
  CardRouteStep,
} from '../../core/card.ts';
import { inertText, MD_LINE_BREAK, MD_PARAGRAPH_BREAK, plainLine } from '../markdown.ts';
import { fillButtonSlots, type SlotButton } from './button-slots.ts';
import { encodeCardValue, encodeItemValue } from './card-value.ts';
import {
  CARD_VARS,
  type CardParamMap,
  type CardPrivateData,
  hiddenViewerParts,
  PANEL_VARS,
  privateDataFor,
  WEB_FORM_VARS,
} from './template.ts';

/**
 * What one card's shared variables may weigh, as UTF-8 JSON. DingTalk publishes no limit for
 * `cardParamMap`; this is the 15,000 bytes it documents for a robot message's `msgParam`, so a
 * card never carries more than a message could.
 */
export const CARD_DATA_MAX_BYTES = 15_000;

/** Longest title (the template shows it on one or two lines). */
export const CARD_TITLE_MAX = 100;

/** Longest summary in the chat list. */
export const CARD_SUMMARY_MAX = 80;

const ROUTE_LINE_MAX = 180;
const ROUTE_NAMES_MAX = 5;
const FIELDS_MAX = 10;
const FIELD_LABEL_MAX = 100;

/** One level of detail; the renderer walks down until the card fits. */
interface Detail {
  history: number;
  comment: number;
  routeWhole: number;
  routeAround: number;
  field: number;
}

const DETAIL_LEVELS: readonly Detail[] = [
  { history: 10, comment: 1000, routeWhole: 15, routeAround: 3, field: 1000 },
  { history: 8, comment: 500, routeWhole: 12, routeAround: 3, field: 500 },
  { history: 6, comment: 300, routeWhole: 10, routeAround: 2, field: 300 },
  { history: 4, comment: 150, routeWhole: 8, routeAround: 2, field: 200 },
  { history: 2, comment: 80, routeWhole: 5, routeAround: 1, field: 100 },
  { history: 0, comment: 0, routeWhole: 0, routeAround: 0, field: 60 },
];

/** A link to the bot's web form for this viewer (a long form: transfer, 批办, …). */
export interface CardWebFormLink {
  url: string;
  label: string;
}

/** The card's data for DingTalk: shared variables, and the viewer's own. */
export interface DingTalkCardData {
  /** Shared variables (`cardData.cardParamMap`): every per-viewer part hidden. */
  cardParamMap: CardParamMap;
  /** The viewer's variables: their buttons, the web-form link, the panel closed. */
  privateParams: CardParamMap;
  /** `privateData` for the card's viewer, by their DingTalk userId. */
  privateData(userId: string): CardPrivateData;
}

/** Options of {@link renderCard}. */
export interface RenderCardOptions {
  /** A web-form link button for this viewer; none when absent. */
  webForm?: CardWebFormLink;
  /** A short private word for this viewer (plain text), shown on their copy. */
  notice?: string;
}

/**
 * The card's template data. Tries the richest level of detail first and returns the first whose
 * shared variables weigh at most {@link CARD_DATA_MAX_BYTES}.
 */
export function renderCard(card: Card, options: RenderCardOptions = {}): DingTalkCardData {
  const locale = card.locale;
  let cardParamMap: CardParamMap = {};
  for (const detail of DETAIL_LEVELS) {
    cardParamMap = sharedParams(card, locale, detail);
    if (Buffer.byteLength(JSON.stringify(cardParamMap), 'utf8') <= CARD_DATA_MAX_BYTES) break;
  }
  const privateParams = viewerParams(card, options);
  return {
    cardParamMap,
    privateParams,
    privateData: (userId) => privateDataFor(userId, privateParams),
  };
}

/** The viewer's buttons as slot buttons: workflow actions first, then the features' buttons. */
export function cardButtons(card: Card): SlotButton[] {
  return [
    ...card.actions.map((action) => actionButton(card, action)),
    ...card.extraActions.map((action) => extraButton(card, action)),
  ];
}

function actionButton(card: Card, action: CardAction): SlotButton {
  return {
    label: action.label,
    action: action.type,
    value: encodeCardValue({
      instanceId: card.instanceId,
      version: card.version,
      opensForm: action.needsModal,
      requireComment: action.needsModal && action.requireComment,
      confirm: action.confirm !== null,
      ...(action.form ? { form: action.form } : {}),
    }),
    style: action.style ?? 'normal',
  };
}

function extraButton(card: Card, action: CardExtraAction): SlotButton {
  return {
    label: action.label,
    action: action.key,
    value: encodeItemValue(card.instanceId, card.version),
    style: action.style ?? 'normal',
  };
}

function viewerParams(card: Card, options: RenderCardOptions): CardParamMap {
  // Finished items have no buttons; a card model already says so, and the slots hide then.
  const { params } = fillButtonSlots(cardButtons(card));
  return {
    ...params,
    // A redraw closes a panel the viewer left open: the state it asked about may be gone.
    [PANEL_VARS.show]: 'false',
    [WEB_FORM_VARS.show]: options.webForm ? 'true' : 'false',
    [WEB_FORM_VARS.text]: options.webForm ? plainLine(options.webForm.label, 20) : '',
    [WEB_FORM_VARS.url]: options.webForm?.url ?? '',
    [CARD_VARS.notice]: options.notice ? inertText(truncateText(options.notice, 300)) : '',
  };
}

function sharedParams(card: Card, locale: Locale, detail: Detail): CardParamMap {
  return {
    ...hiddenViewerParts(),
    [CARD_VARS.lastMessage]: summaryOf(card, locale),
    [CARD_VARS.title]: plainLine(card.title || card.kindLabel || '—', CARD_TITLE_MAX),
    [CARD_VARS.statusText]: plainLine(card.status.label, 30),
    [CARD_VARS.statusStyle]: statusStyleOf(card),
    [CARD_VARS.body]: bodyOf(card, locale, detail),
  };
}

function statusStyleOf(card: Card): string {
  switch (card.status.code) {
    case 'running':
      return 'running';
    case 'returned':
    case 'recalled':
      return 'waiting';
    case 'approved':
      return 'done';
    default:
      return 'stopped';
  }
}

/** The body: meta line, (secrecy note), state, fields, route, history; paragraphs of markdown. */
function bodyOf(card: Card, locale: Locale, detail: Detail): string {
  const parts: string[] = [metaLine(card, locale)];
  if (card.classified) parts.push(inertText(t(locale, 'card.classified_note')));
  parts.push(stateLine(card, locale));
  const fields = fieldsOf(card, locale, detail);
  if (fields) parts.push(fields);
  parts.push(routeText(card, locale, detail));
  const history = historyText(card, locale, detail);
  if (history) parts.push(history);
  return parts.join(MD_PARAGRAPH_BREAK);
}

/** `raw` cut to `max` characters (the suffix counted, never inside a character), then made inert. */
function cut(raw: string, max: number, suffix = '…', multiline = false): string {
  if (raw.length <= max) return inertText(raw, { multiline });
  const budget = Math.max(0, max - suffix.length);
  let kept = '';
  for (const char of raw) {
    if (kept.length + char.length > budget) break;
    kept += char;
  }
  return inertText(kept, { multiline }) + inertText(suffix);
}

function namesOf(people: readonly CardPerson[], locale: Locale, max = ROUTE_NAMES_MAX): string {
  const separator = locale === 'en' ? ', ' : '、';
  const shown = people
    .slice(0, max)
    .map((p) => p.name)
    .join(separator);
  if (people.length <= max) return shown;
  return t(locale, 'card.people.more', { names: shown, count: people.length });
}

function metaLine(card: Card, locale: Locale): string {
  const { label, emphasized, marker } = card.urgency;
  const urgency = emphasized ? `${marker ? `${marker} ` : ''}**${inertText(label)}**` : inertText(label);
  const pieces = [cut(card.kindLabel, 100), cut(card.requesterLine, 200), urgency];
  if (card.deadline) {
    let due = inertText(t(locale, 'card.deadline', { time: card.deadline.text }));
    if (card.deadline.overdue) due += ` **${inertText(t(locale, 'card.overdue'))}**`;
    pieces.push(due);
  }
  return pieces.join('  ·  ');
}

function stateLine(card: Card, locale: Locale): string {
  if (card.status.code === 'running') {
    const line = t(locale, 'card.waiting_on', {
      names: namesOf(card.holders, locale, 10),
      step: card.currentStepName ?? '—',
    });
    return `${card.route.find((s) => s.state === 'current')?.mark ?? '▶'} ${cut(line, 1000)}`;
  }
  const status = `**${inertText(card.status.label)}**`;
  if (card.status.finished) {
    return card.status.atText ? `${status}  ·  ${inertText(card.status.atText)}` : status;
  }
  return card.waitingOnRequesterLine
    ? `${status}${MD_LINE_BREAK}${cut(card.waitingOnRequesterLine, 500)}`
    : status;
}

function fieldsOf(card: Card, locale: Locale, detail: Detail): string {
  if (card.classified || card.fields.length === 0) return '';
  const shown = card.fields.length > FIELDS_MAX ? card.fields.slice(0, FIELDS_MAX - 1) : card.fields;
  const separator = locale === 'en' ? ': ' : '：';
  const lines = shown.map(
    (f) =>
      `**${cut(f.label, FIELD_LABEL_MAX)}**${separator}${cut(f.value.replace(/\s+/g, ' '), detail.field)}`,
  );
  if (card.fields.length > shown.length) {
    lines.push(inertText(t(locale, 'card.fields.more', { count: card.fields.length - shown.length })));
  }
  return lines.join(MD_LINE_BREAK);
}

function routeLine(step: CardRouteStep, locale: Locale): string {
  const pieces = [step.name];
  if (step.people.length > 0) pieces.push(namesOf(step.people, locale));
  if (step.progress) pieces.push(step.progress);
  if (step.note) pieces.push(step.note);
  if (step.atText) pieces.push(step.atText);
  const body = cut(pieces.join(' · '), ROUTE_LINE_MAX);
  return step.state === 'current' ? `${step.mark} **${body}**` : `${step.mark} ${body}`;
}

/** The route, one line per step; a long one collapses around the current step. */
function routeText(card: Card, locale: Locale, detail: Detail): string {
  const title = `**${inertText(t(locale, 'card.route.title'))}**`;
  const steps = card.route;
  let lines: string[];
  if (steps.length <= detail.routeWhole) {
    lines = steps.map((s) => routeLine(s, locale));
  } else {
    let pivot = steps.findIndex((s) => s.state === 'current');
    if (pivot < 0) pivot = steps.findIndex((s) => s.state === 'pending');
    if (pivot < 0) pivot = steps.length;
    const from = Math.max(0, pivot - detail.routeAround);
    const to = Math.min(steps.length, pivot + 1 + detail.routeAround);
    lines = [];
    if (from > 0) lines.push(`✓ ${inertText(t(locale, 'card.route.done_hidden', { count: from }))}`);
    for (const step of steps.slice(from, to)) lines.push(routeLine(step, locale));
    if (to < steps.length) {
      lines.push(inertText(t(locale, 'card.route.more_pending', { count: steps.length - to })));
    }
  }
  return [title, ...lines].join(MD_LINE_BREAK);
}

function historyText(card: Card, locale: Locale, detail: Detail): string {
  if (detail.history === 0 || card.history.length === 0) return '';
  const shown = card.history.slice(-detail.history);
  const earlier = card.earlierHistoryCount + card.history.length - shown.length;
  let title = `**${inertText(t(locale, 'card.history.title'))}**`;
  if (earlier > 0) title += `  ${inertText(t(locale, 'card.history.earlier', { count: earlier }))}`;
  return [title, ...shown.map((entry) => historyEntry(entry, locale, detail))].join(MD_PARAGRAPH_BREAK);
}

function historyEntry(entry: CardHistoryEntry, locale: Locale, detail: Detail): string {
  const head = [`**${cut(entry.person.name, 100)}** ${inertText(entry.label)}`];
  if (entry.stepName) head.push(cut(entry.stepName, 100));
  head.push(inertText(entry.atText));
  let text = head.join('  ·  ');
  if (entry.comment && detail.comment > 0) {
    const comment = cut(entry.comment, detail.comment, t(locale, 'card.history.truncated'), true);
    // Quoted line by line; a typed `>` is inert, so it cannot fake or end a quote.
    const quoted = comment
      .split(MD_LINE_BREAK)
      .map((line) => `> ${line}`)
      .join(MD_LINE_BREAK);
    text += `${MD_LINE_BREAK}${quoted}`;
  }
  return text;
}

/** Title and state in one plain line, for the chat list and notifications. */
function summaryOf(card: Card, locale: Locale): string {
  const urgency = !card.urgency.emphasized
    ? ''
    : locale === 'en'
      ? `[${card.urgency.label}] `
      : `【${card.urgency.label}】`;
  const state =
    card.status.code === 'running'
      ? t(locale, 'card.waiting_on', {
          names: namesOf(card.holders, locale, 3),
          step: card.currentStepName ?? '—',
        })
      : card.status.label;
  const separator = locale === 'en' ? ': ' : '：';
  return plainLine(
    `${urgency}${truncateText(card.title || card.kindLabel, 40)}${separator}${state}`,
    CARD_SUMMARY_MAX,
  );
}
