import path from 'node:path';
import { z } from 'zod';
import type { DatabaseTarget } from './db/database.ts';
import { StartupError } from './shared/errors.ts';

/**
 * Every environment variable the bot reads, parsed in one place. The configuration table of
 * docs/operations.md lists the same variables; `describeVariables()` feeds the start-up error message.
 */
const VARIABLES = {
  PORT: 'HTTP port for Slack requests and health checks (default 3000)',
  HOST: 'address to listen on (default 0.0.0.0)',
  DATABASE_URL: 'postgres://user:password@host:5432/db to use a PostgreSQL server; unset = embedded PGlite',
  DATA_DIR: 'folder of the embedded database and its lock (default ./data)',
  DATABASE_POOL_MAX: 'most PostgreSQL connections per process, 1–100 (default 10)',
  DATABASE_CONNECT_TIMEOUT_MS: 'PostgreSQL connection timeout in ms, 100–60000 (default 5000)',
  ORG_FILE: 'organisation directory YAML (default org.example.yaml)',
  ARCHIVE_FILES_DIR:
    'folder the electronic archive records’ relative file references are read in (default DATA_DIR/archive-files)',
  SLACK_BOT_TOKEN: 'bot token, starts with xoxb-',
  SLACK_SIGNING_SECRET: 'signing secret from the app’s Basic Information page (HTTP mode)',
  SLACK_APP_TOKEN: 'app-level token (connections:write), starts with xapp-; set it for Socket Mode',
  SLACK_API_URL: 'Web API base URL (default https://slack.com/api/); point it at a local double',
  DINGTALK_CLIENT_ID: 'DingTalk app’s Client ID (AppKey), from the developer console’s 凭证与基础信息 page',
  DINGTALK_CLIENT_SECRET: 'DingTalk app’s Client Secret (AppSecret), from the same page',
  DINGTALK_ROBOT_CODE: 'the app robot’s RobotCode (机器人 page; usually the Client ID)',
  DINGTALK_CARD_TEMPLATE_ID:
    'id of the imported card template (….schema), from DingTalk’s card builder; required with DingTalk',
  DINGTALK_API_URL:
    'DingTalk OpenAPI base URL (default https://api.dingtalk.com); point it at the local stand-in',
  DINGTALK_OAPI_URL: 'DingTalk older API base URL, for file upload (default https://oapi.dingtalk.com)',
  DINGTALK_GATEWAY_URL: 'DingTalk Stream gateway base URL (default: DINGTALK_API_URL)',
  WECOM_CORP_ID: 'WeCom corp id (企业ID, 我的企业 → 企业信息), starts with ww or wx',
  WECOM_AGENT_ID: 'the self-built app’s AgentId (应用管理 → the app), a number',
  WECOM_SECRET: 'the self-built app’s Secret, from the same page',
  WECOM_TOKEN: 'the Token of the app’s 接收消息 API settings (letters and digits, up to 32)',
  WECOM_AES_KEY: 'the EncodingAESKey of the same settings: 43 letters and digits',
  WECOM_API_URL: 'WeCom API base URL (default https://qyapi.weixin.qq.com); point it at the local stand-in',
  LOG_LEVEL: 'trace, debug, info, warn, error or fatal (default info)',
  LOG_FORMAT: 'json or pretty (default: pretty in a terminal, json otherwise)',
  BACKUP_AT:
    'embedded database: time of the daily backup into DATA_DIR/backups, HH:MM in the unit’s time zone, or off (default 03:00)',
  BACKUP_KEEP:
    'embedded database: how many daily backups to keep, and as many taken on request, 1–3650 (default 14)',
  SHUTDOWN_TIMEOUT_MS: 'how long shutdown waits for in-flight work, in ms (default 10000)',
  REPLICA_ID:
    'this process’s name among bot replicas sharing one PostgreSQL database; stable across restarts and unique among running replicas, so a restarted replica takes back its outbox claims at once (default: embedded database `embedded`, PostgreSQL a random id per process)',
  FORM_LINK_SECRET:
    'key the web form links are signed with, at least 32 characters (e.g. openssl rand -hex 32); the same on every replica. Unset: the embedded database keeps one in DATA_DIR/form-link-secret; PostgreSQL serves no web forms',
  PUBLIC_URL:
    'the bot’s address as people’s browsers reach it, http(s)://…, the base of web form links (default http://localhost:PORT)',
  PLAYGROUND:
    'auto (default): with no Slack or DingTalk credentials and no DATABASE_URL, npm start runs the local playground; off: health checks and setup guidance only',
} as const;

export type VariableName = keyof typeof VARIABLES;

/** Shortest web form link key accepted: 32 bytes, the length of the HMAC-SHA-256 output. */
export const FORM_LINK_SECRET_MIN_BYTES = 32;

const blankToUndefined = (value: unknown) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;
const optionalString = z.preprocess(blankToUndefined, z.string().trim().optional());
const intInRange = (min: number, max: number, fallback: number) =>
  z.preprocess(
    blankToUndefined,
    z.coerce
      .number({ error: `must be a whole number from ${min} to ${max}` })
      .int({ error: `must be a whole number from ${min} to ${max}` })
      .min(min, { error: `must be a whole number from ${min} to ${max}` })
      .max(max, { error: `must be a whole number from ${min} to ${max}` })
      .default(fallback),
  );

/** An http(s) base URL with `fallback` when unset, without a trailing slash. */
const httpUrl = (fallback: string) =>
  optionalString
    .default(fallback)
    .refine((v) => /^https?:\/\/.+/.test(v), { error: 'must be an http(s) URL' })
    .transform((v) => v.replace(/\/+$/, ''));

const EnvSchema = z.object({
  PORT: intInRange(0, 65_535, 3000),
  HOST: optionalString.default('0.0.0.0'),
  DATABASE_URL: optionalString.refine((v) => v === undefined || /^postgres(ql)?:\/\/.+/.test(v), {
    error: 'must start with postgres:// or postgresql://',
  }),
  DATA_DIR: optionalString.default('./data'),
  DATABASE_POOL_MAX: intInRange(1, 100, 10),
  DATABASE_CONNECT_TIMEOUT_MS: intInRange(100, 60_000, 5000),
  ORG_FILE: optionalString.default('org.example.yaml'),
  ARCHIVE_FILES_DIR: optionalString,
  SLACK_BOT_TOKEN: optionalString.refine((v) => v === undefined || v.startsWith('xoxb-'), {
    error: 'must be a bot token starting with xoxb-',
  }),
  SLACK_SIGNING_SECRET: optionalString.refine((v) => v === undefined || /^[0-9a-f]{16,}$/i.test(v), {
    error: 'must be the hexadecimal signing secret from the app’s Basic Information page',
  }),
  SLACK_APP_TOKEN: optionalString.refine((v) => v === undefined || v.startsWith('xapp-'), {
    error: 'must be an app-level token starting with xapp-',
  }),
  SLACK_API_URL: optionalString
    .default('https://slack.com/api/')
    .refine((v) => /^https?:\/\/.+/.test(v), { error: 'must be an http(s) URL' })
    .transform((v) => (v.endsWith('/') ? v : `${v}/`)),
  DINGTALK_CLIENT_ID: optionalString,
  DINGTALK_CLIENT_SECRET: optionalString,
  DINGTALK_ROBOT_CODE: optionalString,
  DINGTALK_CARD_TEMPLATE_ID: optionalString,
  DINGTALK_API_URL: httpUrl('https://api.dingtalk.com'),
  DINGTALK_OAPI_URL: httpUrl('https://oapi.dingtalk.com'),
  DINGTALK_GATEWAY_URL: optionalString
    .refine((v) => v === undefined || /^https?:\/\/.+/.test(v), { error: 'must be an http(s) URL' })
    .transform((v) => (v === undefined ? v : v.replace(/\/+$/, ''))),
  WECOM_CORP_ID: optionalString.refine((v) => v === undefined || /^w[wx][0-9a-zA-Z]{4,}$/.test(v), {
    error: 'must be the corp id (企业ID) starting with ww or wx',
  }),
  WECOM_AGENT_ID: optionalString.refine((v) => v === undefined || /^[1-9]\d{0,9}$/.test(v), {
    error: 'must be the app’s AgentId, a whole number',
  }),
  WECOM_SECRET: optionalString,
  WECOM_TOKEN: optionalString.refine((v) => v === undefined || /^[A-Za-z0-9]{1,32}$/.test(v), {
    error: 'must be 1–32 letters and digits, as WeCom generates it',
  }),
  // Base64 of a 32-byte AES key without its trailing `=`: exactly 43 characters.
  WECOM_AES_KEY: optionalString.refine((v) => v === undefined || /^[A-Za-z0-9]{43}$/.test(v), {
    error: 'must be the EncodingAESKey: exactly 43 letters and digits',
  }),
  WECOM_API_URL: httpUrl('https://qyapi.weixin.qq.com'),
  LOG_LEVEL: z.preprocess(
    blankToUndefined,
    z
      .enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'], {
        error: 'must be one of trace, debug, info, warn, error, fatal, silent',
      })
      .default('info'),
  ),
  LOG_FORMAT: z.preprocess(
    blankToUndefined,
    z.enum(['json', 'pretty'], { error: 'must be json or pretty' }).optional(),
  ),
  BACKUP_AT: z.preprocess(
    blankToUndefined,
    z
      .string()
      .trim()
      .default('03:00')
      .refine((v) => v === 'off' || /^([01]\d|2[0-3]):[0-5]\d$/.test(v), {
        error: 'must be a time of day as HH:MM (00:00–23:59), or off',
      })
      .transform((v) =>
        v === 'off' ? null : { hour: Number(v.slice(0, 2)), minute: Number(v.slice(3, 5)) },
      ),
  ),
  BACKUP_KEEP: intInRange(1, 3650, 14),
  SHUTDOWN_TIMEOUT_MS: intInRange(0, 120_000, 10_000),
  REPLICA_ID: optionalString.refine((v) => v === undefined || /^[\w.:@-]{1,100}$/.test(v), {
    error: 'must be 1–100 letters, digits or . _ : @ -',
  }),
  FORM_LINK_SECRET: optionalString.refine((v) => v === undefined || v.length >= FORM_LINK_SECRET_MIN_BYTES, {
    error: `must be at least ${FORM_LINK_SECRET_MIN_BYTES} characters (e.g. the output of openssl rand -hex 32)`,
  }),
  PUBLIC_URL: optionalString
    .refine((v) => v === undefined || /^https?:\/\/[^\s/]+/.test(v), { error: 'must be an http(s) URL' })
    .transform((v) => (v === undefined ? v : v.replace(/\/+$/, ''))),
  PLAYGROUND: z.preprocess(
    blankToUndefined,
    z.enum(['auto', 'off'], { error: 'must be auto or off' }).default('auto'),
  ),
});

/** How the bot talks to Slack, decided by which credentials are present. */
export type SlackSettings =
  | { mode: 'none' }
  | { mode: 'http'; botToken: string; signingSecret: string; apiUrl: string }
  | { mode: 'socket'; botToken: string; appToken: string; signingSecret: string | undefined; apiUrl: string };

/**
 * How the bot reaches DingTalk (an enterprise internal app with a robot, in Stream mode), or not at
 * all. The URLs are DingTalk's unless a local stand-in is named.
 */
export type DingTalkSettings =
  | { mode: 'none' }
  | {
      mode: 'stream';
      clientId: string;
      clientSecret: string;
      robotCode: string;
      cardTemplateId: string;
      apiUrl: string;
      oapiUrl: string;
      gatewayUrl: string;
    };

/**
 * How the bot reaches WeCom (a self-built app, 自建应用, whose callbacks WeCom posts to the bot's
 * HTTP port at `/wecom/callback`), or not at all. The API URL is WeCom's unless a stand-in is named.
 */
export type WeComSettings =
  | { mode: 'none' }
  | {
      mode: 'callback';
      corpId: string;
      agentId: number;
      secret: string;
      token: string;
      aesKey: string;
      apiUrl: string;
    };

/** The bot's whole configuration, validated. */
export interface Config {
  port: number;
  host: string;
  database: DatabaseTarget;
  /** Absolute DATA_DIR; also set with PostgreSQL (nothing is written there then). */
  dataDir: string;
  orgFile: string;
  /** Absolute folder relative `fileRef`s of electronic archive records are resolved in. */
  archiveFilesDir: string;
  slack: SlackSettings;
  dingtalk: DingTalkSettings;
  wecom: WeComSettings;
  log: { level: string; pretty: boolean };
  /**
   * Backups of the embedded database (ignored with PostgreSQL): the daily one's time of day in the
   * unit's time zone (null: none), and how many of each kind are kept.
   */
  backup: { at: { hour: number; minute: number } | null; keep: number };
  shutdownTimeoutMs: number;
  /**
   * The outbox's claim holder for this process (REPLICA_ID); undefined: `embedded` on PGlite (the
   * data folder lock makes it the only process), a random id per process on PostgreSQL.
   */
  replicaId: string | undefined;
  /** `auto`: `npm start` without Slack or DingTalk credentials or PostgreSQL runs the local playground. */
  playground: 'auto' | 'off';
  /**
   * Web form links: the signing key (FORM_LINK_SECRET; undefined: the embedded database keeps one
   * in its data folder, PostgreSQL serves no web forms) and the base URL links start with.
   */
  webForms: { secret: string | undefined; publicUrl: string | undefined };
}

/** Every problem found in the environment, in one error, with how to fix each. */
export class ConfigError extends StartupError {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(
      'config_invalid',
      [
        `The configuration has ${problems.length} problem${problems.length === 1 ? '' : 's'}:`,
        ...problems.map((p) => `  - ${p}`),
        'Set these environment variables (see the configuration table in docs/operations.md) and start again.',
      ].join('\n'),
    );
    this.problems = problems;
  }
}

/**
 * Which Slack variables must come together. Checked on the raw values, apart from the schema, so
 * that these problems are listed along with any others (zod skips object refinements once a
 * field has failed).
 */
function slackCombinationProblems(env: NodeJS.ProcessEnv): Array<{ name: VariableName; message: string }> {
  const present = (name: VariableName) => (env[name] ?? '').trim() !== '';
  const bot = present('SLACK_BOT_TOKEN');
  const secret = present('SLACK_SIGNING_SECRET');
  const app = present('SLACK_APP_TOKEN');
  if (!bot && (secret || app)) {
    return [
      { name: 'SLACK_BOT_TOKEN', message: 'is required when SLACK_SIGNING_SECRET or SLACK_APP_TOKEN is set' },
    ];
  }
  if (bot && !secret && !app) {
    return [
      {
        name: 'SLACK_SIGNING_SECRET',
        message: 'is required with SLACK_BOT_TOKEN for HTTP mode (or set SLACK_APP_TOKEN for Socket Mode)',
      },
    ];
  }
  return [];
}

/** The DingTalk variables that must come together: the app's credentials, its robot and its card template. */
const DINGTALK_TOGETHER = [
  'DINGTALK_CLIENT_ID',
  'DINGTALK_CLIENT_SECRET',
  'DINGTALK_ROBOT_CODE',
  'DINGTALK_CARD_TEMPLATE_ID',
] as const satisfies readonly VariableName[];

/** All of {@link DINGTALK_TOGETHER} or none: one problem per missing one when some are set. */
function dingtalkCombinationProblems(env: NodeJS.ProcessEnv): Array<{ name: VariableName; message: string }> {
  return missingTogether(env, DINGTALK_TOGETHER).map(({ name, set }) => ({
    name,
    message: `is required when ${set.join(', ')} ${set.length === 1 ? 'is' : 'are'} set (DingTalk needs the client id, secret, robot code and card template id together)`,
  }));
}

/** The WeCom variables that must come together: the corp, the app and its callback settings. */
const WECOM_TOGETHER = [
  'WECOM_CORP_ID',
  'WECOM_AGENT_ID',
  'WECOM_SECRET',
  'WECOM_TOKEN',
  'WECOM_AES_KEY',
] as const satisfies readonly VariableName[];

/** All of {@link WECOM_TOGETHER} or none: one problem per missing one when some are set. */
function wecomCombinationProblems(env: NodeJS.ProcessEnv): Array<{ name: VariableName; message: string }> {
  return missingTogether(env, WECOM_TOGETHER).map(({ name, set }) => ({
    name,
    message: `is required when ${set.join(', ')} ${set.length === 1 ? 'is' : 'are'} set (WeCom needs the corp id, agent id, secret, token and EncodingAESKey together)`,
  }));
}

/** The variables of `together` missing while others of them are set, each with those set. */
function missingTogether(
  env: NodeJS.ProcessEnv,
  together: readonly VariableName[],
): Array<{ name: VariableName; set: VariableName[] }> {
  const present = (name: VariableName) => (env[name] ?? '').trim() !== '';
  const set = together.filter(present);
  if (set.length === 0 || set.length === together.length) return [];
  return together.filter((name) => !present(name)).map((name) => ({ name, set }));
}

/**
 * The folder relative `fileRef`s are resolved in unless ARCHIVE_FILES_DIR names another:
 * `<DATA_DIR>/archive-files` (the playground's demo record is written there, in its own DATA_DIR).
 */
export function defaultArchiveFilesDir(dataDir: string): string {
  return path.join(dataDir, 'archive-files');
}

/** Parses `env` into a Config, or throws a ConfigError listing every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv, options: { isTty?: boolean } = {}): Config {
  const parsed = EnvSchema.safeParse(env);
  const issues = [
    ...(parsed.success
      ? []
      : parsed.error.issues.map((issue) => ({
          name: String(issue.path[0] ?? 'environment') as VariableName,
          message: issue.message,
        }))),
    ...slackCombinationProblems(env),
    ...dingtalkCombinationProblems(env),
    ...wecomCombinationProblems(env),
  ];
  if (!parsed.success || issues.length > 0) {
    const problems = issues.map(({ name, message }) => {
      const value = env[name];
      const hint = VARIABLES[name] ? ` (${VARIABLES[name]})` : '';
      const shown = value === undefined || isSecret(name) ? '' : ` (now "${value}")`;
      return `${name} ${message}${shown}${hint}`;
    });
    throw new ConfigError(problems);
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.DATA_DIR);
  const database: DatabaseTarget = e.DATABASE_URL
    ? {
        kind: 'postgres',
        url: e.DATABASE_URL,
        poolMax: e.DATABASE_POOL_MAX,
        connectTimeoutMs: e.DATABASE_CONNECT_TIMEOUT_MS,
      }
    : { kind: 'pglite', dataDir };
  let slack: SlackSettings = { mode: 'none' };
  if (e.SLACK_BOT_TOKEN && e.SLACK_APP_TOKEN) {
    slack = {
      mode: 'socket',
      botToken: e.SLACK_BOT_TOKEN,
      appToken: e.SLACK_APP_TOKEN,
      signingSecret: e.SLACK_SIGNING_SECRET,
      apiUrl: e.SLACK_API_URL,
    };
  } else if (e.SLACK_BOT_TOKEN && e.SLACK_SIGNING_SECRET) {
    slack = {
      mode: 'http',
      botToken: e.SLACK_BOT_TOKEN,
      signingSecret: e.SLACK_SIGNING_SECRET,
      apiUrl: e.SLACK_API_URL,
    };
  }
  const dingtalk: DingTalkSettings =
    e.DINGTALK_CLIENT_ID && e.DINGTALK_CLIENT_SECRET && e.DINGTALK_ROBOT_CODE && e.DINGTALK_CARD_TEMPLATE_ID
      ? {
          mode: 'stream',
          clientId: e.DINGTALK_CLIENT_ID,
          clientSecret: e.DINGTALK_CLIENT_SECRET,
          robotCode: e.DINGTALK_ROBOT_CODE,
          cardTemplateId: e.DINGTALK_CARD_TEMPLATE_ID,
          apiUrl: e.DINGTALK_API_URL,
          oapiUrl: e.DINGTALK_OAPI_URL,
          gatewayUrl: e.DINGTALK_GATEWAY_URL ?? e.DINGTALK_API_URL,
        }
      : { mode: 'none' };
  const wecom: WeComSettings =
    e.WECOM_CORP_ID && e.WECOM_AGENT_ID && e.WECOM_SECRET && e.WECOM_TOKEN && e.WECOM_AES_KEY
      ? {
          mode: 'callback',
          corpId: e.WECOM_CORP_ID,
          agentId: Number(e.WECOM_AGENT_ID),
          secret: e.WECOM_SECRET,
          token: e.WECOM_TOKEN,
          aesKey: e.WECOM_AES_KEY,
          apiUrl: e.WECOM_API_URL,
        }
      : { mode: 'none' };
  return {
    port: e.PORT,
    host: e.HOST,
    database,
    dataDir,
    orgFile: path.resolve(e.ORG_FILE),
    archiveFilesDir: path.resolve(e.ARCHIVE_FILES_DIR ?? defaultArchiveFilesDir(dataDir)),
    slack,
    dingtalk,
    wecom,
    log: { level: e.LOG_LEVEL, pretty: e.LOG_FORMAT ? e.LOG_FORMAT === 'pretty' : Boolean(options.isTty) },
    backup: { at: e.BACKUP_AT, keep: e.BACKUP_KEEP },
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    replicaId: e.REPLICA_ID,
    playground: e.PLAYGROUND,
    webForms: { secret: e.FORM_LINK_SECRET, publicUrl: e.PUBLIC_URL },
  };
}

function isSecret(name: VariableName): boolean {
  return (
    name === 'SLACK_BOT_TOKEN' ||
    name === 'SLACK_APP_TOKEN' ||
    name === 'SLACK_SIGNING_SECRET' ||
    name === 'DINGTALK_CLIENT_SECRET' ||
    name === 'WECOM_SECRET' ||
    name === 'WECOM_TOKEN' ||
    name === 'WECOM_AES_KEY' ||
    name === 'FORM_LINK_SECRET' ||
    name === 'DATABASE_URL'
  );
}

/** Variable names and their descriptions, in the order of docs/operations.md. */
export function describeVariables(): Array<[VariableName, string]> {
  return Object.entries(VARIABLES) as Array<[VariableName, string]>;
}
