import { describe, expect, it, vi } from 'vitest';
import { type CommandContext, pressButton } from '../../src/chat/core/commands.ts';
import { plainOf } from '../../src/chat/core/reply.ts';
import { chaseNowButton } from '../../src/features/chasing/chase-buttons.ts';
import { AppError } from '../../src/shared/errors.ts';
import { silentLogger } from '../support/databases.ts';

// 立即催办 on a 督办 message, with no platform: the value read, the nudge asked for as the
// presser, and the answer naming whom it reached (or why not).

const INSTANCE = '11111111-2222-4333-8444-555555555555';

const context = (personId: string | null, locale: 'zh' | 'en' = 'zh'): CommandContext => ({
  workspaceId: 'T1',
  actor: personId === null ? null : { personId, locale },
  locale,
  dedupeKey: 'button:1',
  log: silentLogger,
});

describe('the 立即催办 button', () => {
  it('chases the item as the presser and names whom it reached', async () => {
    const chase = vi.fn(async () => ({ kind: 'done' as const, names: ['刘洋', '<赵敏>'] }));
    const answer = await pressButton(chaseNowButton(chase), INSTANCE, context('wang-zhenhua'));
    expect(chase).toHaveBeenCalledWith({
      workspaceId: 'T1',
      chaserId: 'wang-zhenhua',
      instanceId: INSTANCE,
      locale: 'zh',
    });
    expect(answer.kind === 'reply' && plainOf(answer.reply.text)).toBe('已催办：刘洋、<赵敏>。');
  });

  it('refuses a value it did not write, before anything else', async () => {
    const chase = vi.fn();
    const answer = await pressButton(chaseNowButton(chase), 'not-an-id', context(null, 'en'));
    expect(answer.kind).toBe('error');
    expect(chase).not.toHaveBeenCalled();
  });

  it('answers someone linked to nobody with not_linked, and a refusal in its own words', async () => {
    const chase = vi.fn(async () => {
      throw new AppError('chase_too_soon', 'chased less than 4 hours ago', { params: { time: '14:30' } });
    });
    expect(await pressButton(chaseNowButton(chase), INSTANCE, context(null))).toEqual({ kind: 'not_linked' });
    const refused = await pressButton(chaseNowButton(chase), INSTANCE, context('wang-zhenhua'));
    expect(refused.kind).toBe('error');
    expect(refused.kind === 'error' && plainOf(refused.text)).toContain('14:30');
  });
});
