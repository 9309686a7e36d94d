// What a workflow button's `value` and an action modal's `private_metadata` carry: which instance,
// which version of it the card showed, and which action. Nothing else, and nothing trusted: the
// service authorises every click against the stored record (SLACK_RULES: never on a button value),
// so a forged value can at most name an action its sender is then refused.

import { z } from 'zod';
import { AppError } from '../../shared/errors.ts';
import { CARD_ACTION_TYPES, type CardActionType } from '../core/card.ts';
import { type CardItemRef, encodeCardItemValue, parseCardItemValue } from '../core/card-item-value.ts';
import { BLOCK_KIT_LIMITS } from './blocks/limits.ts';

/** The compact JSON of a button value / private_metadata: `{"i":…,"v":…,"a":…}`. */
export const ActionValueSchema = z.strictObject({
  /** The workflow instance id. */
  i: z.uuid(),
  /** The instance version the card was drawn from. */
  v: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  /** The action the button stands for. */
  a: z.enum(CARD_ACTION_TYPES),
  /**
   * 1 when the step asks for an opinion: the button opens a form before acting. A display hint
   * only; the service enforces the rule on the stored record.
   */
  r: z.literal(1).optional(),
  /** The step's own form (e.g. `instruct` for 批办): a feature opens it instead of the opinion form. */
  f: z
    .string()
    .regex(/^[a-z][a-z0-9_]{0,31}$/)
    .optional(),
});

/** A parsed button value or modal private_metadata. */
export type ActionValue = z.infer<typeof ActionValueSchema>;

/** A readable form of {@link ActionValue}, for callers that prefer names to letters. */
export interface ActionRef {
  instanceId: string;
  version: number;
  action: CardActionType;
  /** The step asks for an opinion (see `r` above). */
  requireComment?: boolean;
  /** The step's own form (see `f` above). */
  form?: string;
}

/**
 * A button value or private_metadata that is not one of ours (malformed, tampered, too long, or
 * for another action than the button it came with). Answered as `error.invalid_payload`.
 */
export class InvalidActionValueError extends AppError {
  constructor(reason: string, cause?: unknown) {
    super('invalid_action_value', `invalid action value: ${reason}`, {
      messageKey: 'error.invalid_payload',
      cause,
    });
  }
}

/** The button value for `ref` (at most 2,000 characters; in practice under 80). */
export function encodeActionValue(ref: ActionRef): string {
  const value = ActionValueSchema.parse({
    i: ref.instanceId,
    v: ref.version,
    a: ref.action,
    ...(ref.requireComment ? { r: 1 } : {}),
    ...(ref.form ? { f: ref.form } : {}),
  });
  const json = JSON.stringify(value);
  // A uuid, an integer and a short enum cannot get near the limit; keep it checked anyway.
  if (json.length > BLOCK_KIT_LIMITS.buttonValue) throw new Error('action value over the button value limit');
  return json;
}

/** private_metadata for an action modal: the same shape (at most 3,000 characters). */
export function encodeModalMetadata(ref: ActionRef): string {
  const json = encodeActionValue(ref);
  if (json.length > BLOCK_KIT_LIMITS.privateMetadata) throw new Error('private_metadata over the limit');
  return json;
}

/**
 * Parses a button value. `expected.action` (from the button's action_id) must match the value's
 * action, so a value moved to another button is refused. Throws {@link InvalidActionValueError}
 * for anything else than a well-formed value of ours; never anything else.
 */
export function parseActionValue(raw: unknown, expected: { action?: CardActionType } = {}): ActionRef {
  return parseWithLimit(raw, BLOCK_KIT_LIMITS.buttonValue, expected);
}

/** Parses an action modal's private_metadata; like {@link parseActionValue}. */
export function parseModalMetadata(raw: unknown, expected: { action?: CardActionType } = {}): ActionRef {
  return parseWithLimit(raw, BLOCK_KIT_LIMITS.privateMetadata, expected);
}

/** The result form of {@link parseActionValue}, for callers that branch instead of catching. */
export function safeParseActionValue(
  raw: unknown,
  expected: { action?: CardActionType } = {},
): { ok: true; value: ActionRef } | { ok: false; error: InvalidActionValueError } {
  try {
    return { ok: true, value: parseActionValue(raw, expected) };
  } catch (error) {
    if (error instanceof InvalidActionValueError) return { ok: false, error };
    throw error;
  }
}

function parseWithLimit(raw: unknown, max: number, expected: { action?: CardActionType }): ActionRef {
  if (typeof raw !== 'string') throw new InvalidActionValueError('not a string');
  if (raw.length > max) throw new InvalidActionValueError(`longer than ${max} characters`);
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    throw new InvalidActionValueError('not JSON', error);
  }
  const parsed = ActionValueSchema.safeParse(json);
  if (!parsed.success) {
    throw new InvalidActionValueError(parsed.error.issues.map((i) => i.path.join('.') || i.code).join(', '));
  }
  const { i, v, a, r, f } = parsed.data;
  if (expected.action !== undefined && expected.action !== a) {
    throw new InvalidActionValueError(`action ${a} on a ${expected.action} button`);
  }
  return {
    instanceId: i,
    version: v,
    action: a,
    ...(r === 1 ? { requireComment: true } : {}),
    ...(f ? { form: f } : {}),
  };
}

/** The instance a feature button stands for, and the card version it was drawn from. */
export type ItemRef = CardItemRef;

/** The value of a feature button (the core's, the same on every platform), or a feature form's private_metadata. */
export function encodeItemRef(ref: ItemRef): string {
  return encodeCardItemValue(ref);
}

/** Parses {@link encodeItemRef}'s output; throws {@link InvalidActionValueError} for anything else. */
export function parseItemRef(raw: unknown): ItemRef {
  const ref = parseCardItemValue(raw);
  if (ref === null) throw new InvalidActionValueError('not an item reference');
  return ref;
}
