import { type ChildProcess, spawn } from 'node:child_process';

/** A bot started as `npm start` would start it: a separate Node process running src/main.ts. */
export interface BotProcess {
  child: ChildProcess;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** Resolves with the HTTP port once the bot logs that it is ready; rejects if it exits first. */
  ready(timeoutMs?: number): Promise<number>;
  /** Resolves with the exit code (or the signal's name). */
  exited(): Promise<number | string>;
}

/**
 * As `npm start` runs it: one Node process with tsx as a loader. (The tsx CLI runs the bot in a
 * child and SIGKILLs it when it is busy for 30 ms as a signal arrives, so no clean shutdown.)
 */
const NODE_ARGS = ['--import', 'tsx', 'src/main.ts'];

export interface BotProcessOptions {
  /** Command-line arguments after src/main.ts (`npm start -- --reset`). */
  args?: string[];
  /** The log message that means "ready" (default: the bot's; the playground logs its own after it). */
  readyMessage?: string;
}

/** Starts src/main.ts with `env` added to a clean environment (no Slack or database variables). */
export function startBotProcess(env: Record<string, string>, options: BotProcessOptions = {}): BotProcess {
  const readyMessage = options.readyMessage ?? 'office bot ready';
  const base: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !/^(SLACK_|DATABASE_|DATA_DIR|PORT|ORG_FILE|LOG_)/.test(key))
      base[key] = value;
  }
  const child = spawn(process.execPath, [...NODE_ARGS, ...(options.args ?? [])], {
    env: { ...base, LOG_FORMAT: 'json', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout?.on('data', (chunk) => {
    text += String(chunk);
  });
  child.stderr?.on('data', (chunk) => {
    text += String(chunk);
  });
  const exit = new Promise<number | string>((resolve) => {
    child.on('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'));
  });
  return {
    child,
    output: () => text,
    exited: () => exit,
    ready(timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`bot not ready after ${timeoutMs} ms:\n${text}`)),
          timeoutMs,
        );
        const check = () => {
          const port = readyPort(text, readyMessage);
          if (port === null) return;
          clearTimeout(timer);
          child.stdout?.off('data', check);
          resolve(port);
        };
        child.stdout?.on('data', check);
        // Rejecting an already resolved promise does nothing, so this only fires on an early exit.
        void exit.then((code) => {
          clearTimeout(timer);
          reject(new Error(`bot exited (${code}) before it was ready:\n${text}`));
        });
        check();
      });
    },
  };
}

/** The port from the first log line whose message contains `message`, or null before it is written. */
function readyPort(text: string, message: string): number | null {
  for (const line of text.split('\n')) {
    if (!line.includes(message) || !line.startsWith('{')) continue;
    const port = (JSON.parse(line) as { port?: unknown }).port;
    if (typeof port === 'number') return port;
  }
  return null;
}
