import { type Logger as BoltLogger, LogLevel } from '@slack/bolt';
import type { Logger } from '../../shared/logger.ts';

type PinoLevel = 'debug' | 'info' | 'warn' | 'error';

/** Bolt's nearest level for a pino level (Bolt has no trace, fatal or silent). */
export function toBoltLevel(level: string): LogLevel {
  switch (level) {
    case 'trace':
    case 'debug':
      return LogLevel.DEBUG;
    case 'info':
      return LogLevel.INFO;
    case 'warn':
      return LogLevel.WARN;
    default:
      return LogLevel.ERROR;
  }
}

/**
 * Secret fields inside JSON that Bolt and the Socket Mode client print whole at debug level (the
 * raw WebSocket message, ack bodies). The logger's redact paths only see structured fields, and
 * its pattern scrubber does not know a legacy verification token by its shape.
 */
const PAYLOAD_SECRET_FIELD = /(\\?"(?:token|response_url|bot_access_token)\\?"\s*:\s*\\?")[^"\\]*/g;

/** Blanks the values of secret-bearing JSON fields inside a log message. */
export function scrubPayloadSecrets(text: string): string {
  return text.replace(PAYLOAD_SECRET_FIELD, '$1[Redacted]');
}

/**
 * Bolt's Logger interface on top of our pino logger, so Bolt's, the Web API client's and the
 * Socket Mode client's lines are JSON and pass through the same redaction. Errors go to `err`
 * (pino's serializer scrubs their messages and stacks), other objects to `details` (covered by the
 * `*.token`-style redact paths), strings become the message (scrubbed by the logMethod hook).
 */
export function createBoltLogger(logger: Logger, name = 'bolt'): BoltLogger {
  let child = logger.child({ component: name });

  const write = (level: PinoLevel, args: unknown[]) => {
    if (!child.isLevelEnabled(level)) return;
    const words: string[] = [];
    const others: unknown[] = [];
    let err: Error | undefined;
    for (const arg of args) {
      if (arg instanceof Error && err === undefined) err = arg;
      else if (typeof arg === 'string' || typeof arg === 'number' || typeof arg === 'boolean')
        words.push(String(arg));
      else if (arg !== undefined) others.push(arg);
    }
    const fields: Record<string, unknown> = {};
    if (err) fields.err = err;
    if (others.length > 0) fields.details = others.length === 1 ? others[0] : others;
    const message = scrubPayloadSecrets(words.join(' ') || err?.message || '');
    child[level](fields, message);
  };

  return {
    debug: (...msg: unknown[]) => write('debug', msg),
    info: (...msg: unknown[]) => write('info', msg),
    warn: (...msg: unknown[]) => write('warn', msg),
    error: (...msg: unknown[]) => write('error', msg),
    setLevel(level: LogLevel) {
      // Only Bolt's own lines change level; the root logger keeps LOG_LEVEL.
      child.level = level;
    },
    getLevel: () => toBoltLevel(child.level),
    setName(newName: string) {
      child = logger.child({ component: newName }, { level: child.level });
    },
  };
}
