// The value a card's feature button (a `CardExtraAction`: 归档, 催一下) carries on every platform:
// which item, and the version of it the card showed, as compact JSON `{"i":…,"v":…}`. One
// encoding for all platforms, so a feature's ButtonHandler reads the value its button sends
// wherever it was pressed. Nothing in it is trusted: the feature checks the press against the
// stored record.

import { z } from 'zod';

/** The longest value read back (ours are about 50 characters). */
export const CARD_ITEM_VALUE_MAX = 200;

const CardItemValueSchema = z.strictObject({
  i: z.uuid(),
  v: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
});

/** The item a card's feature button stands for, and the card version it was drawn from. */
export interface CardItemRef {
  instanceId: string;
  version: number;
}

/** The value of a card's feature button for `ref`. Throws for an id that is not a uuid. */
export function encodeCardItemValue(ref: CardItemRef): string {
  return JSON.stringify(CardItemValueSchema.parse({ i: ref.instanceId, v: ref.version }));
}

/** Reads {@link encodeCardItemValue}'s output back; null for anything else. Never throws. */
export function parseCardItemValue(raw: unknown): CardItemRef | null {
  if (typeof raw !== 'string' || raw.length > CARD_ITEM_VALUE_MAX) return null;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return null;
  }
  const parsed = CardItemValueSchema.safeParse(json);
  return parsed.success ? { instanceId: parsed.data.i, version: parsed.data.v } : null;
}
