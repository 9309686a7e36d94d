// A neutral reply for DingTalk: with buttons, the bot's card template (the header as its title,
// the other blocks as its markdown body, the buttons in the slots, for the person it answers);
// without, a robot `sampleMarkdown` message. Buttons beyond the slots are left out and the body
// says how many.

import { type Locale, t } from '../../../shared/i18n.ts';
import { type Reply, type ReplyButton, replyButtons } from '../../core/reply.ts';
import {
  blockMarkdown,
  inertText,
  MD_PARAGRAPH_BREAK,
  plainLine,
  renderMarkdown,
  replyToSampleMarkdown,
  type SampleMarkdownMessage,
} from '../markdown.ts';
import { fillButtonSlots, type SlotButton } from './button-slots.ts';
import { CARD_DATA_MAX_BYTES, CARD_SUMMARY_MAX, CARD_TITLE_MAX } from './render-card.ts';
import {
  CARD_VARS,
  type CardParamMap,
  type CardPrivateData,
  hiddenViewerParts,
  PANEL_VARS,
  privateDataFor,
  WEB_FORM_VARS,
} from './template.ts';

/** A reply drawn as the card template. */
export interface ReplyCard {
  kind: 'card';
  cardParamMap: CardParamMap;
  /** The buttons, for the person answered. */
  privateParams: CardParamMap;
  privateData(userId: string): CardPrivateData;
  /** Buttons that did not fit the slots (the body says so). */
  leftOut: number;
}

/** A reply drawn as a robot markdown message. */
export interface ReplyMarkdown extends SampleMarkdownMessage {
  kind: 'markdown';
}

/** The reply for DingTalk: a card when it has buttons, a markdown message otherwise. */
export function renderReply(reply: Reply, locale: Locale): ReplyCard | ReplyMarkdown {
  if (replyButtons(reply).length === 0) return { kind: 'markdown', ...replyToSampleMarkdown(reply) };
  return renderReplyCard(reply, locale);
}

/** The reply as the card template's data (also for a reply without buttons, when a card is wanted). */
export function renderReplyCard(reply: Reply, locale: Locale): ReplyCard {
  const buttons = replyButtons(reply).map(slotButtonOf);
  const { params, leftOut } = fillButtonSlots(buttons);
  const header = reply.blocks.find((block) => block.kind === 'header');
  const plain = reply.text.map((run) => (typeof run === 'string' ? run : run.text)).join('');
  const title = plainLine(header?.kind === 'header' ? header.text : plain, CARD_TITLE_MAX) || '…';

  const drawn = reply.blocks
    .filter((block) => block !== header)
    .map(blockMarkdown)
    .filter((piece) => piece !== '');
  // Blocks of buttons alone (a question and its answers): the reply's text is what it says.
  const pieces = drawn.length > 0 ? drawn : [renderMarkdown(reply.text)];
  const tail = leftOut > 0 ? inertText(t(locale, 'card.fields.more', { count: leftOut })) : null;

  const cardParamMap: CardParamMap = {
    ...hiddenViewerParts(),
    [CARD_VARS.lastMessage]: plainLine(title, CARD_SUMMARY_MAX),
    [CARD_VARS.title]: title,
    [CARD_VARS.statusText]: '',
    [CARD_VARS.statusStyle]: 'running',
    [CARD_VARS.body]: fitBody(pieces, tail),
  };
  const privateParams: CardParamMap = {
    ...params,
    [PANEL_VARS.show]: 'false',
    [WEB_FORM_VARS.show]: 'false',
    [CARD_VARS.notice]: '',
  };
  return {
    kind: 'card',
    cardParamMap,
    privateParams,
    privateData: (userId) => privateDataFor(userId, privateParams),
    leftOut,
  };
}

function slotButtonOf(button: ReplyButton): SlotButton {
  return { label: button.label, action: button.action, value: button.value, style: button.style ?? 'normal' };
}

/** The body's pieces, as many as fit the card budget, then `…`, then what was left out. */
function fitBody(pieces: readonly string[], tail: string | null): string {
  // The other shared variables weigh well under 2,000 bytes; the body gets the rest.
  const budget = CARD_DATA_MAX_BYTES - 2000;
  const joined = (list: readonly string[]) => [...list, ...(tail ? [tail] : [])].join(MD_PARAGRAPH_BREAK);
  const bytes = (text: string) => Buffer.byteLength(JSON.stringify(text), 'utf8');
  if (bytes(joined(pieces)) <= budget) return joined(pieces);
  const kept: string[] = [];
  for (const piece of pieces) {
    if (bytes(joined([...kept, piece, '…'])) > budget) break;
    kept.push(piece);
  }
  return joined([...kept, '…']);
}
