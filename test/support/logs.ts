import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../src/shared/logger.ts';

/** A logger whose JSON lines are kept in memory, for tests that read what was logged. */
export interface CapturedLogs {
  logger: Logger;
  /** Every line written so far, parsed. */
  lines(): Array<Record<string, unknown>>;
  /** Everything written so far, as written. */
  text(): string;
  /** Resolves with the first line (already written or still to come) that matches. */
  waitForLine(match: (line: Record<string, unknown>) => boolean): Promise<Record<string, unknown>>;
}

/** Builds a real logger (same redaction as production) writing into memory. */
export function captureLogs(level = 'debug'): CapturedLogs {
  const chunks: string[] = [];
  const watchers = new Set<() => void>();
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      chunks.push(chunk.toString());
      for (const watcher of [...watchers]) watcher();
      callback();
    },
  });
  const logger = createLogger({ level, pretty: false }, stream);
  const text = () => chunks.join('');
  const lines = () =>
    text()
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return {
    logger,
    text,
    lines,
    waitForLine(match) {
      return new Promise((resolve) => {
        const check = () => {
          const found = lines().find(match);
          if (!found) return;
          watchers.delete(check);
          resolve(found);
        };
        watchers.add(check);
        check();
      });
    },
  };
}
