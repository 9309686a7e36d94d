// The scheduler: node-schedule only wakes the process (every minute, and once at start); what is
// due lives in the database, so each wake asks it. Features register periodic tasks
// `{ name, run(now) }` that run one after another on every wake; each task is idempotent on its
// own (reminder rows by key, reports by period), so two replicas or a restart never send twice.

import schedule from 'node-schedule';
import type { Clock } from '../shared/clock.ts';
import type { Logger } from '../shared/logger.ts';

/** Work done on every wake. It must be safe to run again, and on another replica at once. */
export interface PeriodicTask {
  name: string;
  run(now: Date): Promise<unknown>;
}

export interface SchedulerDeps {
  clock: Clock;
  logger: Logger;
  /** Cron rule of the wakes (default every minute). */
  rule?: string;
}

export interface Scheduler {
  /** Adds a task; it runs from the next wake on. A second task of the same name is ignored. */
  register(task: PeriodicTask): void;
  /** Runs every task once now (after a wake already running, never beside it). */
  wake(): Promise<void>;
  /** Wakes once at once, then on the rule. */
  start(): void;
  /** Stops the wakes and waits for the one running. */
  stop(): Promise<void>;
}

/** A scheduler with no tasks; register them before or after start. */
export function createScheduler(deps: SchedulerDeps): Scheduler {
  const tasks: PeriodicTask[] = [];
  const logger = deps.logger.child({ component: 'scheduler' });
  let job: schedule.Job | null = null;
  let running: Promise<void> = Promise.resolve();
  let queued = false;

  async function runAll(): Promise<void> {
    const now = deps.clock.now();
    for (const task of tasks) {
      try {
        const result = await task.run(now);
        logger.debug({ task: task.name, result }, 'scheduled task ran');
      } catch (error) {
        // One failing task must not keep the others (or the next wake) from running.
        logger.error({ err: error, task: task.name }, 'scheduled task failed');
      }
    }
  }

  function wake(): Promise<void> {
    // Wakes never overlap: one that comes while another runs runs after it, and several such
    // collapse into one (each reads the database afresh anyway).
    if (queued) return running;
    queued = true;
    running = running.then(() => {
      queued = false;
      return runAll();
    });
    return running;
  }

  return {
    register(task) {
      // The same task wired twice would run twice per wake: the first one stays.
      if (tasks.some((t) => t.name === task.name)) {
        logger.warn({ task: task.name }, 'scheduled task registered twice; kept the first');
        return;
      }
      tasks.push(task);
    },
    wake,
    start() {
      if (job) return;
      job = schedule.scheduleJob(deps.rule ?? '* * * * *', () => {
        void wake();
      });
      void wake();
    },
    async stop() {
      job?.cancel();
      job = null;
      await running;
    },
  };
}
