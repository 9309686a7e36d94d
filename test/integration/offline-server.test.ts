import { describe, expect, it, onTestFinished } from 'vitest';
import type { DatabaseProbe } from '../../src/http/health.ts';
import { createOfflineRuntime } from '../../src/http/offline-server.ts';
import { IDLE_KEEP_ALIVE_MS } from '../../src/http/server.ts';
import { captureLogs } from '../support/logs.ts';
import { getPath } from '../support/slack.ts';

async function startOffline(readiness: DatabaseProbe = async () => ({ database: 'ok' })) {
  const runtime = createOfflineRuntime({
    port: 0,
    host: '127.0.0.1',
    logger: captureLogs().logger,
    readiness,
    connections: () => ({ slack: 'not_configured' }),
  });
  const { port } = await runtime.start();
  onTestFinished(() => runtime.stop(1000));
  return { runtime, port };
}

describe('offline runtime (no Slack credentials)', () => {
  it('answers /healthz with 200', async () => {
    const { port } = await startOffline();

    const res = await getPath(port, '/healthz');

    expect(res.status).toBe(200);
    expect(res.json).toEqual({ status: 'ok' });
  });

  it('holds idle keep-alive connections longer than proxies keep theirs, so a reused one is never closed under the client', async () => {
    const { port } = await startOffline();

    const res = await fetch(`http://127.0.0.1:${port}/healthz`);
    await res.body?.cancel();

    // Node's default (5 s) let clients reuse a connection the server was closing: ECONNRESET.
    expect(res.headers.get('keep-alive')).toBe(`timeout=${IDLE_KEEP_ALIVE_MS / 1000}`);
    expect(IDLE_KEEP_ALIVE_MS).toBeGreaterThan(60_000);
  });

  it('reports ready with Slack not configured while the database answers, and 503 when it does not', async () => {
    const up = await startOffline();
    const down = await startOffline(async () => ({ database: 'error' }));

    const ready = await getPath(up.port, '/readyz');
    const notReady = await getPath(down.port, '/readyz');

    expect(ready.status).toBe(200);
    expect(ready.json).toEqual({ ready: true, checks: { database: 'ok', slack: 'not_configured' } });
    expect(notReady.status).toBe(503);
    expect(up.runtime.connectionState()).toBe('not_configured');
  });

  it('explains at / how to connect a workspace, in Chinese first and then English', async () => {
    const { port } = await startOffline();

    const res = await getPath(port, '/');

    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    for (const needed of [
      'manifest.json',
      'SLACK_BOT_TOKEN',
      'SLACK_SIGNING_SECRET',
      'SLACK_APP_TOKEN',
      'README',
    ]) {
      expect(res.text).toContain(needed);
    }
    expect(res.text.indexOf('尚未连接')).toBeGreaterThanOrEqual(0);
    expect(res.text.indexOf('尚未连接')).toBeLessThan(res.text.indexOf('not connected'));
  });

  it('serves the guidance as an HTML page to a browser', async () => {
    const { port } = await startOffline();

    const res = await getPath(port, '/', { accept: 'text/html,application/xhtml+xml' });

    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.text).toContain('<html lang="zh-CN">');
    expect(res.text).toContain('SLACK_SIGNING_SECRET');
  });

  it('answers 404 for any other path', async () => {
    const { port } = await startOffline();

    expect((await getPath(port, '/slack/events')).status).toBe(404);
    expect((await getPath(port, '/favicon.ico')).status).toBe(404);
  });

  it('stops listening when stopped', async () => {
    const { runtime, port } = await startOffline();

    await runtime.stop(1000);

    await expect(getPath(port, '/healthz')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});
