// Where a Slack request enters, before and around Bolt: no body, however malformed, may throw
// where nothing catches it, and every request gets its answer at once rather than after Bolt's
// 3-second wait (by which time Slack has shown the user an error).

import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  App,
  type AppOptions,
  type BufferedIncomingMessage,
  defaultBodyLimit,
  HTTPModuleFunctions,
  isRawBodyError,
  type ReceiverEvent,
} from '@slack/bolt';
import { sendJson } from '../../http/health.ts';
import type { Logger } from '../../shared/logger.ts';
import { checkSlackBody, checkSocketEnvelope, summarizeSlackBody } from './inbound.ts';
import type { SlackRequestContext } from './request-context.ts';

export interface SlackEventsGuardOptions {
  signingSecret: string;
  logger: Logger;
  /** Bolt's receiver: gets the request, already read, once its signature and shape passed. */
  forward: (req: BufferedIncomingMessage, res: ServerResponse) => void;
}

/**
 * HTTP mode's request boundary for Slack's POSTs: reads the body (at most Bolt's 4 MB), verifies
 * the signature (401), parses the body as Bolt will (400 when it cannot), checks its shape (400),
 * and only then hands the request to Bolt. Bolt finds the body already read and does not read it
 * again. One log line per refused request; the body itself is never logged (it carries a token
 * and a response_url).
 */
export function guardSlackEvents(
  options: SlackEventsGuardOptions,
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const { logger } = options;
  return async (req, res) => {
    let buffered: BufferedIncomingMessage;
    try {
      buffered = await HTTPModuleFunctions.parseAndVerifyHTTPRequest(
        { enabled: true, signingSecret: options.signingSecret, bodyLimit: defaultBodyLimit },
        req,
      );
    } catch (error) {
      if (isRawBodyError(error)) {
        const tooLarge = error.statusCode === 413;
        logger.warn({ reason: error.message }, 'Slack request refused: body not read');
        return refuse(res, tooLarge ? 413 : 400, tooLarge ? 'body_too_large' : 'body_not_read');
      }
      // A missing or wrong signature, or a timestamp more than five minutes off.
      logger.warn(
        { reason: error instanceof Error ? error.message : String(error) },
        'Slack request refused: signature',
      );
      return refuse(res, 401, 'invalid_signature');
    }
    let body: unknown;
    try {
      body = HTTPModuleFunctions.parseHTTPRequestBody(buffered);
    } catch {
      // Not the parser's message: it quotes the body, which may hold the legacy token.
      logger.warn(
        { reason: 'the body (or its payload field) is not JSON', contentType: req.headers['content-type'] },
        'Slack request refused: malformed body',
      );
      return refuse(res, 400, 'malformed_body');
    }
    const check = checkSlackBody(body);
    if (!check.ok) {
      logger.warn({ reason: check.reason }, 'Slack request refused: malformed body');
      return refuse(res, 400, 'malformed_body');
    }
    options.forward(buffered, res);
  };
}

function refuse(res: ServerResponse, status: number, error: string): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  sendJson(res, status, { error });
}

/**
 * Bolt's App with two guarantees at the one point both receivers (HTTP and Socket Mode) hand it
 * every request:
 * - a body of the wrong shape is acknowledged and logged without reaching Bolt (Socket Mode hands
 *   envelopes' payloads in unchecked; over HTTP the boundary above has already refused them);
 * - a request that no listener acknowledged (an unknown action_id or callback_id, a payload type
 *   Bolt has no listener kind for) is acknowledged as soon as every listener has run, with one log
 *   line, instead of after Bolt's 3-second timer, when Slack has already shown the user an error.
 */
export class AnsweringApp extends App<SlackRequestContext> {
  readonly #logger: Logger;

  constructor(options: AppOptions, logger: Logger) {
    super(options);
    this.#logger = logger;
  }

  override async processEvent(event: ReceiverEvent): Promise<void> {
    const check = checkSlackBody(event.body);
    if (!check.ok) {
      this.#logger.warn({ reason: check.reason }, 'Slack request refused: malformed body');
      await event.ack();
      return;
    }
    let acknowledged = false;
    const ack: ReceiverEvent['ack'] = (response) => {
      acknowledged = true;
      return event.ack(response);
    };
    await super.processEvent({ ...event, ack });
    if (acknowledged) return;
    this.#logger.warn({ kind: check.kind, ...summarizeSlackBody(event.body) }, 'Slack request not handled');
    await event.ack();
  }
}

/** The part of the Socket Mode client (an EventEmitter) that the guard below uses. */
export interface SocketMessageSource {
  listeners(event: 'ws_message'): Array<(...args: unknown[]) => unknown>;
  removeAllListeners(event: 'ws_message'): unknown;
  on(event: 'ws_message', listener: (data: unknown, isBinary: unknown) => void): unknown;
}

/**
 * Socket Mode's boundary. The client parses each WebSocket message and reads `event.type` and, for
 * events_api, `payload.event.type` without looking, inside an async listener whose rejection
 * nothing handles: the message `null` ended the process. It also emits each envelope's `type` as
 * an event of its own, so an envelope typed `disconnected` would have flipped our readiness. The
 * client's own listener is put behind a check of the envelope: what Slack does not send is logged
 * once and dropped, and any failure left in the client is logged instead of crashing. A payload of
 * the wrong shape inside a good envelope reaches AnsweringApp, which acknowledges and logs it.
 */
export function guardSocketModeMessages(client: SocketMessageSource, logger: Logger): void {
  const clientListeners = client.listeners('ws_message');
  // Without its listener the guard would pass nothing on: Socket Mode would go silent.
  if (clientListeners.length === 0) {
    throw new Error('the Socket Mode client no longer reads its messages from ws_message');
  }
  client.removeAllListeners('ws_message');
  client.on('ws_message', (data, isBinary) => {
    // Binary messages: the client ignores them itself.
    if (isBinary !== true) {
      const check = checkSocketEnvelope(data);
      if (!check.ok) {
        logger.warn({ reason: check.reason }, 'Socket Mode message refused: malformed envelope');
        return;
      }
    }
    for (const listener of clientListeners) {
      Promise.resolve()
        .then(() => listener(data, isBinary))
        .catch((error: unknown) => logger.error({ err: error }, 'Socket Mode message failed'));
    }
  });
}
