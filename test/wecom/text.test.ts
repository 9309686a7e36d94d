// A reply as WeCom texts within WeCom's 2,048 bytes (the stand-in cuts a longer one, as WeCom
// does): a long reply goes as several texts, in order, with `…` where even those run out.

import { describe, expect, it } from 'vitest';
import type { Reply } from '../../src/chat/core/reply.ts';
import { replyToText, replyToTexts, TEXT_MAX_BYTES } from '../../src/chat/wecom/text.ts';

const bytes = (text: string) => Buffer.byteLength(text, 'utf8');

describe('a reply as WeCom texts', () => {
  /** A reply of `count` paragraphs, each about 300 bytes and naming its number. */
  const long = (count: number): Reply => ({
    text: ['x'],
    blocks: Array.from({ length: count }, (_, i) => ({
      kind: 'section' as const,
      text: [`第 ${i + 1} 段：${'内容'.repeat(48)}`],
    })),
  });
  const numbers = (texts: readonly string[]) =>
    texts.flatMap((piece) => [...piece.matchAll(/第 (\d+) 段/g)].map((match) => Number(match[1])));

  it('packs the paragraphs in order into texts of at most 2,048 bytes', () => {
    const texts = replyToTexts(long(12), 3);
    expect(texts.length).toBe(2);
    expect(texts.every((piece) => bytes(piece) <= TEXT_MAX_BYTES)).toBe(true);
    expect(numbers(texts)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(texts.join('')).not.toContain('…');
  });

  it('ends with … when even the last text allowed cannot hold the rest, and is one text when it fits', () => {
    const texts = replyToTexts(long(40), 3);
    expect(texts).toHaveLength(3);
    expect(texts.every((piece) => bytes(piece) <= TEXT_MAX_BYTES)).toBe(true);
    expect(texts.at(-1)?.endsWith('…')).toBe(true);
    const shown = numbers(texts);
    expect(shown).toEqual(Array.from({ length: shown.length }, (_, i) => i + 1));
    expect(replyToTexts(long(2), 3)).toEqual([replyToText(long(2))]);
    expect(replyToTexts(long(40), 1)).toEqual([replyToText(long(40))]);
  });

  it('shortens a paragraph longer than a text on its own', () => {
    const [first, second] = replyToTexts(
      { text: ['x'], blocks: [{ kind: 'section', text: ['长'.repeat(2000)] }, { kind: 'divider' }] },
      2,
    );
    expect(bytes(first ?? '')).toBeLessThanOrEqual(TEXT_MAX_BYTES);
    expect(first?.endsWith('…')).toBe(true);
    expect(second).toBe('──────');
  });
});
