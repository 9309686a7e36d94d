import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkflowModule, FEATURES } from '../../src/bot.ts';
import type { Feature } from '../../src/features/feature-module.ts';
import { isMessageKey, translateDynamic } from '../../src/shared/i18n.ts';
import { createTestDatabase, silentLogger, type TestDatabase } from '../support/databases.ts';
import { manualClock } from '../support/workflow.ts';

// The composition root installs the enabled features' messages beside the core catalog. (Every
// test file has the real features' messages installed beforehand, as unit tests build cards without
// a bot; so this one composes a feature of its own, whose key nothing else installs.)
describe('the composition root and the features’ messages', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase('pglite');
  });
  afterAll(async () => {
    await t.cleanup();
  });

  it('installs an enabled feature’s messages, so `t` reads them', () => {
    const greeting: Feature = () => ({
      name: 'greeting',
      messages: {
        zh: { 'test.greeting.hello': '你好，{name}' },
        en: { 'test.greeting.hello': 'Hello, {name}' },
      },
    });
    expect(isMessageKey('test.greeting.hello')).toBe(false);
    createWorkflowModule({
      db: t.db,
      logger: silentLogger,
      clock: manualClock(),
      timeZone: 'Asia/Shanghai',
      features: [...FEATURES, greeting],
    });
    expect(translateDynamic('zh', 'test.greeting.hello', { name: '刘洋' })).toBe('你好，刘洋');
    expect(translateDynamic('en', 'test.greeting.hello', { name: 'Liu Yang' })).toBe('Hello, Liu Yang');
  });

  it('refuses to start with a feature that rewords a core message', () => {
    const rewording: Feature = () => ({
      name: 'rewording',
      messages: { zh: { 'help.header': '帮助' }, en: { 'help.header': 'Help' } },
    });
    expect(() =>
      createWorkflowModule({
        db: t.db,
        logger: silentLogger,
        clock: manualClock(),
        timeZone: 'Asia/Shanghai',
        features: [...FEATURES, rewording],
      }),
    ).toThrow('features core and rewording both claim message help.header');
  });
});
