// WeCom's limits on messages, as the stand-in keeps them and the bot meets them: a member sent more
// than 30 messages in a minute does not get the excess though the send is answered as done; a text
// over 2,048 bytes is cut; a file message needs uploaded media. A long reply goes as several texts
// within the limit, in order, with `…` where even those run out.

import { afterEach, describe, expect, it } from 'vitest';
import type { Reply } from '../../src/chat/core/reply.ts';
import { startWeComStandIn, type WeComStandIn } from '../../src/chat/wecom/stand-in/stand-in.ts';
import { replyToText, replyToTexts, TEXT_MAX_BYTES } from '../../src/chat/wecom/text.ts';
import { weComApiOn } from '../support/wecom.ts';

const bytes = (text: string) => Buffer.byteLength(text, 'utf8');

describe('the stand-in’s WeCom message limits', () => {
  const cleanups: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function setUp() {
    let now = Date.parse('2026-12-01T01:00:00Z');
    const clock = { now: () => now, advance: (ms: number) => (now += ms) };
    const standIn: WeComStandIn = await startWeComStandIn({ now: clock.now });
    cleanups.push(() => standIn.close());
    const { api } = weComApiOn(standIn, clock.now);
    return { standIn, api, clock };
  }
  const text = (content: string) => ({ msgtype: 'text' as const, text: { content } });

  it('drops what goes over 30 a minute to one member without an error, as WeCom does', async () => {
    const { standIn, api, clock } = await setUp();
    for (let i = 1; i <= 31; i++) await api.send(['Busy'], text(`第 ${i} 条`));
    await api.send(['Quiet'], text('另一个人'));
    expect(standIn.messagesTo('Busy')).toHaveLength(30);
    expect(standIn.dropped.map((message) => message.content.content)).toEqual(['第 31 条']);
    expect(standIn.messagesTo('Quiet')).toHaveLength(1);
    clock.advance(60_000);
    await api.send(['Busy'], text('一分钟后'));
    expect(standIn.messagesTo('Busy').at(-1)?.content.content).toBe('一分钟后');
  });

  it('cuts a text over 2,048 bytes, and refuses a file message with media it never uploaded', async () => {
    const { standIn, api } = await setUp();
    await api.send(['Reader'], text('长'.repeat(700)));
    const [long] = standIn.messagesTo('Reader');
    expect(long?.truncated).toBe(true);
    expect(bytes(String(long?.content.content))).toBeLessThanOrEqual(TEXT_MAX_BYTES);
    await expect(api.send(['Reader'], { msgtype: 'file', file: { media_id: 'nope' } })).rejects.toMatchObject(
      {
        errcode: 40007,
      },
    );
    await expect(
      api.sendToChat('wrchat', { msgtype: 'image', image: { media_id: 'nope' } }),
    ).rejects.toMatchObject({ errcode: 40007 });
  });
});

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
