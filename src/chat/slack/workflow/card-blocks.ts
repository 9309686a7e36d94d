// The approval card in Block Kit: header, context line, state, key fields, route, history and the
// viewer's buttons. Every piece of user text is escaped for mrkdwn and cut to Slack's limits, and
// the whole message is shrunk step by step (shorter history, shorter comments, collapsed route)
// until it fits Slack's undocumented ~13,200-character `msg_blocks_too_long` ceiling.

import type { types } from '@slack/bolt';
import { type Locale, t } from '../../../shared/i18n.ts';
import type {
  Card,
  CardAction,
  CardExtraAction,
  CardHistoryEntry,
  CardPerson,
  CardRouteStep,
} from '../../core/card.ts';
import { encodeActionValue, encodeItemRef } from '../action-values.ts';
import { BLOCK_KIT_LIMITS, truncateText } from '../blocks/limits.ts';
import { type Block, mrkdwn, plainText, type SlackMessage } from '../blocks/message.ts';
import { escapeMrkdwn } from '../blocks/mrkdwn.ts';
import { BLOCK_IDS, EXTRA_BUTTON_ACTION_IDS, WORKFLOW_BUTTON_ACTION_IDS } from '../ids.ts';

/**
 * What the card's serialised blocks may weigh: Slack answers `msg_blocks_too_long` at about
 * 13,200 characters (bolt-js #2509); the margin absorbs Slack counting differently from us.
 */
export const CARD_BLOCKS_JSON_BUDGET = 12_000;

/** Longest text fallback: notifications show a line, not a page. */
const TEXT_FALLBACK_MAX = 300;
/** Longest route line (one step with its people). */
const ROUTE_LINE_MAX = 180;
/** Names listed on one route line before "等 N 人". */
const ROUTE_NAMES_MAX = 5;
/** Longest field label. */
const FIELD_LABEL_MAX = 100;

/** One level of detail; the renderer walks down the list until the message fits. */
interface Detail {
  /** History entries shown (newest). */
  history: number;
  /** Characters of each comment (escaped) before "…(全文见审计记录)". */
  comment: number;
  /** Routes up to this many steps are shown whole; longer ones collapse. */
  routeWhole: number;
  /** In a collapsed route: done steps shown before the current one, pending steps after it. */
  routeAround: number;
  /** Characters of each field value (escaped). */
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

/**
 * The card as a Slack message. Tries the richest level of detail first and returns the first one
 * within every limit (≤ 50 blocks, ≤ {@link CARD_BLOCKS_JSON_BUDGET} characters of blocks JSON).
 */
export function renderCardBlocks(card: Card, locale: Locale = card.locale): SlackMessage {
  const text = textFallback(card, locale);
  let blocks: Block[] = [];
  for (const detail of DETAIL_LEVELS) {
    blocks = renderAt(card, locale, detail);
    if (fits(blocks)) break;
  }
  return { text, blocks };
}

function fits(blocks: Block[]): boolean {
  return (
    blocks.length <= BLOCK_KIT_LIMITS.blocksPerMessage &&
    JSON.stringify(blocks).length <= CARD_BLOCKS_JSON_BUDGET
  );
}

function renderAt(card: Card, locale: Locale, detail: Detail): Block[] {
  const parts: Array<[string, Block]> = [];
  parts.push([
    'header',
    {
      type: 'header',
      text: plainText(truncateText(card.title || card.kindLabel || '—', BLOCK_KIT_LIMITS.headerText)),
    },
  ]);
  parts.push(['meta', { type: 'context', elements: [mrkdwn(metaLine(card, locale))] }]);
  if (card.classified) {
    parts.push([
      'secrecy',
      { type: 'context', elements: [mrkdwn(escapeMrkdwn(t(locale, 'card.classified_note')))] },
    ]);
  }
  parts.push(['state', { type: 'section', text: mrkdwn(stateLine(card, locale)) }]);
  const fields = fieldsOf(card, locale, detail);
  if (fields.length > 0) parts.push(['fields', { type: 'section', fields }]);
  parts.push(['route', { type: 'section', text: mrkdwn(routeText(card, locale, detail)) }]);
  if (detail.history > 0 && card.history.length > 0) {
    const shown = card.history.slice(-detail.history);
    const earlier = card.earlierHistoryCount + card.history.length - shown.length;
    let title = `*${escapeMrkdwn(t(locale, 'card.history.title'))}*`;
    if (earlier > 0) title += `  _${escapeMrkdwn(t(locale, 'card.history.earlier', { count: earlier }))}_`;
    parts.push(['history', { type: 'context', elements: [mrkdwn(title)] }]);
    shown.forEach((entry, index) => {
      parts.push([`h${index}`, { type: 'section', text: mrkdwn(historyText(entry, locale, detail)) }]);
    });
  }
  const buttons = [
    ...card.actions.map((action) => buttonOf(card, action)),
    ...card.extraActions.flatMap((action) => extraButtonOf(card, action)),
  ].slice(0, BLOCK_KIT_LIMITS.actionsElements);
  if (buttons.length > 0) parts.push(['actions', { type: 'actions', elements: buttons }]);
  return parts.map(([part, block]) => withBlockId(block, card.version, part));
}

/**
 * A block_id fresh whenever the block changes: the version plus a hash of the block's content, so
 * chat.update re-renders what changed (SLACK_RULES) and ids stay unique within the message.
 */
function withBlockId(block: Block, version: number, part: string): Block {
  const blockId = `${BLOCK_IDS.wfCardPrefix}:${version}:${part}:${hashOf(JSON.stringify(block))}`;
  return { ...block, block_id: blockId };
}

/** FNV-1a, 32 bits, base 36: short and stable; not for security. */
function hashOf(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(36);
}

/**
 * `raw` escaped for mrkdwn and at most `max` characters long, cut between characters (never inside
 * an `&amp;` entity or a surrogate pair) and ended with `suffix` when something was removed.
 */
export function escapeAndTruncate(raw: string, max: number, suffix = '…'): string {
  const escaped = escapeMrkdwn(raw);
  if (escaped.length <= max) return escaped;
  const tail = escapeMrkdwn(suffix);
  const budget = max - tail.length;
  if (budget <= 0) return tail.slice(0, Math.max(0, max));
  let out = '';
  for (const char of raw) {
    const piece = escapeMrkdwn(char);
    if (out.length + piece.length > budget) break;
    out += piece;
  }
  return out + tail;
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

function urgencyText(card: Card): string {
  const { label, emphasized, marker } = card.urgency;
  if (!emphasized) return escapeMrkdwn(label);
  return `${marker ? `${marker} ` : ''}*${escapeMrkdwn(label)}*`;
}

/** Kind · requester · urgency · deadline. */
function metaLine(card: Card, locale: Locale): string {
  const pieces = [
    escapeAndTruncate(card.kindLabel, 100),
    escapeAndTruncate(card.requesterLine, 200),
    urgencyText(card),
  ];
  if (card.deadline) {
    let due = escapeMrkdwn(t(locale, 'card.deadline', { time: card.deadline.text }));
    if (card.deadline.overdue) due += ` *${escapeMrkdwn(t(locale, 'card.overdue'))}*`;
    pieces.push(due);
  }
  return pieces.join('  ·  ');
}

/** Whom it waits on (running), on the requester (returned/recalled), or how it ended. */
function stateLine(card: Card, locale: Locale): string {
  if (card.status.code === 'running') {
    const line = t(locale, 'card.waiting_on', {
      names: namesOf(card.holders, locale, 10),
      step: card.currentStepName ?? '—',
    });
    return `${card.route.find((s) => s.state === 'current')?.mark ?? '▶'} ${escapeAndTruncate(line, 1000)}`;
  }
  const status = `*${escapeMrkdwn(card.status.label)}*`;
  if (card.status.finished)
    return card.status.atText ? `${status}  ·  ${escapeMrkdwn(card.status.atText)}` : status;
  return card.waitingOnRequesterLine
    ? `${status}\n${escapeAndTruncate(card.waitingOnRequesterLine, 500)}`
    : status;
}

function fieldsOf(card: Card, locale: Locale, detail: Detail): types.MrkdwnElement[] {
  if (card.classified || card.fields.length === 0) return [];
  const max = BLOCK_KIT_LIMITS.sectionFields;
  const shown = card.fields.length > max ? card.fields.slice(0, max - 1) : card.fields;
  const fields = shown.map((f) => {
    const label = `*${escapeAndTruncate(f.label, FIELD_LABEL_MAX)}*`;
    const room = Math.min(detail.field, BLOCK_KIT_LIMITS.sectionFieldText - label.length - 1);
    return mrkdwn(`${label}\n${escapeAndTruncate(f.value, room)}`);
  });
  if (card.fields.length > max) {
    fields.push(
      mrkdwn(
        `_${escapeMrkdwn(t(locale, 'card.fields.more', { count: card.fields.length - shown.length }))}_`,
      ),
    );
  }
  return fields;
}

function routeLine(step: CardRouteStep, locale: Locale): string {
  const pieces = [step.name];
  if (step.people.length > 0) pieces.push(namesOf(step.people, locale));
  if (step.progress) pieces.push(step.progress);
  if (step.note) pieces.push(step.note);
  if (step.atText) pieces.push(step.atText);
  const body = escapeAndTruncate(pieces.join(' · '), ROUTE_LINE_MAX);
  return step.state === 'current' ? `${step.mark} *${body}*` : `${step.mark} ${body}`;
}

/**
 * The route, one line per step; a long route collapses to: how many steps are done, the last few
 * of them, the current step, the next few and "… N more".
 */
function routeText(card: Card, locale: Locale, detail: Detail): string {
  const title = `*${escapeMrkdwn(t(locale, 'card.route.title'))}*`;
  const steps = card.route;
  let lines: string[];
  if (steps.length <= detail.routeWhole) {
    lines = steps.map((s) => routeLine(s, locale));
  } else {
    // The pivot: the current step, or (when nothing runs) the first step not yet reached.
    let pivot = steps.findIndex((s) => s.state === 'current');
    if (pivot < 0) pivot = steps.findIndex((s) => s.state === 'pending');
    if (pivot < 0) pivot = steps.length;
    const from = Math.max(0, pivot - detail.routeAround);
    const to = Math.min(steps.length, pivot + 1 + detail.routeAround);
    lines = [];
    if (from > 0) {
      lines.push(`✓ _${escapeMrkdwn(t(locale, 'card.route.done_hidden', { count: from }))}_`);
    }
    for (const step of steps.slice(from, to)) lines.push(routeLine(step, locale));
    if (to < steps.length) {
      lines.push(`_${escapeMrkdwn(t(locale, 'card.route.more_pending', { count: steps.length - to }))}_`);
    }
  }
  return truncateText([title, ...lines].join('\n'), BLOCK_KIT_LIMITS.sectionText);
}

function historyText(entry: CardHistoryEntry, locale: Locale, detail: Detail): string {
  const head = [`*${escapeAndTruncate(entry.person.name, 100)}* ${escapeMrkdwn(entry.label)}`];
  if (entry.stepName) head.push(escapeAndTruncate(entry.stepName, 100));
  head.push(escapeMrkdwn(entry.atText));
  let text = head.join('  ·  ');
  if (entry.comment && detail.comment > 0) {
    const comment = escapeAndTruncate(entry.comment, detail.comment, t(locale, 'card.history.truncated'));
    // Quoted line by line; a user's own leading `>` is escaped, so it cannot fake a quote.
    text += `\n${comment
      .split('\n')
      .map((line) => `>${line}`)
      .join('\n')}`;
  }
  return truncateText(text, BLOCK_KIT_LIMITS.sectionText);
}

function buttonOf(card: Card, action: CardAction): types.Button {
  const button: types.Button = {
    type: 'button',
    action_id: WORKFLOW_BUTTON_ACTION_IDS[action.type],
    text: plainText(truncateText(action.label, BLOCK_KIT_LIMITS.buttonText)),
    value: encodeActionValue({
      instanceId: card.instanceId,
      version: card.version,
      action: action.type,
      requireComment: action.needsModal && action.requireComment,
      ...(action.form ? { form: action.form } : {}),
    }),
  };
  if (action.style) button.style = action.style;
  if (action.confirm) {
    button.confirm = {
      title: plainText(truncateText(action.confirm.title, 100)),
      text: plainText(truncateText(action.confirm.text, 300)),
      confirm: plainText(truncateText(action.confirm.confirm, 30)),
      deny: plainText(truncateText(action.confirm.deny, 30)),
      ...(action.style === 'danger' ? { style: 'danger' as const } : {}),
    };
  }
  return button;
}

/** A feature's button (归档); none when this platform has no button for it. */
function extraButtonOf(card: Card, action: CardExtraAction): types.Button[] {
  const actionId = EXTRA_BUTTON_ACTION_IDS[action.key];
  if (!actionId) return [];
  return [
    {
      type: 'button',
      action_id: actionId,
      text: plainText(truncateText(action.label, BLOCK_KIT_LIMITS.buttonText)),
      value: encodeItemRef({ instanceId: card.instanceId, version: card.version }),
      ...(action.style ? { style: action.style } : {}),
    },
  ];
}

/** Title and state in one short line, for notifications and screen readers (escaped: text is mrkdwn too). */
function textFallback(card: Card, locale: Locale): string {
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
  const title = truncateText(card.title || card.kindLabel, 120);
  return escapeAndTruncate(`${urgency}${title}${separator}${state}`, TEXT_FALLBACK_MAX);
}
