// The address WeCom posts the app's callbacks to, on the bot's HTTP port (behind the reverse proxy
// that makes it reachable): `GET /wecom/callback` is WeCom's URL check (answer the decrypted
// `echostr`), `POST /wecom/callback` a message or an event (developer.work.weixin.qq.com/document/
// path/90930). Anything whose signature or encryption does not check out is refused with 401, and
// nothing of it is done or logged. A genuine callback is answered 200 at once (WeCom waits five
// seconds, then retries) and handed over for its work afterwards.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBodyUpTo } from '../../http/request-body.ts';
import type { HttpPages } from '../../http/server.ts';
import type { Logger } from '../../shared/logger.ts';
import { type CallbackKeys, openCallback, type SignedQuery } from './callback-crypto.ts';
import { readCallbackXml } from './callback-xml.ts';

/** Where WeCom is told to post the app's callbacks (the app's 接收消息 URL ends with it). */
export const WECOM_CALLBACK_PATH = '/wecom/callback';

/** WeCom's callbacks are small XML documents; anything larger is not one. */
const MAX_CALLBACK_BYTES = 64 * 1024;

/** What the route is built from. */
export interface CallbackRouteOptions {
  keys: CallbackKeys;
  logger: Logger;
  /**
   * Takes a verified callback's fields after its 200 has gone. Its work runs on its own; the route
   * does not wait for it (the adapter tracks it for shutdown).
   */
  onCallback(fields: Record<string, string>): void;
}

/** The callback route, as pages served beside the bot's other routes on its port. */
export function createCallbackRoute(options: CallbackRouteOptions): HttpPages {
  const logger = options.logger.child({ component: 'wecom-callback' });

  /** Refused: nothing of the request is logged but why (no body, no query). */
  function refuse(res: ServerResponse, why: string): void {
    logger.warn({ why }, 'WeCom callback refused');
    res.writeHead(401, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('invalid signature\n');
  }

  async function post(req: IncomingMessage, res: ServerResponse, query: SignedQuery): Promise<void> {
    const body = await readBodyUpTo(req, MAX_CALLBACK_BYTES);
    if (body === null) return refuse(res, 'body too large');
    const encrypted = readCallbackXml(body.toString('utf8'))?.Encrypt;
    if (encrypted === undefined) return refuse(res, 'no <Encrypt> element');
    const plaintext = openCallback(options.keys, query, encrypted);
    if (plaintext === null) return refuse(res, 'signature or encryption does not match');
    const fields = readCallbackXml(plaintext);
    if (fields === null) return refuse(res, 'the decrypted message is not a callback document');
    // WeCom takes an empty 200 as "received, no passive reply".
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('');
    options.onCallback(fields);
  }

  return {
    handle(req, res) {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (url.pathname !== WECOM_CALLBACK_PATH) return false;
      const query: SignedQuery = {
        msgSignature: url.searchParams.get('msg_signature') ?? '',
        timestamp: url.searchParams.get('timestamp') ?? '',
        nonce: url.searchParams.get('nonce') ?? '',
      };
      if (req.method === 'GET') {
        const plaintext = openCallback(options.keys, query, url.searchParams.get('echostr') ?? '');
        if (plaintext === null) {
          refuse(res, 'URL check with a signature or echostr that does not match');
          return true;
        }
        res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
        res.end(plaintext);
        return true;
      }
      if (req.method !== 'POST') {
        res.writeHead(405, { allow: 'GET, POST', 'content-type': 'text/plain; charset=utf-8' });
        res.end('Method not allowed\n');
        return true;
      }
      post(req, res, query).catch((error: unknown) => {
        logger.error({ err: error }, 'WeCom callback failed before it was answered');
        if (!res.headersSent) {
          res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
          res.end('internal error\n');
        }
      });
      return true;
    },
  };
}
