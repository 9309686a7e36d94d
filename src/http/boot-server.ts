import type { Logger } from '../shared/logger.ts';
import { sendJson } from './health.ts';
import { createManagedServer, InFlightTracker } from './server.ts';

/** The HTTP port held while the bot starts; closed just before the chat runtime takes the port over. */
export interface BootServer {
  /** The port actually bound (PORT=0 picks a free one; the runtime then binds the same). */
  port: number;
  close(): Promise<void>;
}

/**
 * Serves the port while the database opens and migrates, which on a new PGlite folder or a long
 * migration takes seconds: `/healthz` says the process is alive (a liveness probe must not kill a
 * bot that is migrating), `/readyz` and everything else answer 503 "starting" with Retry-After, so
 * Slack retries and load balancers wait instead of seeing a refused connection.
 */
export async function startBootServer(options: {
  port: number;
  host: string;
  logger: Logger;
}): Promise<BootServer> {
  const logger = options.logger.child({ component: 'boot-server' });
  const server = createManagedServer({
    logger,
    tracker: new InFlightTracker(),
    handle: (req, res) => {
      const path = new URL(req.url ?? '/', 'http://localhost').pathname;
      if (path === '/healthz') return sendJson(res, 200, { status: 'ok', phase: 'starting' });
      res.setHeader('retry-after', '5');
      if (path === '/readyz') return sendJson(res, 503, { ready: false, phase: 'starting' });
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('办公室助手正在启动，请稍候。 The office bot is starting; try again in a few seconds.\n');
    },
  });
  const port = await server.listen(options.port, options.host);
  logger.debug({ port }, 'boot server listening');
  return {
    port,
    async close() {
      await server.close(0);
    },
  };
}
