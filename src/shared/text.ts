/**
 * Cuts `text` to at most `max` UTF-16 units (the stricter way to count, so a platform counting
 * characters can only find fewer), never splitting a character, and ends it with an ellipsis when
 * something was removed.
 */
export function truncateText(text: string, max: number): string {
  if (text.length <= max) return text;
  let out = '';
  for (const char of text) {
    if (out.length + char.length + 1 > max) break;
    out += char;
  }
  return `${out}…`;
}

/**
 * East Asian wide and fullwidth characters (Hangul Jamo, CJK symbols and punctuation, kana, CJK
 * ideographs, Yi, Hangul syllables, compatibility ideographs, vertical and fullwidth forms, the
 * supplementary ideographic planes), and the ellipsis, which a Chinese UI font draws wide: two
 * columns each, as a terminal or a chat client lays them out.
 */
const WIDE =
  /[\u1100-\u115F\u2026\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uA000-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6\u{20000}-\u{3FFFD}]/u;

const columnsOf = (char: string) => (WIDE.test(char) ? 2 : 1);

/** How wide `text` is drawn, in columns: a Chinese character two, a Latin letter or digit one. */
export function textColumns(text: string): number {
  let columns = 0;
  for (const char of text) columns += columnsOf(char);
  return columns;
}

/**
 * Cuts `text` to at most `max` columns (see {@link textColumns}), for a limit a platform states in
 * Chinese characters (建议不超过 N 个字: 2N columns), so a Latin word keeps twice the letters a
 * count of characters would leave it; ends it with an ellipsis when something was removed.
 */
export function truncateColumns(text: string, max: number): string {
  if (textColumns(text) <= max) return text;
  const room = max - columnsOf('…');
  let out = '';
  let used = 0;
  for (const char of text) {
    used += columnsOf(char);
    if (used > room) break;
    out += char;
  }
  return `${out.trimEnd()}…`;
}
