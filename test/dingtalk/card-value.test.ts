import { describe, expect, it } from 'vitest';
import {
  CARD_VALUE_MAX,
  encodeCardValue,
  isCardActionType,
  parseCardValue,
} from '../../src/chat/dingtalk/card/card-value.ts';

const ID = '3f2b8c1e-6a4d-4f0b-9c2e-1d5a7b9e0f12';

describe('the DingTalk button value codec', () => {
  it('round-trips every combination of flags, with and without a step form', () => {
    for (const opensForm of [false, true]) {
      for (const requireComment of [false, true]) {
        for (const confirm of [false, true]) {
          for (const form of [undefined, 'instruct']) {
            const ref = {
              instanceId: ID,
              version: 42,
              opensForm,
              requireComment,
              confirm,
              ...(form ? { form } : {}),
            };
            const value = encodeCardValue(ref);
            expect(value.length).toBeLessThanOrEqual(CARD_VALUE_MAX);
            expect(parseCardValue(value)).toEqual({ ok: true, value: ref });
          }
        }
      }
    }
  });

  it('writes a short, readable text', () => {
    expect(
      encodeCardValue({ instanceId: ID, version: 7, opensForm: true, requireComment: true, confirm: true }),
    ).toBe(`${ID}:7:mrc`);
  });

  it('refuses to encode what it could not read back', () => {
    const base = { instanceId: ID, version: 1, opensForm: false, requireComment: false, confirm: false };
    expect(() => encodeCardValue({ ...base, instanceId: 'not-a-uuid' })).toThrow();
    expect(() => encodeCardValue({ ...base, version: -1 })).toThrow();
    expect(() => encodeCardValue({ ...base, version: 1.5 })).toThrow();
    expect(() => encodeCardValue({ ...base, form: 'Bad Form!' })).toThrow();
  });

  it.each([
    [42, 'not_a_string'],
    [null, 'not_a_string'],
    [`${ID}:7:m${'x'.repeat(CARD_VALUE_MAX)}`, 'too_long'],
    ['', 'malformed'],
    [`${ID}:7`, 'malformed'],
    [`${ID}:-1:`, 'malformed'],
    [`${ID}:7:cm`, 'malformed'],
    [`${ID}:7:mm`, 'malformed'],
    [`${ID}:7::`, 'malformed'],
    [`${ID}:7::Instruct`, 'malformed'],
    [`${ID}:7:\n`, 'malformed'],
    [`{"i":"${ID}","v":7}`, 'malformed'],
    ['zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz:7:', 'malformed'],
    ['3f2b8c1e6a4d4f0b9c2e1d5a7b9e0f12----:7:', 'bad_instance'],
    [`${ID}:9999999999999999:`, 'bad_version'],
  ])('refuses %j (%s) without throwing', (raw, reason) => {
    expect(parseCardValue(raw)).toEqual({ ok: false, reason });
  });

  it('knows the workflow actions from other button actions', () => {
    expect(isCardActionType('approve')).toBe(true);
    expect(isCardActionType('archive')).toBe(false);
    expect(isCardActionType('open')).toBe(false);
  });
});
