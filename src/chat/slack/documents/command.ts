import type { App } from '@slack/bolt';
import { z } from 'zod';
import { buildDocHelpReply } from '../../../features/documents/doc-help.ts';
import { parseDocCommand, unansweredNotice } from '../../../features/documents/doc-request.ts';
import { AppError } from '../../../shared/errors.ts';
import { buildComingSoonMessage } from '../help/blocks.ts';
import { SLASH_COMMANDS, type SlashCommandName } from '../ids.ts';
import { withCommandErrors } from '../listeners/errors.ts';
import { renderReply } from '../reply-blocks.ts';
import type { SlackRequestContext } from '../request-context.ts';

/** The fields of a slash command the bot uses; the rest (response_url, token) stays untouched. */
const SlashCommandPayload = z.object({
  command: z.string().min(1),
  text: z.string().default(''),
  team_id: z.string().min(1),
  user_id: z.string().min(1),
  channel_id: z.string().optional(),
  trigger_id: z.string().optional(),
});

/**
 * Answers the slash commands no feature's handler answers: `/doc` with the help (what it always
 * said without the features behind it), and `/seal`, `/supply`, `/archive` with "coming soon".
 * Each acknowledges at once with an ephemeral reply.
 */
export function registerCommandListeners(
  app: App<SlackRequestContext>,
  /** Commands the features' handlers answer (`/doc`, `/seal`); the rest are answered here. */
  answeredElsewhere: ReadonlySet<SlashCommandName> = new Set(),
): void {
  if (!answeredElsewhere.has(SLASH_COMMANDS.doc)) {
    app.command(
      SLASH_COMMANDS.doc,
      withCommandErrors(async ({ command, ack, context }) => {
        const payload = parseCommand(command);
        const notice = unansweredNotice(parseDocCommand(payload.text));
        context.log.info({ command: payload.command, notice: notice?.kind }, 'slash command');
        const locale = await context.locale();
        await ack({ response_type: 'ephemeral', ...renderReply(buildDocHelpReply(locale, notice)) });
      }),
    );
  }

  for (const name of [
    SLASH_COMMANDS.seal,
    SLASH_COMMANDS.supply,
    SLASH_COMMANDS.archive,
    SLASH_COMMANDS.meeting,
  ] as const) {
    if (answeredElsewhere.has(name)) continue;
    app.command(
      name,
      withCommandErrors(async ({ command, ack, context }) => {
        const payload = parseCommand(command);
        context.log.info({ command: payload.command }, 'slash command (not built yet)');
        const locale = await context.locale();
        await ack({ response_type: 'ephemeral', ...buildComingSoonMessage(locale, name) });
      }),
    );
  }
}

function parseCommand(command: unknown): z.infer<typeof SlashCommandPayload> {
  const parsed = SlashCommandPayload.safeParse(command);
  if (!parsed.success) {
    // The issue paths name fields only, never their values (response_url and token stay out of logs).
    const fields = parsed.error.issues.map((issue) => issue.path.join('.')).join(', ');
    throw new AppError('invalid_payload', `slash command payload is missing or has bad fields: ${fields}`, {
      messageKey: 'error.invalid_payload',
    });
  }
  return parsed.data;
}
