import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { observeSocketConnection } from '../../src/chat/slack/slack-app.ts';
import { checkReadiness, type SlackConnectionState } from '../../src/http/health.ts';
import { captureLogs } from '../support/logs.ts';

afterEach(() => {
  vi.useRealTimers();
});

describe('checkReadiness', () => {
  it.each([
    ['http', true],
    ['connected', true],
    ['not_configured', true],
    ['connecting', false],
    ['disconnected', false],
  ] as const)('with the database up and Slack %s, reports ready = %s', async (slack, ready) => {
    const readiness = await checkReadiness({
      readiness: async () => ({ database: 'ok' }),
      connectionState: () => slack,
      logger: captureLogs().logger,
    });
    expect(readiness).toEqual({ ready, checks: { database: 'ok', slack } });
  });

  it('counts a database ping slower than the timeout as an error', async () => {
    vi.useFakeTimers();
    const logs = captureLogs();
    const pending = checkReadiness({
      readiness: () => new Promise(() => {}),
      connectionState: () => 'http',
      logger: logs.logger,
      probeTimeoutMs: 2000,
    });

    await vi.advanceTimersByTimeAsync(2000);

    expect(await pending).toEqual({ ready: false, checks: { database: 'error', slack: 'http' } });
    expect(logs.lines()[0]).toMatchObject({ level: 'warn', msg: 'database readiness probe timed out' });
  });

  it('counts a throwing database ping as an error', async () => {
    const readiness = await checkReadiness({
      readiness: async () => {
        throw new Error('ECONNREFUSED');
      },
      connectionState: () => 'connected',
      logger: captureLogs().logger,
    });
    expect(readiness.checks.database).toBe('error');
    expect(readiness.ready).toBe(false);
  });
});

describe('observeSocketConnection', () => {
  it('follows the Socket Mode client through connect, reconnect and disconnect, and logs each change', () => {
    const client = new EventEmitter();
    const logs = captureLogs();
    const states: SlackConnectionState[] = [];
    observeSocketConnection(
      client,
      logs.logger,
      () => false,
      (state) => states.push(state),
    );

    for (const event of [
      'connecting',
      'authenticated',
      'connected',
      'reconnecting',
      'connected',
      'disconnected',
    ]) {
      client.emit(event);
    }

    expect(states).toEqual(['connecting', 'connected', 'connecting', 'connected', 'disconnected']);
    const messages = logs.lines().map((line) => `${line.level} ${line.msg}`);
    expect(messages).toContain('warn Socket Mode reconnecting');
    expect(messages).toContain('warn Socket Mode disconnected');
  });

  it('logs a disconnect during shutdown as expected, not as a warning', () => {
    const client = new EventEmitter();
    const logs = captureLogs();
    observeSocketConnection(
      client,
      logs.logger,
      () => true,
      () => {},
    );

    client.emit('disconnected');

    expect(logs.lines()[0]).toMatchObject({ level: 'info', msg: 'Socket Mode disconnected' });
  });
});
