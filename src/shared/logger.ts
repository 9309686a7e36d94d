import { type DestinationStream, type Logger, type LoggerOptions, pino } from 'pino';

export type { Logger } from 'pino';

/**
 * Paths pino blanks out wherever they appear in a log line. Slack payloads carry a legacy `token`,
 * commands and actions carry a `response_url` (a credential: 5 uses in 30 minutes), and request
 * headers carry the signature and bearer tokens.
 */
export const REDACT_PATHS = [
  'token',
  '*.token',
  '*.*.token',
  'botToken',
  '*.botToken',
  'appToken',
  '*.appToken',
  'signingSecret',
  '*.signingSecret',
  'response_url',
  '*.response_url',
  '*.*.response_url',
  'responseUrl',
  '*.responseUrl',
  'authorization',
  '*.authorization',
  '*.*.authorization',
  'headers["x-slack-signature"]',
  '*.headers["x-slack-signature"]',
  '["x-slack-signature"]',
  '*["x-slack-signature"]',
  'databaseUrl',
  '*.databaseUrl',
];

/** Secrets that may hide inside free text (an error message, a URL); replaced before writing. */
const SECRET_PATTERNS: RegExp[] = [
  /xox[abposr]-[A-Za-z0-9-]+/g,
  /xapp-[A-Za-z0-9-]+/g,
  /https:\/\/hooks\.slack\.com\/[^\s"']+/g,
  /(postgres(?:ql)?:\/\/[^:\s/]+:)[^@\s]+@/g,
];

/** Replaces token-shaped substrings; used on messages and on the serialised line. */
export function scrubSecrets(text: string): string {
  let out = text;
  for (const pattern of SECRET_PATTERNS) {
    out = out.replace(pattern, (match, userPart?: string) =>
      typeof userPart === 'string' && match.startsWith('postgres') ? `${userPart}[Redacted]@` : '[Redacted]',
    );
  }
  return out;
}

export interface LoggerSettings {
  level: string;
  /** Human-readable output (pino-pretty) instead of JSON lines. */
  pretty: boolean;
}

/** Builds the root logger. `destination` lets tests capture the lines. */
export function createLogger(settings: LoggerSettings, destination?: DestinationStream): Logger {
  const options: LoggerOptions = {
    level: settings.level,
    redact: { paths: REDACT_PATHS, censor: '[Redacted]' },
    base: { service: 'office-bot' },
    formatters: { level: (label) => ({ level: label }) },
    hooks: {
      // Error messages and free text can quote a token; scrub the formatted arguments too.
      logMethod(args, method) {
        const cleaned = args.map((arg) => (typeof arg === 'string' ? scrubSecrets(arg) : arg));
        method.apply(this, cleaned as Parameters<typeof method>);
      },
    },
    serializers: {
      err: (err: unknown) => {
        const base = pino.stdSerializers.err(err as Error);
        return {
          ...base,
          message: scrubSecrets(base.message ?? ''),
          stack: base.stack ? scrubSecrets(base.stack) : base.stack,
        };
      },
    },
  };
  if (destination) return pino(options, destination);
  if (settings.pretty) {
    return pino({
      ...options,
      transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:HH:MM:ss.l' } },
    });
  }
  return pino(options);
}
