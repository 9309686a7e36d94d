// A card click as DingTalk sends it down the Stream connection (topic
// `/v1.0/card/instances/callback`): `{corpId, userId, outTrackId, spaceType, spaceId, content}`,
// where `content` is JSON text `{"cardPrivateData":{"actionIds":[…],"params":{…}}}` and `params`
// holds what the template's callback sends (our `action` and `value`) and, from the panel's form,
// the form's values under `form`. Read here into what the bot needs, or a reason to refuse it;
// never a throw, whatever arrives.

import { z } from 'zod';
import { SLOT_ACTION_MAX, SLOT_VALUE_MAX } from './button-slots.ts';
import { PANEL_ACTION_IDS } from './template.ts';

/** Largest callback data read (a panel's long opinion fits many times over). */
export const CALLBACK_DATA_MAX = 64_000;

/** Most form values read from one submission, and the longest value. */
export const CALLBACK_INPUTS_MAX = 20;
export const CALLBACK_INPUT_MAX = 5000;

/** Where the click came from on the card. */
export type CardClickSource = 'button' | 'panel_submit' | 'panel_cancel';

/** A click read. */
export interface CardClick {
  /** The clicker's DingTalk userId. */
  userId: string;
  /** Our id of the card copy. */
  outTrackId: string;
  corpId: string | null;
  source: CardClickSource;
  /** What the click asks for (a card action type, a feature key, a reply's action). */
  action: string;
  value: string;
  /** The panel form's values by field name (text, or the choices of a multi-select). */
  inputs: Record<string, string | string[]>;
}

/** Why a callback was refused. */
export type CardClickRefusal =
  | 'not_json'
  | 'too_large'
  | 'bad_envelope'
  | 'bad_content'
  | 'no_action'
  | 'bad_action'
  | 'bad_value'
  | 'bad_inputs';

const Envelope = z.object({
  userId: z.string().min(1).max(200),
  outTrackId: z.string().min(1).max(200),
  corpId: z.string().max(200).optional(),
  content: z.string().max(CALLBACK_DATA_MAX),
});

const Content = z.object({
  cardPrivateData: z.object({
    actionIds: z.array(z.string().max(100)).max(20).optional(),
    params: z.record(z.string(), z.unknown()).optional(),
  }),
});

/** Action names are ids: letters, digits, `_`, `.`, `:` and `-`. */
const ACTION_PATTERN = /^[A-Za-z][A-Za-z0-9_.:-]*$/;

/** Reads a card callback's `data` (the frame's JSON text, or the object parsed from it). */
export function parseCardCallback(
  data: unknown,
): { ok: true; click: CardClick } | { ok: false; reason: CardClickRefusal } {
  let raw: unknown = data;
  if (typeof data === 'string') {
    if (data.length > CALLBACK_DATA_MAX) return { ok: false, reason: 'too_large' };
    try {
      raw = JSON.parse(data);
    } catch {
      return { ok: false, reason: 'not_json' };
    }
  }
  const envelope = Envelope.safeParse(raw);
  if (!envelope.success) {
    const tooLarge = envelope.error.issues.some(
      (issue) => issue.code === 'too_big' && issue.path[0] === 'content',
    );
    return { ok: false, reason: tooLarge ? 'too_large' : 'bad_envelope' };
  }
  let contentJson: unknown;
  try {
    contentJson = JSON.parse(envelope.data.content);
  } catch {
    return { ok: false, reason: 'bad_content' };
  }
  const content = Content.safeParse(contentJson);
  if (!content.success) return { ok: false, reason: 'bad_content' };
  const { actionIds = [], params = {} } = content.data.cardPrivateData;

  const action = params.action;
  const value = params.value ?? '';
  if (action === undefined || action === '') return { ok: false, reason: 'no_action' };
  if (typeof action !== 'string' || action.length > SLOT_ACTION_MAX || !ACTION_PATTERN.test(action)) {
    return { ok: false, reason: 'bad_action' };
  }
  if (typeof value !== 'string' || value.length > SLOT_VALUE_MAX) return { ok: false, reason: 'bad_value' };
  const inputs = readInputs(params.form);
  if (inputs === null) return { ok: false, reason: 'bad_inputs' };

  const source: CardClickSource = actionIds.includes(PANEL_ACTION_IDS.submit)
    ? 'panel_submit'
    : actionIds.includes(PANEL_ACTION_IDS.cancel)
      ? 'panel_cancel'
      : 'button';
  return {
    ok: true,
    click: {
      userId: envelope.data.userId,
      outTrackId: envelope.data.outTrackId,
      corpId: envelope.data.corpId ?? null,
      source,
      action,
      value,
      inputs,
    },
  };
}

/**
 * The form's values: text as text; numbers and booleans as their text; a select's `{index, value}`
 * as its value; a multi-select's `{index:[…], value:[…]}` as its values. Null for anything else.
 */
function readInputs(form: unknown): Record<string, string | string[]> | null {
  if (form === undefined || form === null) return {};
  if (typeof form !== 'object' || Array.isArray(form)) return null;
  const entries = Object.entries(form as Record<string, unknown>);
  if (entries.length > CALLBACK_INPUTS_MAX) return null;
  const inputs: Record<string, string | string[]> = {};
  for (const [name, raw] of entries) {
    if (name.length > 100) return null;
    const value = inputValue(raw);
    if (value === null) return null;
    if (value === undefined) continue;
    inputs[name] = value;
  }
  return inputs;
}

function inputValue(raw: unknown): string | string[] | null | undefined {
  if (raw === null || raw === undefined) return undefined;
  if (typeof raw === 'string') return raw.length <= CALLBACK_INPUT_MAX ? raw : null;
  if (typeof raw === 'number' || typeof raw === 'boolean') return String(raw);
  if (typeof raw === 'object' && !Array.isArray(raw) && 'value' in raw) {
    const inner = (raw as { value: unknown }).value;
    if (typeof inner === 'string') return inner.length <= CALLBACK_INPUT_MAX ? inner : null;
    if (
      Array.isArray(inner) &&
      inner.length <= 100 &&
      inner.every((v) => typeof v === 'string' && v.length <= 200)
    ) {
      return inner as string[];
    }
  }
  return null;
}
