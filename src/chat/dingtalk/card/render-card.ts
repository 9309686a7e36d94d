// The approval card as the card template's variables: the title, a state tag and one markdown body
// (meta line, state, key fields, route, history) shared by everyone who sees the card, and the
// viewer's own buttons as private data. It shows what the Slack card shows. User text is made
// inert for DingTalk's markdown and cut; the body is shrunk step by step (the core's levels of
// detail, `core/card-detail.ts`: shorter history and comments, a collapsed route) until the card
// data fits its budget.

import { type Locale, t } from '../../../shared/i18n.ts';
import { truncateText } from '../../../shared/text.ts';
import type { Card, CardAction, CardExtraAction } from '../../core/card.ts';
import {
  type CardAtDetail,
  type CardHistoryAtDetail,
  type CardHistoryLine,
  drawCardToFit,
} from '../../core/card-detail.ts';
import { encodeCardItemValue } from '../../core/card-item-value.ts';
import { cardSummaryLine, cardWaitingOn } from '../../core/card-text.ts';
import { inertText, MD_LINE_BREAK, MD_PARAGRAPH_BREAK, plainLine, safeLinkTarget } from '../markdown.ts';
import { fillButtonSlots, type SlotButton } from './button-slots.ts';
import { encodeCardValue } from './card-value.ts';
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

/** Longest title in the summary. */
const SUMMARY_TITLE_MAX = 40;

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
  const cardParamMap = drawCardToFit(
    card,
    locale,
    (view) => sharedParams(card, locale, view),
    (params) => Buffer.byteLength(JSON.stringify(params), 'utf8') <= CARD_DATA_MAX_BYTES,
  );
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
    // The core's value of a feature button, as on every platform: the feature's handler reads it.
    value: encodeCardItemValue({ instanceId: card.instanceId, version: card.version }),
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

function sharedParams(card: Card, locale: Locale, view: CardAtDetail): CardParamMap {
  return {
    ...hiddenViewerParts(),
    // Title and state in one plain line, for the chat list and notifications.
    [CARD_VARS.lastMessage]: plainLine(cardSummaryLine(card, locale, SUMMARY_TITLE_MAX), CARD_SUMMARY_MAX),
    [CARD_VARS.title]: plainLine(card.title || card.kindLabel || '—', CARD_TITLE_MAX),
    [CARD_VARS.statusText]: plainLine(card.status.label, 30),
    [CARD_VARS.statusStyle]: statusStyleOf(card),
    [CARD_VARS.body]: bodyOf(card, locale, view),
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
function bodyOf(card: Card, locale: Locale, view: CardAtDetail): string {
  const parts: string[] = [metaLine(card, locale)];
  if (card.classified) parts.push(inertText(t(locale, 'card.classified_note')));
  parts.push(stateLine(card, locale));
  const fields = fieldsOf(view, locale);
  if (fields) parts.push(fields);
  parts.push(routeText(view));
  if (view.history) parts.push(historyText(view.history));
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
    const line = cardWaitingOn(card, locale, 10);
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

function fieldsOf(view: CardAtDetail, locale: Locale): string {
  const separator = locale === 'en' ? ': ' : '：';
  // A value of several lines (a meeting's tally, a line per answer) keeps its lines.
  const lines = view.fields.map((f) => {
    const value = cut(fieldLines(f.value), view.fieldValueMax, '…', true);
    const target = f.url === undefined ? null : safeLinkTarget(f.url);
    return `**${cut(f.label, view.fieldLabelMax)}**${separator}${target === null ? value : `[${value}](${target})`}`;
  });
  if (view.fieldsMore) lines.push(inertText(view.fieldsMore));
  return lines.join(MD_LINE_BREAK);
}

/** A field's value: each line's spaces folded, empty lines left out. */
function fieldLines(value: string): string {
  return value
    .split('\n')
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .filter((line) => line !== '')
    .join('\n');
}

/** The route, one line per step (collapsed around the current step at the lower levels). */
function routeText(view: CardAtDetail): string {
  const lines = view.route.map(({ mark, text, current }) => {
    const body = cut(text, view.routeLineMax);
    const shown = current ? `**${body}**` : body;
    return mark ? `${mark} ${shown}` : shown;
  });
  return [`**${inertText(view.routeTitle)}**`, ...lines].join(MD_LINE_BREAK);
}

function historyText(history: CardHistoryAtDetail): string {
  let title = `**${inertText(history.title)}**`;
  if (history.earlier) title += `  ${inertText(history.earlier)}`;
  return [title, ...history.entries.map(historyEntry)].join(MD_PARAGRAPH_BREAK);
}

function historyEntry({ entry, comment }: CardHistoryLine): string {
  const head = [`**${cut(entry.person.name, 100)}** ${inertText(entry.label)}`];
  if (entry.stepName) head.push(cut(entry.stepName, 100));
  head.push(inertText(entry.atText));
  let text = head.join('  ·  ');
  if (comment) {
    const shown = cut(comment.text, comment.max, comment.ending, true);
    // Quoted line by line; a typed `>` is inert, so it cannot fake or end a quote.
    const quoted = shown
      .split(MD_LINE_BREAK)
      .map((line) => `> ${line}`)
      .join(MD_LINE_BREAK);
    text += `${MD_LINE_BREAK}${quoted}`;
  }
  return text;
}
