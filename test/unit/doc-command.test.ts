import { describe, expect, it } from 'vitest';
import { parseDocCommand } from '../../src/features/documents/doc-request.ts';

describe('parseDocCommand', () => {
  it.each(['help', 'HELP', '帮助', '?'])('reads %j as a plain request for help', (text) => {
    expect(parseDocCommand(text)).toEqual({ kind: 'help' });
  });

  it.each(['', '   ', '　', 'list', 'LIST', '待办'])('reads %j as the list of what waits on me', (text) => {
    expect(parseDocCommand(text)).toEqual({ kind: 'list' });
  });

  it.each(['mine', 'Mine', '我的'])('reads %j as what I started', (text) => {
    expect(parseDocCommand(text)).toEqual({ kind: 'mine' });
  });

  it('reads "find <words>" (查找, 查询) into its words, split on ASCII and full-width spaces', () => {
    expect(parseDocCommand('find 防汛  通知')).toEqual({ kind: 'find', words: ['防汛', '通知'] });
    expect(parseDocCommand('查找　防汛　物资 〔2026〕')).toEqual({
      kind: 'find',
      words: ['防汛', '物资', '〔2026〕'],
    });
    expect(parseDocCommand('查询\u3000示水发')).toEqual({ kind: 'find', words: ['示水发'] });
    expect(parseDocCommand('find')).toEqual({ kind: 'find', words: [] });
    expect(parseDocCommand('find 　 ')).toEqual({ kind: 'find', words: [] });
  });

  it('reads "register …" (登记簿) into its words, in the order typed', () => {
    expect(parseDocCommand('register out 2026 办公室 已发')).toEqual({
      kind: 'register',
      args: ['out', '2026', '办公室', '已发'],
    });
    expect(parseDocCommand('登记簿　in')).toEqual({ kind: 'register', args: ['in'] });
    expect(parseDocCommand('register')).toEqual({ kind: 'register', args: [] });
  });

  it.each(['new', 'NEW', '拟稿', '发文'])('reads %j as the drafting form', (text) => {
    expect(parseDocCommand(text)).toEqual({ kind: 'new' });
  });

  it.each(['receive', '收文'])('reads %j as the registration form', (text) => {
    expect(parseDocCommand(text)).toEqual({ kind: 'receive' });
  });

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
    expect(parseDocCommand('审批　请假申请')).toEqual({ kind: 'approve', title: '请假申请' });
    expect(parseDocCommand('approve')).toEqual({ kind: 'approve', title: '' });
  });
});
