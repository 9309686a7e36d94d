// Cards as WeCom template cards (模板卡片, `template_card` of message/send, developer.work.weixin.qq.com/
// document/path/90236): a workflow card or a reply with buttons is a `button_interaction` card
// (WeCom cards take no typed text: an opinion goes through the web form). What each button
// sends back is its `key`, which WeCom returns as the click's EventKey: a short JSON naming the
// action and what it is about (see {@link encodeButtonKey}).
//
// WeCom's limits, from that page (most are "建议不超过" — longer text is cut by the client, so
// the bot cuts it first, with `…`): task_id at most 128 bytes of letters, digits and `_-@`;
// main_title.title 36 characters and main_title.desc 44; sub_title_text 160; source.desc 13;
// horizontal_content_list at most 6 rows, keyname 5 characters, value 30; button_list at most 6
// buttons, text 10 characters, key at most 1,024 bytes and unique on the card. Buttons beyond the
// six are left out and the card says how many. The keyname's 5 is "建议不超过5个字", five Chinese
// characters: the room of a label column, so it is measured in columns (a Chinese character two,
// a Latin letter one), 10; counted as characters, "Agenda" or "Materials" came out "Agen…". A
// row's value is measured so too (60 columns): an English line keeps the letters a Chinese one
// of thirty characters would.

import { z } from 'zod';
import { type Locale, t } from '../../../shared/i18n.ts';
import { textColumns, truncateColumns, truncateText } from '../../../shared/text.ts';
import type { Card } from '../../core/card.ts';
import { fieldsWithin } from '../../core/card-detail.ts';
import { encodeCardItemValue } from '../../core/card-item-value.ts';
import { cardWaitingOn } from '../../core/card-text.ts';
import { plainOf, type Reply, type ReplyButton, replyButtons } from '../../core/reply.ts';

/** WeCom's limits on a template card (see the top of this file). */
export const TEMPLATE_CARD_LIMITS = {
  taskIdBytes: 128,
  title: 36,
  titleDesc: 44,
  subTitle: 160,
  sourceDesc: 13,
  rows: 6,
  /** In columns (see the top of this file): five Chinese characters, or ten Latin letters. */
  rowKeyColumns: 10,
  /** In columns, as `rowKeyColumns`: thirty Chinese characters. */
  rowValueColumns: 60,
  buttons: 6,
  buttonText: 10,
  buttonKeyBytes: 1024,
  quoteText: 160,
} as const;

/** A template card, as message/send and update_template_card take it. */
export type TemplateCard = Record<string, unknown> & { card_type: 'button_interaction'; task_id: string };

/** What a button asks for, as its key records it. */
export type ButtonIntent =
  /**
   * A workflow action, or a feature's button (归档, 催一下: no flags), on item `i` as the card showed it at version `v`; `m`: it opens a form (`r`:
   * with the opinion required; `f`: the step's own form); `c`: it asks to confirm first; `k`: the
   * press of a confirmation card's confirm button.
   */
  | { a: string; i: string; v: number; m?: 1; r?: 1; f?: string; c?: 1; k?: 1; x?: undefined }
  /** A reply's button: its neutral action and value. */
  | { a: string; x: string };

const ACTION = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z][A-Za-z0-9_.:-]*$/);
const KeySchema = z.union([
  z.strictObject({ a: ACTION, x: z.string().max(2000) }),
  z.strictObject({
    a: ACTION,
    i: z.uuid(),
    v: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
    m: z.literal(1).optional(),
    r: z.literal(1).optional(),
    f: z
      .string()
      .regex(/^[a-z][a-z0-9_]{0,31}$/)
      .optional(),
    c: z.literal(1).optional(),
    k: z.literal(1).optional(),
  }),
]);

/** A button's key: its intent as compact JSON; null when it would pass WeCom's 1,024 bytes. */
export function encodeButtonKey(intent: ButtonIntent): string | null {
  const key = JSON.stringify(intent);
  return Buffer.byteLength(key, 'utf8') <= TEMPLATE_CARD_LIMITS.buttonKeyBytes ? key : null;
}

/**
 * A key WeCom sent back (an EventKey), read by `schema`: null when it is over WeCom's 1,024 bytes,
 * not JSON, or not of that shape. Never throws.
 */
export function readCardKey<T>(raw: string, schema: z.ZodType<T>): T | null {
  if (Buffer.byteLength(raw, 'utf8') > TEMPLATE_CARD_LIMITS.buttonKeyBytes) return null;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return null;
  }
  const parsed = schema.safeParse(json);
  return parsed.success ? parsed.data : null;
}

/** Reads a click's EventKey back; null for anything that is not one of the bot's keys. Never throws. */
export function parseButtonKey(raw: string): ButtonIntent | null {
  return readCardKey(raw, KeySchema) as ButtonIntent | null;
}

/** The value a feature's ButtonHandler reads for an item button (the core's, as on every platform). */
export function featureButtonValue(intent: { i: string; v: number }): string {
  return encodeCardItemValue({ instanceId: intent.i, version: intent.v });
}

/** A task id WeCom takes (letters, digits, `_-@`, at most 128 bytes) from `raw`. */
export function taskIdOf(raw: string): string {
  return raw.replace(/[^A-Za-z0-9_\-@]/g, '-').slice(0, TEMPLATE_CARD_LIMITS.taskIdBytes);
}

/** WeCom's button styles: 1 blue (the forward action), 3 red (reject, cancel), 2 plain. */
function styleOf(style: 'primary' | 'danger' | null | undefined): number {
  if (style === 'primary') return 1;
  if (style === 'danger') return 3;
  return 2;
}

/** One row of horizontal_content_list: plain (no type), or a link (type 1) with its url. */
interface FieldRow {
  keyname: string;
  value: string;
  type?: 1;
  url?: string;
}

const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();
const cut = (text: string, max: number) => truncateText(oneLine(text), max);

interface CardButton {
  text: string;
  style: number;
  key: string;
}

/** Up to six buttons; what does not fit (or whose key is too long) is counted, not drawn. */
function fitButtons(buttons: ReadonlyArray<{ label: string; style: number; intent: ButtonIntent }>): {
  list: CardButton[];
  leftOut: number;
} {
  const list: CardButton[] = [];
  for (const button of buttons) {
    if (list.length === TEMPLATE_CARD_LIMITS.buttons) break;
    const key = encodeButtonKey(button.intent);
    if (key === null || list.some((drawn) => drawn.key === key)) continue;
    list.push({ text: cut(button.label, TEMPLATE_CARD_LIMITS.buttonText), style: button.style, key });
  }
  return { list, leftOut: buttons.length - list.length };
}

/** The action of a finished card's outcome button. */
export const STATUS_BUTTON_ACTION = 'status';

/**
 * A finished item offers nothing to do, but a button_interaction card needs a button: one that
 * shows the outcome, whose press changes nothing.
 */
function statusButton(card: Card): { label: string; style: number; intent: ButtonIntent } {
  return {
    label: card.status.label,
    style: 2,
    intent: { a: STATUS_BUTTON_ACTION, i: card.instanceId, v: card.version },
  };
}

/** The card's buttons for its viewer: workflow actions first, then the features'. */
function cardButtonsOf(card: Card) {
  const actions = card.actions.map((action) => ({
    label: action.label,
    style: styleOf(action.style),
    intent: {
      a: action.type,
      i: card.instanceId,
      v: card.version,
      ...(action.needsModal ? { m: 1 as const } : {}),
      ...(action.needsModal && action.requireComment ? { r: 1 as const } : {}),
      ...(action.form ? { f: action.form } : {}),
      ...(action.confirm && !action.needsModal ? { c: 1 as const } : {}),
    },
  }));
  const extras = card.extraActions.map((extra) => ({
    label: extra.label,
    style: styleOf(extra.style),
    intent: { a: extra.key, i: card.instanceId, v: card.version },
  }));
  const all = [...actions, ...extras];
  return all.length > 0 ? all : [statusButton(card)];
}

/**
 * The card's fields as the card's rows, at most six: the key fields (a meeting's time, place,
 * agenda and materials) are chosen first, as on every platform, a row each. Rows left over go to
 * a field of several lines (a meeting's tally, a line per answer), a row per line under its label,
 * so each line keeps its start (its count) instead of the first line alone showing; where they
 * are too few for all its lines, or its one line is longer than a row, its one-line summary (the
 * counts) shows, or else as many lines as fit. A field with an address (a meeting's materials) is a link row (type 1): a tap opens it.
 */
function fieldRows(fields: Card['fields']): FieldRow[] {
  const { shown } = fieldsWithin(fields, TEMPLATE_CARD_LIMITS.rows);
  let spare = TEMPLATE_CARD_LIMITS.rows - shown.length;
  return shown.flatMap((field) => {
    const keyname = truncateColumns(oneLine(field.label), TEMPLATE_CARD_LIMITS.rowKeyColumns);
    const all = field.value.split('\n').filter((line) => line.trim() !== '');
    let lines = all.length > 0 ? all : [''];
    const cutShort =
      lines.length === 1 && textColumns(oneLine(lines[0] ?? '')) > TEMPLATE_CARD_LIMITS.rowValueColumns;
    if (field.summary !== undefined && cutShort) lines = [field.summary];
    else if (lines.length - 1 <= spare) spare -= lines.length - 1;
    else if (field.summary !== undefined) lines = [field.summary];
    else {
      lines = lines.slice(0, spare + 1);
      spare = 0;
    }
    return lines.map((line, index) => ({
      keyname,
      value: truncateColumns(oneLine(line), TEMPLATE_CARD_LIMITS.rowValueColumns),
      ...(field.url !== undefined && index === 0 ? { type: 1 as const, url: field.url } : {}),
    }));
  });
}

/** The workflow card for its viewer, as a button_interaction template card with `taskId`. */
export function renderCardTemplate(card: Card, taskId: string): TemplateCard {
  const { locale } = card;
  const { list, leftOut } = fitButtons(cardButtonsOf(card));
  const state =
    card.status.code === 'running'
      ? cardWaitingOn(card, locale, 5)
      : [card.status.label, card.status.atText ?? '', card.waitingOnRequesterLine ?? '']
          .filter(Boolean)
          .join(' · ');
  const meta = [card.requesterLine, card.urgency.label];
  if (card.deadline) {
    meta.push(t(locale, 'card.deadline', { time: card.deadline.text }));
    if (card.deadline.overdue) meta.push(t(locale, 'card.overdue'));
  }
  const lines = [state, meta.join(' · ')];
  if (card.classified) lines.push(t(locale, 'card.classified_note'));
  if (leftOut > 0) lines.push(t(locale, 'card.fields.more', { count: leftOut }));
  const route = card.route
    .map((step) => `${step.mark} ${step.name}`)
    .join('\n')
    .trim();
  return {
    card_type: 'button_interaction',
    source: { desc: cut(card.kindLabel, TEMPLATE_CARD_LIMITS.sourceDesc) },
    main_title: {
      title: cut(card.title || card.kindLabel || '—', TEMPLATE_CARD_LIMITS.title),
      desc: cut(
        `${card.urgency.marker ? `${card.urgency.marker} ` : ''}${card.status.label}`,
        TEMPLATE_CARD_LIMITS.titleDesc,
      ),
    },
    sub_title_text: truncateText(lines.join('\n'), TEMPLATE_CARD_LIMITS.subTitle),
    horizontal_content_list: fieldRows(card.fields),
    ...(route
      ? {
          quote_area: {
            type: 0,
            title: t(locale, 'card.route.title'),
            quote_text: truncateText(route, TEMPLATE_CARD_LIMITS.quoteText),
          },
        }
      : {}),
    task_id: taskIdOf(taskId),
    button_list: list,
  };
}

/**
 * A reply with buttons as a button_interaction card: its header (or its text) as the title, its
 * other blocks as the text under it, its buttons (reply buttons whose value would pass the key's
 * limit are left out, and counted).
 */
export function renderReplyTemplate(reply: Reply, locale: Locale, taskId: string): TemplateCard {
  const { list, leftOut } = fitButtons(
    replyButtons(reply).map((button: ReplyButton) => ({
      label: button.label,
      style: styleOf(button.style),
      intent: { a: button.action, x: button.value },
    })),
  );
  const header = reply.blocks.find((block) => block.kind === 'header');
  const title = header?.kind === 'header' ? header.text : plainOf(reply.text);
  const body = reply.blocks
    .filter((block) => block !== header)
    .flatMap((block) => {
      if (block.kind === 'section')
        return [block.text ? plainOf(block.text) : '', ...(block.fields ?? []).map(plainOf)];
      if (block.kind === 'context') return [block.items.map(plainOf).join(' · ')];
      return [];
    })
    .filter((line) => line !== '');
  if (leftOut > 0) body.push(t(locale, 'card.fields.more', { count: leftOut }));
  const text = body.length > 0 ? body.join('\n') : header ? plainOf(reply.text) : '';
  return {
    card_type: 'button_interaction',
    main_title: { title: cut(title || '…', TEMPLATE_CARD_LIMITS.title) },
    ...(text ? { sub_title_text: truncateText(text, TEMPLATE_CARD_LIMITS.subTitle) } : {}),
    task_id: taskIdOf(taskId),
    button_list: list,
  };
}

/** The action of a confirmation card's button that declines. */
export const CONFIRM_DENY_ACTION = 'confirm_deny';

/**
 * The card that asks a person to confirm `intent` (撤回, 撤销 …): WeCom has no dialogs, so a small
 * card of its own, with the confirm button (the same intent, confirmed) and one that declines.
 */
export function renderConfirmTemplate(
  confirm: { title: string; text: string; confirm: string; deny: string },
  intent: Extract<ButtonIntent, { i: string }>,
  taskId: string,
): TemplateCard {
  const { list } = fitButtons([
    { label: confirm.confirm, style: 3, intent: { ...intent, c: undefined, k: 1 } },
    { label: confirm.deny, style: 2, intent: { a: CONFIRM_DENY_ACTION, x: intent.i } },
  ]);
  return {
    card_type: 'button_interaction',
    main_title: { title: cut(confirm.title, TEMPLATE_CARD_LIMITS.title) },
    sub_title_text: truncateText(confirm.text, TEMPLATE_CARD_LIMITS.subTitle),
    task_id: taskIdOf(taskId),
    button_list: list,
  };
}
