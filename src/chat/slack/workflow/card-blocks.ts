// The approval card in Block Kit: header, context line, state, key fields, route, history and the
// viewer's buttons. Every piece of user text is escaped for mrkdwn and cut to Slack's limits, and
// the whole message is shrunk step by step (the core's levels of detail, `core/card-detail.ts`:
// shorter history, shorter comments, collapsed route) until it fits Slack's undocumented
// ~13,200-character `msg_blocks_too_long` ceiling.

import type { types } from '@slack/bolt';
import { type Locale, t } from '../../../shared/i18n.ts';
import type { Card, CardAction, CardExtraAction } from '../../core/card.ts';
import { type CardAtDetail, type CardHistoryLine, drawCardToFit } from '../../core/card-detail.ts';
import { cardSummaryLine, cardWaitingOn } from '../../core/card-text.ts';
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
/** Longest title in the text fallback. */
const TEXT_FALLBACK_TITLE_MAX = 120;

/**
 * The card as a Slack message. Tries the richest level of detail first and returns the first one
 * within every limit (≤ 50 blocks, ≤ {@link CARD_BLOCKS_JSON_BUDGET} characters of blocks JSON).
 */
export function renderCardBlocks(card: Card, locale: Locale = card.locale): SlackMessage {
  // Title and state in one short line, for notifications and screen readers (escaped: text is mrkdwn too).
  const text = escapeAndTruncate(cardSummaryLine(card, locale, TEXT_FALLBACK_TITLE_MAX), TEXT_FALLBACK_MAX);
  const blocks = drawCardToFit(card, locale, (view) => renderAt(card, locale, view), fits);
  return { text, blocks };
}

function fits(blocks: Block[]): boolean {
  return (
    blocks.length <= BLOCK_KIT_LIMITS.blocksPerMessage &&
    JSON.stringify(blocks).length <= CARD_BLOCKS_JSON_BUDGET
  );
}

function renderAt(card: Card, locale: Locale, view: CardAtDetail): Block[] {
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
  const fields = fieldsOf(view);
  if (fields.length > 0) parts.push(['fields', { type: 'section', fields }]);
  parts.push(['route', { type: 'section', text: mrkdwn(routeText(view)) }]);
  const history = view.history;
  if (history) {
    let title = `*${escapeMrkdwn(history.title)}*`;
    if (history.earlier) title += `  _${escapeMrkdwn(history.earlier)}_`;
    parts.push(['history', { type: 'context', elements: [mrkdwn(title)] }]);
    history.entries.forEach((line, index) => {
      parts.push([`h${index}`, { type: 'section', text: mrkdwn(historyText(line)) }]);
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
    const line = cardWaitingOn(card, locale, 10);
    return `${card.route.find((s) => s.state === 'current')?.mark ?? '▶'} ${escapeAndTruncate(line, 1000)}`;
  }
  const status = `*${escapeMrkdwn(card.status.label)}*`;
  if (card.status.finished)
    return card.status.atText ? `${status}  ·  ${escapeMrkdwn(card.status.atText)}` : status;
  return card.waitingOnRequesterLine
    ? `${status}\n${escapeAndTruncate(card.waitingOnRequesterLine, 500)}`
    : status;
}

/** Fewest characters of a linked field's words worth drawing it as a link. */
const LINK_WORDS_MIN = 10;

function fieldsOf(view: CardAtDetail): types.MrkdwnElement[] {
  const fields = view.fields.map((f) => {
    const label = `*${escapeAndTruncate(f.label, view.fieldLabelMax)}*`;
    const room = Math.min(view.fieldValueMax, BLOCK_KIT_LIMITS.sectionFieldText - label.length - 1);
    // `<address|words>`: a link whose address leaves no room for its words is shown as the words.
    const address = f.url === undefined ? '' : escapeMrkdwn(f.url);
    const linked = address !== '' && room - address.length - 3 >= LINK_WORDS_MIN;
    const value = escapeAndTruncate(f.value, linked ? room - address.length - 3 : room);
    return mrkdwn(`${label}\n${linked ? `<${address}|${value}>` : value}`);
  });
  if (view.fieldsMore) fields.push(mrkdwn(`_${escapeMrkdwn(view.fieldsMore)}_`));
  return fields;
}

/** The route, one line per step (collapsed around the current step at the lower levels). */
function routeText(view: CardAtDetail): string {
  const lines = view.route.map(({ mark, text, current, elided }) => {
    const body = escapeAndTruncate(text, view.routeLineMax);
    const shown = current ? `*${body}*` : elided ? `_${body}_` : body;
    return mark ? `${mark} ${shown}` : shown;
  });
  const title = `*${escapeMrkdwn(view.routeTitle)}*`;
  return truncateText([title, ...lines].join('\n'), BLOCK_KIT_LIMITS.sectionText);
}

function historyText({ entry, comment }: CardHistoryLine): string {
  const head = [`*${escapeAndTruncate(entry.person.name, 100)}* ${escapeMrkdwn(entry.label)}`];
  if (entry.stepName) head.push(escapeAndTruncate(entry.stepName, 100));
  head.push(escapeMrkdwn(entry.atText));
  let text = head.join('  ·  ');
  if (comment) {
    const shown = escapeAndTruncate(comment.text, comment.max, comment.ending);
    // Quoted line by line; a user's own leading `>` is escaped, so it cannot fake a quote.
    text += `\n${shown
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
