import { describe, expect, it } from 'vitest';
import { CALLBACK_DATA_MAX, parseCardCallback } from '../../src/chat/dingtalk/card/callback.ts';

const VALUE = '3f2b8c1e-6a4d-4f0b-9c2e-1d5a7b9e0f12:7:mrc';

/** A callback's data as DingTalk sends it: `content` is JSON text inside the JSON. */
function frameData(cardPrivateData: unknown, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    corpId: 'ding-corp',
    userId: 'dt-user-1',
    outTrackId: 'card-abc-1',
    spaceType: 'IM_ROBOT',
    spaceId: 'dt-user-1',
    content: JSON.stringify({ cardPrivateData }),
    ...extra,
  });
}

describe('reading a card click', () => {
  it('reads a button press: who, which card copy, the action and its value', () => {
    const out = parseCardCallback(
      frameData({ actionIds: ['btn2'], params: { action: 'reject', value: VALUE } }),
    );
    expect(out).toEqual({
      ok: true,
      click: {
        userId: 'dt-user-1',
        outTrackId: 'card-abc-1',
        corpId: 'ding-corp',
        source: 'button',
        action: 'reject',
        value: VALUE,
        inputs: {},
      },
    });
  });

  it('reads a panel submission with its form values: text, a select, a multi-select, a number', () => {
    const form = {
      comment: '不同意：\n预算不足',
      return_target: { index: 0, value: 'requester' },
      tags: { index: [0, 2], value: ['a', 'c'] },
      count: 3,
      empty: null,
    };
    const out = parseCardCallback(
      frameData({ actionIds: ['panel_submit'], params: { action: 'return', value: VALUE, form } }),
    );
    expect(out).toMatchObject({
      ok: true,
      click: {
        source: 'panel_submit',
        action: 'return',
        inputs: { comment: '不同意：\n预算不足', return_target: 'requester', tags: ['a', 'c'], count: '3' },
      },
    });
    if (out.ok) expect('empty' in out.click.inputs).toBe(false);
  });

  it('tells a panel cancel from a submit', () => {
    const out = parseCardCallback(
      frameData({ actionIds: ['panel_cancel'], params: { action: 'reject', value: VALUE } }),
    );
    expect(out).toMatchObject({ ok: true, click: { source: 'panel_cancel' } });
  });

  it('accepts the data already parsed into an object', () => {
    const out = parseCardCallback(JSON.parse(frameData({ params: { action: 'archive', value: 'x' } })));
    expect(out).toMatchObject({ ok: true, click: { action: 'archive', value: 'x', source: 'button' } });
  });

  it.each([
    ['not JSON', '{nope', 'not_json'],
    ['too large', 'x'.repeat(CALLBACK_DATA_MAX + 1), 'too_large'],
    ['a number', 42, 'bad_envelope'],
    ['null', null, 'bad_envelope'],
    ['no user', JSON.stringify({ outTrackId: 'o', content: '{}' }), 'bad_envelope'],
    [
      'content not a string',
      JSON.stringify({ userId: 'u', outTrackId: 'o', content: { a: 1 } }),
      'bad_envelope',
    ],
    ['content not JSON', JSON.stringify({ userId: 'u', outTrackId: 'o', content: '{' }), 'bad_content'],
    [
      'no cardPrivateData',
      JSON.stringify({ userId: 'u', outTrackId: 'o', content: '{"x":1}' }),
      'bad_content',
    ],
    ['actionIds not a list', frameData({ actionIds: 'btn1', params: { action: 'a' } }), 'bad_content'],
    ['no action', frameData({ actionIds: ['btn1'], params: { value: VALUE } }), 'no_action'],
    ['empty action', frameData({ params: { action: '', value: VALUE } }), 'no_action'],
    ['action not a string', frameData({ params: { action: { a: 1 }, value: VALUE } }), 'bad_action'],
    ['action with markup', frameData({ params: { action: 'approve<script>', value: VALUE } }), 'bad_action'],
    ['action too long', frameData({ params: { action: `a${'b'.repeat(64)}`, value: VALUE } }), 'bad_action'],
    ['value not a string', frameData({ params: { action: 'approve', value: 7 } }), 'bad_value'],
    ['value too long', frameData({ params: { action: 'approve', value: 'v'.repeat(2001) } }), 'bad_value'],
    ['form a list', frameData({ params: { action: 'approve', value: VALUE, form: ['x'] } }), 'bad_inputs'],
    [
      'form value an object',
      frameData({ params: { action: 'approve', value: VALUE, form: { c: { x: 1 } } } }),
      'bad_inputs',
    ],
    [
      'form value too long',
      frameData({ params: { action: 'approve', value: VALUE, form: { c: 'x'.repeat(5001) } } }),
      'bad_inputs',
    ],
    [
      'too many form values',
      frameData({
        params: {
          action: 'approve',
          value: VALUE,
          form: Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`f${i}`, 'x'])),
        },
      }),
      'bad_inputs',
    ],
  ])('refuses %s without throwing', (_name, data, reason) => {
    expect(parseCardCallback(data)).toEqual({ ok: false, reason });
  });
});
