// The Slack delivery of every outbox kind the bot writes: one Web API client without retries of
// its own, the built-in message kinds, and each feature's kinds rendered for Slack.

import { webApi } from '@slack/bolt';
import type { WeekdayCalendar } from '../../domain/workflow/calendar.ts';
import type { MergedFeatures } from '../../features/feature-module.ts';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import type { Clock } from '../../shared/clock.ts';
import type { Logger } from '../../shared/logger.ts';
import type { ChatAdapter, ChatCapabilities } from '../core/adapter.ts';
import { cardAssemblyOf } from '../core/card-assembly.ts';
import type { ChatRuntime } from '../runtime.ts';
import { registerArchiveFileKind } from './archive/file-delivery.ts';
import { registerChaseKinds } from './chasing/delivery.ts';
import { type HomeDeps, registerHomeKind } from './home/delivery.ts';
import { registerPersonMessageKind } from './message-delivery.ts';
import { registerReportKinds } from './reports/delivery.ts';
import { buildWebClientOptions, type ConfiguredSlackSettings } from './slack-app.ts';
import { createSlackDelivery, SLACK_PLATFORM, type SlackDelivery } from './slack-delivery.ts';
import { registerSupplyKinds } from './supply/delivery.ts';
import { registerWorkflowKinds } from './workflow/delivery.ts';

/**
 * What Slack can do: ephemeral messages, modals, chat.update at any time, and inputs in messages.
 * The core needs no fallback for it.
 */
export const SLACK_CAPABILITIES: ChatCapabilities = {
  ephemeral: true,
  modals: true,
  cardUpdate: 'any',
  cardTextInput: true,
};

/** Slack as a chat adapter: its runtime (Bolt, HTTP or Socket Mode) and its delivery. */
export function slackAdapter(parts: { runtime: ChatRuntime; delivery: SlackDelivery }): ChatAdapter {
  return { platform: SLACK_PLATFORM, capabilities: SLACK_CAPABILITIES, ...parts };
}

/** What the Slack delivery reads when it renders a row. */
export interface SlackOutboxDeps {
  slack: ConfiguredSlackSettings;
  prisma: PrismaClient;
  clock: Clock;
  logger: Logger;
  calendar: WeekdayCalendar;
  timeZone: string;
  /** Where electronic archive records' relative `fileRef`s are found. */
  archiveFilesDir: string;
  /** The enabled features: their definitions and what they add to cards and notices. */
  features: Pick<MergedFeatures, 'definitions' | 'cards'> & Partial<Pick<MergedFeatures, 'workSections'>>;
}

/** Builds the Slack delivery with every kind registered. */
export function createSlackOutbox(input: SlackOutboxDeps): SlackDelivery {
  const { prisma, clock, logger, calendar } = input;
  const { definitions } = input.features;
  // The outbox retries on its own schedule; the client's own retries would post twice when a
  // response is lost (chat.postMessage has no idempotency key).
  const client = new webApi.WebClient(input.slack.botToken, {
    ...buildWebClientOptions(input.slack.apiUrl),
    retryConfig: { retries: 0 },
  });
  const delivery = createSlackDelivery({ client, logger });
  // Cards and notices drawn with what the features add: each flow's own wording of how it ends (a
  // 发文 sent with its 文号…), its requester's notices, its fields and its buttons.
  registerWorkflowKinds(
    delivery,
    cardAssemblyOf({ prisma, clock, timeZone: input.timeZone }, input.features),
  );
  // The App Home: republished (`home.refresh`) when a person's lists change.
  registerHomeKind(delivery, slackHomeDeps(input));
  registerPersonMessageKind(delivery, { prisma });
  registerReportKinds(delivery, { logger });
  registerSupplyKinds(delivery, { prisma });
  // A lent electronic record's file, to the borrower after its fixity check (出借).
  registerArchiveFileKind(delivery, { prisma, clock, filesDir: input.archiveFilesDir });
  registerChaseKinds(delivery, { prisma, clock, calendar, definitions });
  return delivery;
}

/** What the App Home reads: published on opening and on `home.refresh`. */
export function slackHomeDeps(
  input: Pick<SlackOutboxDeps, 'prisma' | 'clock' | 'timeZone' | 'features'>,
): HomeDeps {
  return {
    prisma: input.prisma,
    clock: input.clock,
    definitions: input.features.definitions,
    timeZone: input.timeZone,
    ...(input.features.workSections ? { sections: input.features.workSections } : {}),
  };
}
