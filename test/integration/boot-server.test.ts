import { describe, expect, it } from 'vitest';
import { startBootServer } from '../../src/http/boot-server.ts';
import { createLogger } from '../../src/shared/logger.ts';
import { getPath, postSlack } from '../support/slack.ts';

const logger = createLogger({ level: 'silent', pretty: false });

describe('the port while the bot starts', () => {
  it('says the process is alive but not ready, and asks Slack to retry', async () => {
    const boot = await startBootServer({ port: 0, host: '127.0.0.1', logger });
    try {
      const health = await getPath(boot.port, '/healthz');
      expect(health.status).toBe(200);
      expect(health.json).toEqual({ status: 'ok', phase: 'starting' });

      const ready = await getPath(boot.port, '/readyz');
      expect(ready.status).toBe(503);
      expect(ready.json).toEqual({ ready: false, phase: 'starting' });

      const slack = await postSlack(boot.port, 'command=%2Fdoc&text=help', { secret: '00' });
      expect(slack.status).toBe(503);
      expect(slack.headers['retry-after']).toBe('5');
    } finally {
      await boot.close();
    }
  });

  it('lets go of the port when closed, so the runtime can bind the same number', async () => {
    const boot = await startBootServer({ port: 0, host: '127.0.0.1', logger });
    await boot.close();
    const again = await startBootServer({ port: boot.port, host: '127.0.0.1', logger });
    expect(again.port).toBe(boot.port);
    await again.close();
  });
});
