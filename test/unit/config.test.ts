import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeVariables, loadConfig } from '../../src/config.ts';
import { configError } from '../support/config-error.ts';

const SECRET = '0123456789abcdef0123456789abcdef';

/** A whole DingTalk configuration. */
const DINGTALK = {
  DINGTALK_CLIENT_ID: 'ding-client',
  DINGTALK_CLIENT_SECRET: 'ding-secret',
  DINGTALK_ROBOT_CODE: 'ding-robot',
  DINGTALK_CARD_TEMPLATE_ID: 'tpl.schema',
};

describe('configuration from the environment', () => {
  it('starts on embedded PGlite in ./data with no Slack when nothing is set', () => {
    const config = loadConfig({});
    expect(config.database).toEqual({ kind: 'pglite', dataDir: path.resolve('data') });
    expect(config.port).toBe(3000);
    expect(config.slack).toEqual({ mode: 'none' });
    expect(config.orgFile).toBe(path.resolve('org.example.yaml'));
    expect(config.archiveFilesDir).toBe(path.resolve('data', 'archive-files'));
  });

  it('reads electronic archive files in DATA_DIR/archive-files unless ARCHIVE_FILES_DIR names another folder', () => {
    expect(loadConfig({ DATA_DIR: '/srv/bot' }).archiveFilesDir).toBe(path.resolve('/srv/bot/archive-files'));
    expect(loadConfig({ DATA_DIR: '/srv/bot', ARCHIVE_FILES_DIR: ' files/archive ' }).archiveFilesDir).toBe(
      path.resolve('files/archive'),
    );
  });

  it('backs the embedded database up daily at 03:00 and keeps 14 unless BACKUP_AT and BACKUP_KEEP say otherwise', () => {
    expect(loadConfig({}).backup).toEqual({ at: { hour: 3, minute: 0 }, keep: 14 });
    expect(loadConfig({ BACKUP_AT: '23:45', BACKUP_KEEP: '30' }).backup).toEqual({
      at: { hour: 23, minute: 45 },
      keep: 30,
    });
    expect(loadConfig({ BACKUP_AT: 'off' }).backup.at).toBeNull();
  });

  it('refuses a backup time that is not HH:MM and a retention below one, naming both', () => {
    const error = configError({ BACKUP_AT: '3am', BACKUP_KEEP: '0' });
    expect(error.problems).toHaveLength(2);
    expect(error.message).toContain(
      'BACKUP_AT must be a time of day as HH:MM (00:00–23:59), or off (now "3am")',
    );
    expect(error.message).toContain('BACKUP_KEEP must be a whole number from 1 to 3650 (now "0")');
    expect(configError({ BACKUP_AT: '24:00' }).problems[0]).toContain('BACKUP_AT');
  });

  it('uses PostgreSQL with a bounded pool and a connect timeout when DATABASE_URL is set', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://u:p@db:5432/office', DATABASE_POOL_MAX: '4' });
    expect(config.database).toEqual({
      kind: 'postgres',
      url: 'postgres://u:p@db:5432/office',
      poolMax: 4,
      connectTimeoutMs: 5000,
    });
  });

  it('chooses HTTP mode with a bot token and signing secret, Socket Mode with an app token', () => {
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: SECRET }).slack.mode).toBe('http');
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' }).slack.mode).toBe('socket');
  });

  it('normalises SLACK_API_URL so a local double can stand in for the Web API', () => {
    const config = loadConfig({
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: 'http://127.0.0.1:9999/api',
    });
    expect(config.slack).toMatchObject({ apiUrl: 'http://127.0.0.1:9999/api/' });
  });

  it('lists every bad variable in one error, with how to fix each', () => {
    const error = configError({
      PORT: 'eighty',
      DATABASE_URL: 'mysql://x',
      LOG_LEVEL: 'loud',
      SLACK_BOT_TOKEN: 'xoxp-user-token',
      SLACK_SIGNING_SECRET: SECRET,
    });
    expect(error.problems).toHaveLength(4);
    expect(error.message).toContain('PORT must be a whole number from 0 to 65535 (now "eighty")');
    expect(error.message).toContain('DATABASE_URL must start with postgres://');
    expect(error.message).toContain('LOG_LEVEL must be one of');
    expect(error.message).toContain('SLACK_BOT_TOKEN must be a bot token starting with xoxb-');
    expect(error.message).toContain('docs/operations.md');
  });

  it('never repeats a secret value in its error message', () => {
    const error = configError({
      SLACK_BOT_TOKEN: 'xoxp-secret-user-token',
      SLACK_SIGNING_SECRET: 'not-hex-secret',
    });
    expect(error.message).not.toContain('xoxp-secret-user-token');
    expect(error.message).not.toContain('not-hex-secret');
    expect(error.problems).toHaveLength(2);
  });

  it('refuses half a Slack configuration', () => {
    expect(configError({ SLACK_BOT_TOKEN: 'xoxb-1' }).message).toContain('SLACK_SIGNING_SECRET is required');
    expect(configError({ SLACK_SIGNING_SECRET: SECRET }).message).toContain('SLACK_BOT_TOKEN is required');
  });

  it('turns DingTalk on with its client id, secret, robot code and card template id, at DingTalk’s URLs by default', () => {
    expect(loadConfig({}).dingtalk).toEqual({ mode: 'none' });
    expect(loadConfig({ ...DINGTALK }).dingtalk).toEqual({
      mode: 'stream',
      clientId: 'ding-client',
      clientSecret: 'ding-secret',
      robotCode: 'ding-robot',
      cardTemplateId: 'tpl.schema',
      apiUrl: 'https://api.dingtalk.com',
      oapiUrl: 'https://oapi.dingtalk.com',
      gatewayUrl: 'https://api.dingtalk.com',
    });
  });

  it('points DingTalk at a stand-in: the gateway follows DINGTALK_API_URL unless named apart', () => {
    const local = loadConfig({
      ...DINGTALK,
      DINGTALK_API_URL: 'http://127.0.0.1:7001/',
      DINGTALK_OAPI_URL: 'http://127.0.0.1:7001',
    }).dingtalk;
    expect(local).toMatchObject({
      apiUrl: 'http://127.0.0.1:7001',
      oapiUrl: 'http://127.0.0.1:7001',
      gatewayUrl: 'http://127.0.0.1:7001',
    });
    const apart = loadConfig({ ...DINGTALK, DINGTALK_GATEWAY_URL: 'http://127.0.0.1:7002/' }).dingtalk;
    expect(apart).toMatchObject({ apiUrl: 'https://api.dingtalk.com', gatewayUrl: 'http://127.0.0.1:7002' });
    expect(configError({ ...DINGTALK, DINGTALK_API_URL: 'api.dingtalk.com' }).message).toContain(
      'DINGTALK_API_URL must be an http(s) URL',
    );
  });

  it('refuses part of a DingTalk configuration, naming each missing variable, and never shows the secret', () => {
    const error = configError({ DINGTALK_CLIENT_ID: 'ding-client', DINGTALK_CLIENT_SECRET: 'ding-secret' });
    expect(error.problems).toHaveLength(2);
    expect(error.message).toContain(
      'DINGTALK_ROBOT_CODE is required when DINGTALK_CLIENT_ID, DINGTALK_CLIENT_SECRET are set',
    );
    expect(error.message).toContain('DINGTALK_CARD_TEMPLATE_ID is required');
    const secretOnly = configError({ DINGTALK_CLIENT_SECRET: 'ding-secret' });
    expect(secretOnly.problems).toHaveLength(3);
    expect(secretOnly.message).not.toContain('ding-secret');
  });

  it('describes every variable it reads', () => {
    const names = describeVariables().map(([name]) => name);
    expect(names).toContain('DATABASE_URL');
    expect(names).toContain('SLACK_API_URL');
    expect(new Set(names).size).toBe(names.length);
  });
});
