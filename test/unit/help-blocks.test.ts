import { describe, expect, it } from 'vitest';
import { truncateText } from '../../src/chat/slack/blocks/limits.ts';
import { escapeMrkdwn } from '../../src/chat/slack/blocks/mrkdwn.ts';
import { buildComingSoonMessage } from '../../src/chat/slack/help/blocks.ts';
import { buildAppHomeView } from '../../src/chat/slack/home/blocks.ts';
import { renderReply } from '../../src/chat/slack/reply-blocks.ts';
import { buildDocHelpReply } from '../../src/features/documents/doc-help.ts';
import type { HelpNotice } from '../../src/features/documents/doc-request.ts';
import { blockKitProblems } from '../support/block-kit.ts';

const locales = ['zh', 'en'] as const;

describe('help blocks', () => {
  it.each(locales)('keeps the %s help within Block Kit limits, with a text fallback', (locale) => {
    const message = buildDocHelpMessage(locale);
    expect(blockKitProblems(message)).toEqual([]);
    expect(message.text.length).toBeGreaterThan(0);
  });

  it('starts with a header and lists every /doc sub-command in Chinese by default', () => {
    const message = buildDocHelpMessage();
    expect(message.blocks[0]).toMatchObject({
      type: 'header',
      text: { type: 'plain_text', text: '办公室助手 · 使用说明' },
    });
    const all = JSON.stringify(message.blocks);
    for (const usage of [
      '/doc new',
      '/doc approve …',
      '/doc receive',
      '/doc mine',
      '/doc find …',
      '/doc register …',
      '/doc help',
    ]) {
      expect(all).toContain(usage);
    }
    for (const usage of ['/seal', '/supply', '/archive']) expect(all).toContain(usage);
  });

  it('marks what works (lists, drafting, receiving, registers, seals, supplies, archive) as available', () => {
    const lines = buildDocHelpMessage('zh').text.split('\n');
    const line = (prefix: string) => lines.find((l) => l.startsWith(prefix));
    expect(line('/archive')).not.toContain('【即将上线】');
    expect(line('/seal')).not.toContain('【即将上线】');
    for (const prefix of [
      '/doc receive',
      '/doc 待办',
      '/doc new',
      '/doc approve',
      '/doc mine',
      '/doc find',
      '/doc register',
      '/doc help',
    ]) {
      expect(line(prefix), prefix).toBeDefined();
      expect(line(prefix), prefix).not.toContain('即将上线');
    }
    expect(buildDocHelpMessage('en').text).not.toContain('(coming soon)');
  });

  it('puts a coming-soon notice above the help for a known but unbuilt sub-command', () => {
    const message = buildDocHelpMessage('zh', { kind: 'coming_soon', subcommand: 'new' });
    expect(message.blocks[1]).toMatchObject({
      type: 'section',
      text: { text: '`/doc new` 即将上线，敬请期待。' },
    });
  });

  it('escapes and shortens an unknown sub-command it echoes back', () => {
    const input = `<!channel> & <https://evil.example|click> ${'x'.repeat(200)}`;
    const message = buildDocHelpMessage('en', { kind: 'unknown_subcommand', input });
    const notice = JSON.stringify(message.blocks[1]);
    expect(notice).not.toContain('<!channel>');
    expect(notice).toContain('&lt;!channel&gt; &amp;');
    expect(notice).not.toContain('x'.repeat(100));
    expect(blockKitProblems(message)).toEqual([]);
  });

  it.each(['/seal', '/supply', '/archive', '/meeting'] as const)(
    'builds a coming-soon note for %s that points to /doc help',
    (command) => {
      for (const locale of locales) {
        const message = buildComingSoonMessage(locale, command);
        expect(blockKitProblems(message)).toEqual([]);
        expect(message.text).toContain(command);
        expect(message.text).toContain('/doc help');
      }
    },
  );

  it.each(locales)('builds a %s App Home view within the limits of a view', (locale) => {
    const view = buildAppHomeView(locale);
    expect(view.type).toBe('home');
    expect(blockKitProblems(view, 'view')).toEqual([]);
  });

  it('welcomes the user on the App Home (欢迎 / welcome)', () => {
    expect(JSON.stringify(buildAppHomeView('zh'))).toContain('欢迎');
    expect(JSON.stringify(buildAppHomeView('en'))).toContain('Welcome');
  });
});

describe('text helpers', () => {
  it('truncates to the limit without splitting a character, ending with an ellipsis', () => {
    expect(truncateText('办公室助手', 10)).toBe('办公室助手');
    expect(truncateText('办公室助手使用说明', 5)).toBe('办公室助…');
    const emoji = truncateText('ab😀😀', 4);
    expect(emoji.length).toBeLessThanOrEqual(4);
    expect(emoji).toBe('ab…');
  });

  it('escapes the characters mrkdwn treats as markup', () => {
    expect(escapeMrkdwn('a & <b> <!here>')).toBe('a &amp; &lt;b&gt; &lt;!here&gt;');
  });

  it('reports a header over 150 characters', () => {
    const problems = blockKitProblems({
      text: 'x',
      blocks: [{ type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } }],
    });
    expect(problems).toHaveLength(1);
  });
});

/** The help as Slack draws it (the Slack message the builder used to return). */
function buildDocHelpMessage(locale: 'zh' | 'en' = 'zh', notice?: HelpNotice) {
  const drawn = renderReply(buildDocHelpReply(locale, notice));
  return { text: drawn.text, blocks: drawn.blocks ?? [] };
}
