import { describe, expect, it } from 'vitest';
import {
  catalogs,
  isMessageKey,
  type MessageKey,
  placeholdersOf,
  t,
  translateDynamic,
} from '../../src/shared/i18n.ts';

describe('i18n', () => {
  it('has an English entry for every Chinese message and no English-only keys', () => {
    expect(Object.keys(catalogs.en).sort()).toEqual(Object.keys(catalogs.zh).sort());
  });

  it('uses the same placeholders in both languages (a label given in both, as xZh / xEn, counts as one)', () => {
    // Some errors carry a label in each language (ruleZh / ruleEn); each template takes its own.
    const unify = (names: string[]) => names.map((n) => n.replace(/(Zh|En)$/, '')).sort();
    for (const key of Object.keys(catalogs.zh) as MessageKey[]) {
      const english = catalogs.en[key];
      if (english === undefined) continue;
      expect(unify(placeholdersOf(english)), key).toEqual(unify(placeholdersOf(catalogs.zh[key])));
    }
  });

  it('has no empty messages', () => {
    for (const [key, text] of [...Object.entries(catalogs.zh), ...Object.entries(catalogs.en)]) {
      expect(text?.trim(), key).not.toBe('');
    }
  });

  it('speaks Chinese and English', () => {
    expect(t('zh', 'help.header')).toBe('办公室助手 · 使用说明');
    expect(t('en', 'help.header')).toBe('Office assistant · Help');
  });

  it('fills placeholders from params', () => {
    expect(t('zh', 'error.unexpected', { ref: 'AB12CD34' })).toContain('AB12CD34');
    expect(t('en', 'help.notice.coming_soon', { command: '/doc new' })).toBe('`/doc new` is coming soon.');
  });

  it('leaves a placeholder without a value visible instead of dropping it', () => {
    expect(translateDynamic('en', 'help.notice.coming_soon', {})).toBe('`{command}` is coming soon.');
  });

  it('falls back to Chinese when English lacks a message', () => {
    const english = catalogs.en as Record<string, string | undefined>;
    const saved = english['help.footer'];
    delete english['help.footer'];
    try {
      expect(t('en', 'help.footer')).toBe(catalogs.zh['help.footer']);
    } finally {
      english['help.footer'] = saved;
    }
  });

  it('translates keys known only at run time, and tells unknown ones apart', () => {
    expect(isMessageKey('error.invalid_payload')).toBe(true);
    expect(isMessageKey('error.no_such_thing')).toBe(false);
    expect(translateDynamic('en', 'error.no_such_thing')).toBeUndefined();
    expect(translateDynamic('zh', 'error.app_error', { code: 'x_failed' })).toContain('x_failed');
  });
});
