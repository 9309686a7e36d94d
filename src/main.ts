// Process entry point: starts the bot, and stops it cleanly on SIGINT/SIGTERM.
import { type RunningBot, startBot } from './bot.ts';
import { systemClock } from './shared/clock.ts';
import { isAppError, StartupError } from './shared/errors.ts';

let bot: RunningBot;
try {
  bot = await startBot({ env: process.env, clock: systemClock, isTty: Boolean(process.stdout.isTTY) });
} catch (error) {
  if (error instanceof StartupError || isAppError(error)) {
    // Meant for the person starting the bot: the message says what to do; a stack would bury it.
    console.error(`\n${error.message}\n`);
  } else {
    console.error('The bot could not start:', error);
  }
  process.exit(1);
}

let signals = 0;
const shutdown = (signal: NodeJS.Signals) => {
  signals += 1;
  if (signals > 1) {
    bot.logger.warn({ signal }, 'second signal: exiting without waiting');
    process.exit(1);
  }
  bot.logger.info({ signal }, 'shutting down');
  bot.stop().then(
    () => process.exit(0),
    (error: unknown) => {
      bot.logger.error({ err: error }, 'shutdown failed');
      process.exit(1);
    },
  );
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
