import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FeatureClashError, mergeFeatures } from '../../src/features/feature-module.ts';
import {
  CORE_MESSAGES,
  catalogs,
  installMessages,
  isMessageKey,
  type MessageCatalog,
  t,
  translateDynamic,
} from '../../src/shared/i18n.ts';
import { FEATURE_MESSAGES } from '../support/feature-messages.ts';

/** The core's catalog and every feature's, by owner. */
const ALL: ReadonlyArray<[string, MessageCatalog]> = [
  ['core', CORE_MESSAGES],
  ...Object.entries(FEATURE_MESSAGES),
];

/** Slack's mrkdwn: *bold*, _italic_, ~strike~ around a word, and <url|text> links. */
const MRKDWN = [
  /\*[^*\s][^*\n]*\*/u,
  /(^|[^\p{L}\p{N}_])_[^_\s][^_\n]*_(?![\p{L}\p{N}_])/u,
  /~[^~\s][^~\n]*~/u,
  /<[^<>\n]*\|[^<>\n]*>/u,
];

describe('the catalogs (the core’s and each feature’s)', () => {
  it('cover every feature that has messages (src/features/<feature>/messages.ts)', () => {
    const root = path.resolve(import.meta.dirname, '../../src/features');
    const withMessages = fs
      .readdirSync(root)
      .filter((name) => fs.existsSync(path.join(root, name, 'messages.ts')))
      .sort();
    expect(Object.keys(FEATURE_MESSAGES).sort()).toEqual(withMessages);
  });

  it.each(ALL)('%s: every key has a Chinese and an English text', (_owner, catalog) => {
    expect(Object.keys(catalog.en).sort()).toEqual(Object.keys(catalog.zh).sort());
    for (const [key, text] of [...Object.entries(catalog.zh), ...Object.entries(catalog.en)]) {
      expect(typeof text === 'string' && text.trim() !== '', key).toBe(true);
    }
  });

  it.each(ALL)('%s: no text carries platform markup or names Slack', (_owner, catalog) => {
    for (const [key, text] of [...Object.entries(catalog.zh), ...Object.entries(catalog.en)]) {
      for (const marker of MRKDWN) expect(text, key).not.toMatch(marker);
      expect(text, key).not.toMatch(/slack/i);
    }
  });

  it('the markup check catches each marker', () => {
    for (const text of [
      '*公文办理*',
      '报告*{seal}*遗失',
      'an _important_ one',
      '~gone~',
      '<https://x.cn|链接>',
    ]) {
      expect(
        MRKDWN.some((marker) => marker.test(text)),
        text,
      ).toBe(true);
    }
    for (const text of ['`/doc report [week|month]`', '1–{max}', 'chat_user_id']) {
      expect(
        MRKDWN.some((marker) => marker.test(text)),
        text,
      ).toBe(false);
    }
  });

  it('define each key once across the core and the features', () => {
    const owners = new Map<string, string>();
    for (const [owner, catalog] of ALL) {
      for (const key of Object.keys(catalog.zh)) {
        expect(owners.get(key), `${key} in ${owner}`).toBeUndefined();
        owners.set(key, owner);
      }
    }
  });
});

describe('composing the features’ messages', () => {
  it('refuses two features defining the same key, naming both', () => {
    const messages = (text: string) => ({ zh: { 'x.title': text }, en: { 'x.title': text } });
    const merge = () =>
      mergeFeatures([
        { name: 'seal', messages: messages('用印') },
        { name: 'stamps', messages: messages('盖章') },
      ]);
    expect(merge).toThrow(FeatureClashError);
    expect(merge).toThrow('features seal and stamps both claim message x.title');
  });

  it('refuses installing a key another part installed, naming both', () => {
    expect(() =>
      installMessages('rewording', { zh: { 'help.header': '帮助' }, en: { 'help.header': 'Help' } }),
    ).toThrow('messages of core and rewording both define help.header');
    expect(t('zh', 'help.header')).toBe('办公室助手 · 使用说明');
  });

  it('makes an installed feature’s texts readable by key, in both languages', () => {
    expect(isMessageKey('test.composed.greeting')).toBe(false);
    installMessages('composed', {
      zh: { 'test.composed.greeting': '你好，{name}' },
      en: { 'test.composed.greeting': 'Hello, {name}' },
    });
    expect(isMessageKey('test.composed.greeting')).toBe(true);
    expect(translateDynamic('en', 'test.composed.greeting', { name: 'Li' })).toBe('Hello, Li');
    expect((catalogs.zh as Record<string, string>)['test.composed.greeting']).toBe('你好，{name}');
    // The same part installed again (a second bot in one process) is not a clash.
    installMessages('composed', {
      zh: { 'test.composed.greeting': '你好，{name}' },
      en: { 'test.composed.greeting': 'Hello, {name}' },
    });
  });

  it('shows a key whose feature is not installed as the key itself', () => {
    // `t` is typed over every feature's keys; at run time only installed ones have texts.
    const t2 = t as (locale: 'zh', key: string) => string;
    expect(t2('zh', 'test.never.installed')).toBe('test.never.installed');
  });
});
