import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { observeSocketConnection } from '../../src/chat/slack/slack-app.ts';
import { type ChatConnectionState, checkReadiness } from '../../src/http/health.ts';
import { captureLogs } from '../support/logs.ts';

afterEach(() => {
  vi.useRealTimers();
});

describe('checkReadiness', () => {
  it.each([
    ['http', true, undefined],
    ['connected', true, undefined],
    ['not_configured', true, undefined],
    ['connecting', false, ['slack is connecting']],
    ['disconnected', false, ['slack is disconnected']],
  ] as const)('with the database up and Slack %s, reports ready = %s', async (slack, ready, reasons) => {
    const readiness = await checkReadiness({
      readiness: async () => ({ database: 'ok' }),
      connections: () => ({ slack }),
      logger: captureLogs().logger,
    });
    expect(readiness).toEqual({ ready, checks: { database: 'ok', slack }, ...(reasons ? { reasons } : {}) });
  });

  it('counts a replica standing by for a connection another replica holds as ready', async () => {
    const readiness = await checkReadiness({
      readiness: async () => ({ database: 'ok' }),
      connections: () => ({ slack: 'not_configured', dingtalk: 'standby' }),
      logger: captureLogs().logger,
    });
    expect(readiness).toEqual({
      ready: true,
      checks: { database: 'ok', slack: 'not_configured', dingtalk: 'standby' },
    });
  });

  it('with no platform configured, stays ready and says how many messages wait for one', async () => {
    let waiting = 12;
    const options = {
      readiness: async () => ({ database: 'ok' as const }),
      connections: () => ({ slack: 'not_configured' as const }),
      waiting: async () => waiting,
      logger: captureLogs().logger,
    };
    expect(await checkReadiness(options)).toEqual({
      ready: true,
      checks: { database: 'ok', slack: 'not_configured' },
      waiting: { messages: 12, reason: 'no chat platform is configured' },
    });
    waiting = 0;
    expect(await checkReadiness(options)).toEqual({
      ready: true,
      checks: { database: 'ok', slack: 'not_configured' },
    });
  });

  it('with a platform configured, does not report waiting messages (the dispatcher delivers them)', async () => {
    const waiting = vi.fn(async () => 12);
    const readiness = await checkReadiness({
      readiness: async () => ({ database: 'ok' }),
      connections: () => ({ slack: 'http' }),
      waiting,
      logger: captureLogs().logger,
    });
    expect(readiness).toEqual({ ready: true, checks: { database: 'ok', slack: 'http' } });
    expect(waiting).not.toHaveBeenCalled();
  });

  it('counts a database ping slower than the timeout as an error', async () => {
    vi.useFakeTimers();
    const logs = captureLogs();
    const pending = checkReadiness({
      readiness: () => new Promise(() => {}),
      connections: () => ({ slack: 'http' }),
      logger: logs.logger,
      probeTimeoutMs: 2000,
    });

    await vi.advanceTimersByTimeAsync(2000);

    expect(await pending).toEqual({
      ready: false,
      checks: { database: 'error', slack: 'http' },
      reasons: ['the database does not answer'],
    });
    expect(logs.lines()[0]).toMatchObject({ level: 'warn', msg: 'database readiness probe timed out' });
  });

  it('counts a throwing database ping as an error', async () => {
    const readiness = await checkReadiness({
      readiness: async () => {
        throw new Error('ECONNREFUSED');
      },
      connections: () => ({ slack: 'connected' }),
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
    const states: ChatConnectionState[] = [];
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
