// Process entry point: starts the bot (or, with no Slack workspace configured, the local
// playground around it), and stops it cleanly on SIGINT/SIGTERM.
import { startBot } from './bot.ts';
import { loadConfig } from './config.ts';
import { playgroundWanted, startPlayground } from './playground/start.ts';
import { systemClock } from './shared/clock.ts';
import { isAppError, StartupError } from './shared/errors.ts';
import type { Logger } from './shared/logger.ts';

const isTty = Boolean(process.stdout.isTTY);
const reset = process.argv.slice(2).includes('--reset');

let running: { logger: Logger; stop(): Promise<void> } | undefined;
let stopSignal: NodeJS.Signals | undefined;
let signals = 0;

function stop(signal: NodeJS.Signals, bot: { logger: Logger; stop(): Promise<void> }) {
  bot.logger.info({ signal }, 'shutting down');
  bot.stop().then(
    () => process.exit(0),
    (error: unknown) => {
      bot.logger.error({ err: error }, 'shutdown failed');
      process.exit(1);
    },
  );
}

// Listen before starting: a signal during start-up waits for the start to finish (or fail) and
// then stops cleanly, releasing the data folder; a second signal exits at once.
const onSignal = (signal: NodeJS.Signals) => {
  signals += 1;
  if (signals > 1) {
    running?.logger.warn({ signal }, 'second signal: exiting without waiting');
    process.exit(1);
  }
  if (running) stop(signal, running);
  else stopSignal = signal;
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

try {
  const config = loadConfig(process.env, { isTty });
  if (playgroundWanted(config)) {
    running = await startPlayground({ env: process.env, clock: systemClock, isTty, reset });
  } else {
    if (reset) {
      throw new StartupError(
        'reset_refused',
        '--reset only empties the local playground (no Slack credentials, no DATABASE_URL); it never deletes ' +
          "a real installation's data. --reset 只用于本地试用，不会删除正式数据。",
      );
    }
    running = await startBot({ env: process.env, clock: systemClock, isTty });
  }
} catch (error) {
  if (error instanceof StartupError || isAppError(error)) {
    // Meant for the person starting the bot: the message says what to do; a stack would bury it.
    console.error(`\n${error.message}\n`);
  } else {
    console.error('The bot could not start:', error);
  }
  process.exit(1);
}
if (stopSignal) stop(stopSignal, running);
