import { describe, expect, it } from 'vitest';
import type { CommandHandler } from '../../src/chat/core/commands.ts';
import { plainOf } from '../../src/chat/core/reply.ts';
import { helpReply } from '../../src/chat/dingtalk/help-reply.ts';
import { t } from '../../src/shared/i18n.ts';

const handler = (command: string, words?: string[]): CommandHandler => ({
  command,
  ...(words ? { words } : {}),
  handle: async () => ({ kind: 'none' }),
});

// The help DingTalk answers with when the documents feature (and its `doc help`) is off.
describe('the DingTalk fallback help', () => {
  it('names each enabled command with the words that type it, and leaves out the disabled ones', () => {
    const reply = helpReply('zh', [handler('seal', ['用印']), handler('todo', ['待办', '我的待办'])]);
    const lines = reply.blocks.flatMap((block) =>
      block.kind === 'section' && block.text ? [plainOf(block.text)] : [],
    );
    expect(reply.blocks[0]).toEqual({ kind: 'header', text: t('zh', 'help.header') });
    expect(lines).toContain(`seal / 用印：${t('zh', 'help.seal')}`);
    expect(lines).toContain(`todo / 待办 / 我的待办：${t('zh', 'help.doc.list')}`);
    expect(lines.some((line) => line.includes(t('zh', 'help.archive')))).toBe(false);
  });
});
