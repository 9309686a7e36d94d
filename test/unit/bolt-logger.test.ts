import { LogLevel } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { createBoltLogger, scrubPayloadSecrets, toBoltLevel } from '../../src/chat/slack/bolt-logger.ts';
import { captureLogs } from '../support/logs.ts';

describe('Bolt logger adapter', () => {
  it('writes Bolt’s messages as JSON lines of our logger, tagged as bolt', () => {
    const logs = captureLogs();
    createBoltLogger(logs.logger).info('Now listening', 'on port', 3000);

    expect(logs.lines()[0]).toMatchObject({
      level: 'info',
      component: 'bolt',
      msg: 'Now listening on port 3000',
    });
  });

  it('puts errors under err, with their stack', () => {
    const logs = captureLogs();
    createBoltLogger(logs.logger).error('Slack API error: invalid_auth', new Error('An API error occurred'));

    const [line] = logs.lines();
    expect(line).toMatchObject({ level: 'error', msg: 'Slack API error: invalid_auth' });
    expect((line?.err as { stack?: string } | undefined)?.stack).toContain('An API error occurred');
  });

  it('keeps redacting: tokens in text, and token and response_url fields in objects', () => {
    const logs = captureLogs();
    createBoltLogger(logs.logger).warn('failed with xoxb-123-secret', {
      token: 'legacy-secret',
      response_url: 'https://hooks.slack.com/commands/T1/2/secret',
    });

    const text = logs.text();
    expect(text).not.toContain('xoxb-123-secret');
    expect(text).not.toContain('legacy-secret');
    expect(text).not.toContain('hooks.slack.com');
  });

  it('blanks token and response_url values inside JSON that Bolt prints whole', () => {
    const raw =
      'Received a message on the WebSocket: {"payload":{"token":"abc123","response_url":"https://x/y","text":"hi"}}';

    const scrubbed = scrubPayloadSecrets(raw);

    expect(scrubbed).toBe(
      'Received a message on the WebSocket: {"payload":{"token":"[Redacted]","response_url":"[Redacted]","text":"hi"}}',
    );
    expect(scrubPayloadSecrets(JSON.stringify(raw))).not.toContain('abc123');
  });

  it('reports and changes only its own level', () => {
    const logs = captureLogs('info');
    const bolt = createBoltLogger(logs.logger);
    expect(bolt.getLevel()).toBe(LogLevel.INFO);

    bolt.setLevel(LogLevel.ERROR);
    bolt.warn('hidden');
    logs.logger.warn('shown');

    expect(logs.lines().map((l) => l.msg)).toEqual(['shown']);
    expect(toBoltLevel('trace')).toBe(LogLevel.DEBUG);
    expect(toBoltLevel('silent')).toBe(LogLevel.ERROR);
  });
});
