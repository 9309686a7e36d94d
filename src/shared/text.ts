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
