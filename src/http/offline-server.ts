import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ChatRuntime } from '../chat/runtime.ts';
import type { Logger } from '../shared/logger.ts';
import {
  type ChatConnections,
  createHealthRoutes,
  type DatabaseProbe,
  handleRoute,
  type WaitingProbe,
} from './health.ts';
import { createManagedServer, type HttpPages, InFlightTracker, servingFirst } from './server.ts';

export interface OfflineRuntimeOptions {
  port: number;
  host: string;
  logger: Logger;
  readiness: DatabaseProbe;
  /** Every platform the bot knows, each with its connection, as `/readyz` reports them. */
  connections: () => ChatConnections;
  /**
   * Whether `/` explains how to connect a workspace (default true). Off when a platform is
   * configured that binds no port of its own (an outbound connection): then this server is
   * only the bot's port for health checks and web forms.
   */
  guidance?: boolean;
  /** Pages served beside the health checks (the web forms). */
  web?: HttpPages;
  /** Messages waiting in the outbox, which `/readyz` reports while no platform can take them. */
  waiting?: WaitingProbe;
}

/**
 * The bot's HTTP port when no configured platform serves it. With no chat platform configured the
 * bot stays up (its engine, scheduler and reminders too), answers health checks, and explains at
 * `/` how to connect a workspace, instead of crashing at start-up. Beside platforms that hold
 * outbound connections only, it serves the health checks and the web forms.
 */
export function createOfflineRuntime(options: OfflineRuntimeOptions): ChatRuntime {
  const logger = options.logger.child({ component: 'offline-server' });
  const routes = createHealthRoutes({
    readiness: options.readiness,
    connections: options.connections,
    ...(options.waiting ? { waiting: options.waiting } : {}),
    logger,
  });
  const server = createManagedServer({
    logger,
    tracker: new InFlightTracker(),
    handle: servingFirst(options.web, (req, res) => {
      if (handleRoute(routes, req, res)) return;
      const path = new URL(req.url ?? '/', 'http://localhost').pathname;
      const guidance = options.guidance ?? true;
      if (guidance && path === '/' && (req.method === 'GET' || req.method === 'HEAD')) {
        return sendGuidance(req, res);
      }
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('Not found\n');
    }),
  });
  let started: Promise<{ port: number }> | undefined;

  return {
    start() {
      started ??= server.listen(options.port, options.host).then((port) => {
        logger.info({ port }, 'offline server listening (no chat platform serves the port)');
        return { port };
      });
      return started;
    },
    async stop(timeoutMs) {
      await server.close(timeoutMs);
    },
    connectionState: () => 'not_configured',
  };
}

/** The setup guidance, Chinese first, as plain text (curl) or HTML (a browser). */
export const GUIDANCE_TEXT = `办公室助手已启动，但尚未连接 Slack 工作区。

连接步骤：
1. 在 https://api.slack.com/apps 选择 “Create New App” → “From an app manifest”，粘贴本项目的 manifest.json 创建应用，并安装到工作区。
2. 设置环境变量后重新启动：
   - HTTP 模式（需要公网可访问的地址）：SLACK_BOT_TOKEN（xoxb- 开头）和 SLACK_SIGNING_SECRET；
   - Socket Mode（无需公网地址）：SLACK_BOT_TOKEN 和 SLACK_APP_TOKEN（xapp- 开头，权限 connections:write）。
3. 详细说明见 README.md。

The office assistant is running but not connected to a Slack workspace.

To connect:
1. At https://api.slack.com/apps choose “Create New App” → “From an app manifest”, paste this project's manifest.json, and install the app to your workspace.
2. Set these environment variables and restart:
   - HTTP mode (needs a public URL): SLACK_BOT_TOKEN (starts with xoxb-) and SLACK_SIGNING_SECRET;
   - Socket Mode (no public URL needed): SLACK_BOT_TOKEN and SLACK_APP_TOKEN (starts with xapp-, scope connections:write).
3. See README.md for details.

Health: /healthz  Readiness: /readyz
`;

function sendGuidance(req: IncomingMessage, res: ServerResponse): void {
  const wantsHtml = (req.headers.accept ?? '').includes('text/html');
  const body = wantsHtml ? renderGuidanceHtml() : GUIDANCE_TEXT;
  res.writeHead(200, {
    'content-type': wantsHtml ? 'text/html; charset=utf-8' : 'text/plain; charset=utf-8',
    'cache-control': 'no-store',
    'content-length': Buffer.byteLength(body),
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}

function renderGuidanceHtml(): string {
  const escaped = GUIDANCE_TEXT.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return `<!doctype html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>办公室助手 · 尚未连接 Slack / Not connected to Slack</title></head>
<body><pre style="white-space: pre-wrap; font: 15px/1.6 system-ui, sans-serif; max-width: 46rem; margin: 2rem auto">${escaped}</pre></body>
</html>
`;
}
