// Chasing (催办/督办) put together for the composition root: the effects hook that writes reminder
// rows with each transition, the scheduler tasks that generate and send them, the 催一下 and 立即催办
// buttons and their service.

import type { CardExtraAction } from '../../chat/core/card.ts';
import type { StoredChasingSettings } from '../../domain/chasing/settings.ts';
import type { WeekdayCalendar } from '../../domain/workflow/calendar.ts';
import type { WorkflowInstance } from '../../domain/workflow/types.ts';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import type { PeriodicTask } from '../../scheduler/scheduler.ts';
import type { Clock } from '../../shared/clock.ts';
import type { Locale } from '../../shared/i18n.ts';
import type { Feature } from '../feature-module.ts';
import type { EffectsHook } from '../workflow/workflow-service.ts';
import { type ChaseNow, chaseNowButton, chaseNudgeButton } from './chase-buttons.ts';
import { chasingEffectsHook } from './effects-hook.ts';
import { generateDigests, generateLoanReminders, generateOwedReminders } from './generate.ts';
import { chaseCardExtras, chaseLiveCardExtras, manualChase } from './manual-chase.ts';
import { CHASING_MESSAGES } from './messages.ts';
import { remindersCommand } from './reminders-command.ts';
import { CHASE_OUTBOX_KINDS, runDueReminders } from './run-reminders.ts';
import { upcomingReminders } from './upcoming.ts';

export interface ChasingModuleDeps {
  prisma: PrismaClient;
  clock: Clock;
  calendar: WeekdayCalendar;
  settings: StoredChasingSettings;
  /** Called after a commit that wrote outbox rows (wakes the dispatcher). */
  onOutboxWritten?: () => void;
  namesOf(personIds: readonly string[], locale: Locale): Promise<Map<string, string>>;
}

/** Everything chasing adds to the bot. */
export interface ChasingModule {
  effectsHook: EffectsHook;
  /** Register on the scheduler: generation first, then the claim of what is due. */
  tasks: PeriodicTask[];
  cardExtras(
    instance: WorkflowInstance,
    viewer: { personId: string; roles: readonly string[] },
    locale: Locale,
  ): CardExtraAction[];
  chat: { chase: ChaseNow };
}

export function createChasingModule(deps: ChasingModuleDeps): ChasingModule {
  const { prisma, calendar, settings } = deps;
  const generation = { prisma, calendar, settings };
  return {
    effectsHook: chasingEffectsHook({ calendar, settings }),
    tasks: [
      {
        name: 'chasing.generate',
        run: async (now) => ({
          digests: await generateDigests(generation, now),
          loans: await generateLoanReminders(generation, now),
          owed: await generateOwedReminders(generation, now),
        }),
      },
      {
        name: 'chasing.reminders',
        run: async (now) => {
          const result = await runDueReminders(generation, now);
          if (result.sent > 0) deps.onOutboxWritten?.();
          return result;
        },
      },
    ],
    cardExtras: chaseCardExtras,
    chat: {
      async chase(input) {
        const { chaserId } = input;
        const { targetIds } = await manualChase(
          {
            prisma,
            clock: deps.clock,
            calendar,
            settings,
            ...(deps.onOutboxWritten ? { onOutboxWritten: deps.onOutboxWritten } : {}),
          },
          {
            instanceId: input.instanceId,
            workspaceId: input.workspaceId,
            chaserId,
            pressKey: input.pressKey,
          },
        );
        const names = await deps.namesOf(targetIds, input.locale);
        return { kind: 'done', names: targetIds.map((id) => names.get(id) ?? id) };
      },
    },
  };
}

/**
 * Chasing as a feature: reminder rows written with every transition, the scheduler's generation
 * and sending of reminders and digests, 催一下 on every flow's card once its step has waited (or
 * its deadline is near), saying when it is next allowed after a press, and 立即催办 on a 督办
 * message. Always enabled.
 */
export const chasingFeature: Feature = ({
  prisma,
  clock,
  calendar,
  chasing,
  people,
  onOutboxWritten,
  settings,
}) => {
  const module = createChasingModule({
    prisma,
    clock,
    calendar,
    settings: chasing,
    onOutboxWritten,
    namesOf: people.namesOf,
  });
  return {
    name: 'chasing',
    messages: CHASING_MESSAGES,
    effectsHook: module.effectsHook,
    cards: { liveExtras: chaseLiveCardExtras({ clock, calendar, settings: chasing }) },
    outboxKinds: Object.values(CHASE_OUTBOX_KINDS),
    tasks: module.tasks,
    chat: () => ({
      // 催一下 on a card and 立即催办 on a 督办 message, answered on every platform.
      buttons: [chaseNudgeButton(module.chat.chase), chaseNowButton(module.chat.chase)],
      // `doc reminders`: the office head sees what the scheduler sends next, to whom and when.
      commands: [
        remindersCommand({
          timeZone: settings.timeZone,
          digestTime: chasing.chasing.digestTime,
          viewerOf: (personId) =>
            prisma.person
              .findUniqueOrThrow({
                where: { id: personId },
                select: { id: true, roles: true },
              })
              .then((person) => ({ personId: person.id, roles: person.roles })),
          upcoming: (limit) =>
            upcomingReminders({ prisma, calendar, settings: chasing }, { now: clock.now(), limit }),
          namesOf: people.namesOf,
        }),
      ],
    }),
  };
};
