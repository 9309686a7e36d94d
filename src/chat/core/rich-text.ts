// Cutting rich text, as the shared helper cuts a string: the runs are kept with their emphasis up
// to the limit, and an ellipsis ends the text when something was removed.

import { truncateText } from '../../shared/text.ts';
import type { Inline, RichText } from './reply.ts';

/** `text` cut to at most `max` characters of its words, its runs' emphasis kept. */
export function truncateRich(text: RichText, max: number): RichText {
  const plain = text.map((run) => (typeof run === 'string' ? run : run.text)).join('');
  if (plain.length <= max) return text;
  // The cut text (ellipsis included) is spread back over the runs in order.
  let left = truncateText(plain, max);
  const out: Inline[] = [];
  for (const run of text) {
    if (left === '') break;
    const words = typeof run === 'string' ? run : run.text;
    const taken = left.startsWith(words) ? words : left;
    left = left.slice(taken.length);
    out.push(typeof run === 'string' ? taken : { ...run, text: taken });
  }
  return out;
}
