import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { playgroundWanted } from '../../src/playground/start.ts';

const DINGTALK = {
  DINGTALK_CLIENT_ID: 'ding-client',
  DINGTALK_CLIENT_SECRET: 'ding-secret',
  DINGTALK_ROBOT_CODE: 'ding-robot',
  DINGTALK_CARD_TEMPLATE_ID: 'tpl.schema',
};

describe('whether npm start runs the playground', () => {
  it('runs it with no chat platform configured on the embedded database', () => {
    expect(playgroundWanted(loadConfig({}))).toBe(true);
  });

  it('runs the bot instead once DingTalk is configured, as it does for Slack', () => {
    expect(playgroundWanted(loadConfig(DINGTALK))).toBe(false);
    expect(playgroundWanted(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' }))).toBe(
      false,
    );
  });
});
