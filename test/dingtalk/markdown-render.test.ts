import { describe, expect, it } from 'vitest';
import { code, link, type Reply, richT, strong } from '../../src/chat/core/reply.ts';
import {
  inertText,
  MARKDOWN_MSG_PARAM_BYTES,
  MD_LINE_BREAK,
  renderMarkdown,
  replyToMarkdown,
  replyToSampleMarkdown,
  safeLinkTarget,
} from '../../src/chat/dingtalk/markdown.ts';

/** Characters that start markup in DingTalk's markdown: none may survive in user text. */
const MARKUP = /[*_~#[\]<>`|&]/;

describe('inertText: what people typed shows as typed and means nothing to DingTalk', () => {
  it('replaces emphasis, link, heading, html, code, table and entity characters with look-alikes', () => {
    const out = inertText('**粗体** _斜_ ~~删~~ #标题 [x](javascript:alert(1)) <at id="1"/> `code` a|b &lt;');
    expect(out).not.toMatch(MARKUP);
    expect(out).toBe(
      '＊＊粗体＊＊ ＿斜＿ ～～删～～ ＃标题 ［x］(javascript:alert(1)) ＜at id="1"/＞ ｀code｀ a｜b ＆lt;',
    );
  });

  it('breaks an address so DingTalk does not link it by itself', () => {
    const out = inertText('see https://evil.example/x');
    expect(out).not.toContain('://');
    expect(out.replace(/\u200b/g, '')).toBe('see https://evil.example/x');
  });

  it('stops a leading list marker, numbered item or rule from being read as one', () => {
    for (const line of ['- item', '+ item', '1. first', '12) twelfth', '---', '===']) {
      const out = inertText(line);
      expect(out.startsWith('\u200b'), line).toBe(true);
    }
    // Not at the start of a line: nothing to break.
    expect(inertText('a - b')).toBe('a - b');
  });

  it('turns leading spaces into non-breaking ones, so no indented code block starts', () => {
    expect(inertText('    code?')).toBe('\u00a0\u00a0\u00a0\u00a0code?');
  });

  it('folds line breaks into spaces for one-line texts, and keeps them as hard breaks when multiline', () => {
    expect(inertText('张三\n\n李四')).toBe('张三 李四');
    expect(inertText('第一行\n- 第二行', { multiline: true })).toBe(`第一行${MD_LINE_BREAK}\u200b- 第二行`);
  });
});

describe('renderMarkdown', () => {
  it('draws bold, code and links, with their text made inert', () => {
    const out = renderMarkdown([
      '请 ',
      strong('王*芳'),
      ' 输入 ',
      code('/seal'),
      ' 或看 ',
      link('https://x.example/a b', '[说明]'),
    ]);
    expect(out).toBe('请 **王＊芳** 输入 `/seal` 或看 [［说明］](https://x.example/a%20b)');
  });

  it('shows a javascript: or data: link as its text alone', () => {
    expect(renderMarkdown([link('javascript:alert(1)', 'click')])).toBe('click');
    expect(renderMarkdown([link('data:text/html,x', 'click')])).toBe('click');
    expect(safeLinkTarget('not a url')).toBeNull();
  });

  it('percent-encodes parentheses so a link target cannot close the markdown early', () => {
    expect(safeLinkTarget('https://x.example/a(b)')).toBe('https://x.example/a%28b%29');
  });

  it('keeps user newlines as hard breaks: a typed newline cannot start a heading or a list', () => {
    const out = renderMarkdown(['一\n# 二\n- 三']);
    expect(out.split(MD_LINE_BREAK)).toEqual(['一', '＃ 二', '\u200b- 三']);
  });
});

describe('replies as DingTalk markdown', () => {
  const reply: Reply = {
    text: ['用印申请 ', strong('关于*x*的函')],
    blocks: [
      { kind: 'header', text: '用印申请 #3' },
      { kind: 'section', text: ['申请人：', strong('王芳')], fields: [['份数：3'], ['印章：公章']] },
      { kind: 'divider' },
      { kind: 'context', items: [['提交于 11-20'], ['编号 ', code('S-1')]] },
    ],
  };

  it("draws a catalog message's command as code, not as the catalog's backticks made inert", () => {
    const hint = richT('zh', 'home.hint');
    const { markdown } = replyToMarkdown({ text: hint, blocks: [{ kind: 'section', text: hint }] });
    expect(markdown).toContain('`/doc help`');
    expect(markdown).not.toContain('｀');
  });

  it('takes the header as the title and draws each block as a paragraph', () => {
    const { title, markdown } = replyToMarkdown(reply);
    expect(title).toBe('用印申请 #3');
    expect(markdown).toBe(
      [
        '#### 用印申请 ＃3',
        `申请人：**王芳**\n\n份数：3${MD_LINE_BREAK}印章：公章`,
        '---',
        '提交于 11-20  ·  编号 `S-1`',
      ].join('\n\n'),
    );
  });

  it('puts a rule after an empty line, so it never turns the paragraph above into a heading', () => {
    const { markdown } = replyToMarkdown(reply);
    expect(markdown).toContain('\n\n---\n\n');
  });

  it('is a sampleMarkdown message whose msgParam is JSON of title and text', () => {
    const message = replyToSampleMarkdown({ text: ['已提交 ', strong('<at>所有人')], blocks: [] });
    expect(message.msgKey).toBe('sampleMarkdown');
    expect(JSON.parse(message.msgParam)).toEqual({
      title: '已提交 <at>所有人',
      text: '已提交 **＜at＞所有人**',
    });
  });

  it('drops its last blocks, ended with …, when the message would pass DingTalk’s msgParam size', () => {
    const long: Reply = {
      text: ['清单'],
      blocks: Array.from({ length: 30 }, (_, i) => ({
        kind: 'section' as const,
        text: [`第${i}项：${'很长的内容'.repeat(200)}`],
      })),
    };
    const message = replyToSampleMarkdown(long);
    expect(Buffer.byteLength(message.msgParam, 'utf8')).toBeLessThanOrEqual(MARKDOWN_MSG_PARAM_BYTES);
    const text = (JSON.parse(message.msgParam) as { text: string }).text;
    expect(text.endsWith('\n\n…')).toBe(true);
    expect(text).toContain('第0项');
    expect(text).not.toContain('第29项');
  });
});
