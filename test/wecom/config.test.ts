// WeCom's variables: all five or none, each checked, in one message that never repeats a secret.

import { describe, expect, it } from 'vitest';
import { randomAesKey } from '../../src/chat/wecom/stand-in/stand-in.ts';
import { loadConfig } from '../../src/config.ts';
import { configError } from '../support/config-error.ts';

const AES_KEY = randomAesKey();
const WECOM = {
  WECOM_CORP_ID: 'ww1234567890abcdef',
  WECOM_AGENT_ID: '1000002',
  WECOM_SECRET: 'app-secret-value',
  WECOM_TOKEN: 'CallbackToken42',
  WECOM_AES_KEY: AES_KEY,
};

describe('WeCom configuration', () => {
  it('turns WeCom on with its five variables, at WeCom’s API by default or at a stand-in', () => {
    expect(loadConfig({}).wecom).toEqual({ mode: 'none' });
    expect(loadConfig(WECOM).wecom).toEqual({
      mode: 'callback',
      corpId: 'ww1234567890abcdef',
      agentId: 1000002,
      secret: 'app-secret-value',
      token: 'CallbackToken42',
      aesKey: AES_KEY,
      apiUrl: 'https://qyapi.weixin.qq.com',
    });
    expect(loadConfig({ ...WECOM, WECOM_API_URL: 'http://127.0.0.1:7010/' }).wecom).toMatchObject({
      apiUrl: 'http://127.0.0.1:7010',
    });
  });

  it('runs beside Slack and DingTalk', () => {
    const config = loadConfig({
      ...WECOM,
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_APP_TOKEN: 'xapp-1',
      DINGTALK_CLIENT_ID: 'c',
      DINGTALK_CLIENT_SECRET: 's',
      DINGTALK_ROBOT_CODE: 'r',
      DINGTALK_CARD_TEMPLATE_ID: 't',
    });
    expect([config.slack.mode, config.dingtalk.mode, config.wecom.mode]).toEqual([
      'socket',
      'stream',
      'callback',
    ]);
  });

  it('lists every missing variable in one message when only some are set', () => {
    const error = configError({ WECOM_CORP_ID: 'ww1234567890abcdef', WECOM_SECRET: 'app-secret-value' });
    expect(error.problems).toHaveLength(3);
    for (const name of ['WECOM_AGENT_ID', 'WECOM_TOKEN', 'WECOM_AES_KEY']) {
      expect(error.message).toContain(`${name} is required when WECOM_CORP_ID, WECOM_SECRET are set`);
    }
    expect(error.message).not.toContain('app-secret-value');
  });

  it('checks the EncodingAESKey’s 43 characters, the corp id and the agent id, never showing the key', () => {
    const shortKey = AES_KEY.slice(0, 42);
    const error = configError({
      ...WECOM,
      WECOM_AES_KEY: shortKey,
      WECOM_CORP_ID: 'corp',
      WECOM_AGENT_ID: 'abc',
    });
    expect(error.problems).toHaveLength(3);
    expect(error.message).toContain(
      'WECOM_AES_KEY must be the EncodingAESKey: exactly 43 letters and digits',
    );
    expect(error.message).toContain(
      'WECOM_CORP_ID must be the corp id (企业ID) starting with ww or wx (now "corp")',
    );
    expect(error.message).toContain('WECOM_AGENT_ID must be the app’s AgentId, a whole number');
    expect(error.message).not.toContain(shortKey);
    expect(configError({ ...WECOM, WECOM_AES_KEY: `${AES_KEY.slice(0, 42)}=` }).message).toContain(
      'WECOM_AES_KEY',
    );
    expect(configError({ ...WECOM, WECOM_TOKEN: 'not a token!' }).message).toContain(
      'WECOM_TOKEN must be 1–32 letters and digits',
    );
  });
});
