// What a DingTalk card button sends back besides its action: which instance, which version of it
// the card showed, and how the button behaves (opens the opinion panel, asks to confirm, opens the
// step's own form). A short text, `<instanceId>:<version>:<flags>[:<form>]`, because every card
// variable is a string and the value travels through the template's callback params as one.
// Nothing in it is trusted: the service authorises every click against the stored record, so a
// forged value can at most name an item its sender is then refused on.

import { z } from 'zod';
import { CARD_ACTION_TYPES, type CardActionType } from '../../core/card.ts';

/** Longest value accepted back from a click (ours are under 80 characters). */
export const CARD_VALUE_MAX = 120;

/** How a workflow button behaves, as its value records it. */
export interface CardButtonRef {
  instanceId: string;
  version: number;
  /** The press opens the card's opinion panel (or the web form) instead of acting at once. */
  opensForm: boolean;
  /** The opinion is required (the step or the action asks for one). */
  requireComment: boolean;
  /** The press asks to confirm first (reject, recall, cancel). */
  confirm: boolean;
  /** The step's own form (批办 `instruct`), opened on the web. */
  form?: string;
}

/** Why a value was refused. */
export type CardValueRefusal = 'not_a_string' | 'too_long' | 'malformed' | 'bad_instance' | 'bad_version';

const FLAG_ORDER = ['m', 'r', 'c'] as const;
const VALUE_PATTERN = /^([0-9a-fA-F-]{36}):(\d{1,16}):(m?r?c?)(?::([a-z][a-z0-9_]{0,31}))?$/;
const Uuid = z.uuid();

/** The value of a workflow button (`form` must be a lower-case id of at most 32 characters). */
export function encodeCardValue(ref: CardButtonRef): string {
  if (!Uuid.safeParse(ref.instanceId).success) throw new Error('card value: instance id is not a uuid');
  if (!Number.isSafeInteger(ref.version) || ref.version < 0) throw new Error('card value: bad version');
  const flags = FLAG_ORDER.filter(
    (flag) =>
      (flag === 'm' && ref.opensForm) ||
      (flag === 'r' && ref.requireComment) ||
      (flag === 'c' && ref.confirm),
  ).join('');
  const value = `${ref.instanceId}:${ref.version}:${flags}${ref.form ? `:${ref.form}` : ''}`;
  if (!VALUE_PATTERN.test(value)) throw new Error('card value: form id is not a short lower-case id');
  return value;
}

/** Parses a value sent back by a click; never throws. */
export function parseCardValue(
  raw: unknown,
): { ok: true; value: CardButtonRef } | { ok: false; reason: CardValueRefusal } {
  if (typeof raw !== 'string') return { ok: false, reason: 'not_a_string' };
  if (raw.length > CARD_VALUE_MAX) return { ok: false, reason: 'too_long' };
  const match = VALUE_PATTERN.exec(raw);
  if (!match) return { ok: false, reason: 'malformed' };
  const [, instanceId = '', versionText = '', flags = '', form] = match;
  if (!Uuid.safeParse(instanceId).success) return { ok: false, reason: 'bad_instance' };
  const version = Number(versionText);
  if (!Number.isSafeInteger(version)) return { ok: false, reason: 'bad_version' };
  return {
    ok: true,
    value: {
      instanceId,
      version,
      opensForm: flags.includes('m'),
      requireComment: flags.includes('r'),
      confirm: flags.includes('c'),
      ...(form ? { form } : {}),
    },
  };
}

/** True when `action` names a workflow action that has a card button. */
export function isCardActionType(action: string): action is CardActionType {
  return (CARD_ACTION_TYPES as readonly string[]).includes(action);
}
