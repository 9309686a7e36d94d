import { describe, expect, it, vi } from 'vitest';
import { encodeCardItemValue } from '../../src/chat/core/card-item-value.ts';
import { type CommandContext, pressButton } from '../../src/chat/core/commands.ts';
import { plainOf } from '../../src/chat/core/reply.ts';
import {
  CHASE_NUDGE_ACTION,
  chaseNowButton,
  chaseNudgeButton,
} from '../../src/features/chasing/chase-buttons.ts';
import { AppError } from '../../src/shared/errors.ts';
import { silentLogger } from '../support/databases.ts';

// 立即催办 on a 督办 message and 催一下 on a card, with no platform: the value read, the nudge asked for as the
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
      pressKey: 'button:1',
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

describe('the 催一下 button', () => {
  it('reads the card’s item value, chases as the presser with the press’s key, and names whom it reached', async () => {
    const chase = vi.fn(async () => ({ kind: 'done' as const, names: ['Liu Yang'] }));
    const button = chaseNudgeButton(chase);
    expect(button.action).toBe(CHASE_NUDGE_ACTION);
    const value = encodeCardItemValue({ instanceId: INSTANCE, version: 3 });
    const answer = await pressButton(button, value, context('xu-hui', 'en'));
    expect(chase).toHaveBeenCalledWith({
      workspaceId: 'T1',
      chaserId: 'xu-hui',
      instanceId: INSTANCE,
      locale: 'en',
      pressKey: 'button:1',
    });
    expect(answer.kind === 'reply' && plainOf(answer.reply.text)).toBe('Chased: Liu Yang.');
  });

  it('refuses anything but a card’s item value (a bare instance id too), before anything else', async () => {
    const chase = vi.fn();
    for (const value of [INSTANCE, `${INSTANCE}:3:`, '{"i":"x","v":1}', '']) {
      const answer = await pressButton(chaseNudgeButton(chase), value, context('xu-hui'));
      expect(answer.kind, value).toBe('error');
    }
    expect(chase).not.toHaveBeenCalled();
  });
});
