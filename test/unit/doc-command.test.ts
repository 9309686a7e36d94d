import { describe, expect, it } from 'vitest';
import { parseDocCommand } from '../../src/chat/slack/listeners/commands.ts';

describe('parseDocCommand', () => {
  it.each(['', '   ', 'help', 'HELP', '帮助', '?'])('reads %j as a plain request for help', (text) => {
    expect(parseDocCommand(text)).toEqual({ kind: 'help' });
  });

  it.each(['new', 'NEW', '拟稿', '发文'])('reads %j as the drafting form', (text) => {
    expect(parseDocCommand(text)).toEqual({ kind: 'new' });
  });

  it.each(['receive', 'mine', 'find 通知', 'register 办〔2025〕1号'])(
    'reads %j as help with a coming-soon notice for the sub-command',
    (text) => {
      const subcommand = text.split(' ')[0];
      expect(parseDocCommand(text)).toEqual({ kind: 'help', notice: { kind: 'coming_soon', subcommand } });
    },
  );

  it('reads anything else as help that names the unknown input', () => {
    expect(parseDocCommand('  approval 12 ')).toEqual({
      kind: 'help',
      notice: { kind: 'unknown_subcommand', input: 'approval 12' },
    });
  });

  it('reads "approve <title>" (or 审批) as a request to start an approval with that title', () => {
    expect(parseDocCommand(' approve  关于采购防汛物资的请示 ')).toEqual({
      kind: 'approve',
      title: '关于采购防汛物资的请示',
    });
    expect(parseDocCommand('审批 请假申请')).toEqual({ kind: 'approve', title: '请假申请' });
    expect(parseDocCommand('approve')).toEqual({ kind: 'approve', title: '' });
  });
});
