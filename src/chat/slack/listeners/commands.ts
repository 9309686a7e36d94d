import type { App } from '@slack/bolt';
import { z } from 'zod';
import { AppError } from '../../../shared/errors.ts';
import { buildComingSoonMessage, buildDocHelpMessage, type HelpNotice } from '../blocks/help.ts';
import { DOC_SUBCOMMANDS, type DocSubcommand, SLASH_COMMANDS } from '../ids.ts';
import type { SlackRequestContext } from '../request-context.ts';
import { withCommandErrors } from './errors.ts';

/** The fields of a slash command the bot uses; the rest (response_url, token) stays untouched. */
const SlashCommandPayload = z.object({
  command: z.string().min(1),
  text: z.string().default(''),
  team_id: z.string().min(1),
  user_id: z.string().min(1),
  channel_id: z.string().optional(),
  trigger_id: z.string().optional(),
});

/** What a `/doc` invocation asks for. Only help is built; the rest show help with a notice. */
export type DocRequest = { kind: 'help'; notice?: HelpNotice };

const HELP_WORDS = new Set(['', 'help', '帮助', '?', '？']);

/** Reads the text after `/doc` into a request. Pure; the listener renders the result. */
export function parseDocCommand(text: string): DocRequest {
  const word = (text.trim().split(/\s+/)[0] ?? '').toLowerCase();
  if (HELP_WORDS.has(word)) return { kind: 'help' };
  if ((DOC_SUBCOMMANDS as readonly string[]).includes(word)) {
    return { kind: 'help', notice: { kind: 'coming_soon', subcommand: word as DocSubcommand } };
  }
  return { kind: 'help', notice: { kind: 'unknown_subcommand', input: text.trim() } };
}

/** Registers the slash commands. Each acknowledges at once with an ephemeral reply. */
export function registerCommandListeners(app: App<SlackRequestContext>): void {
  app.command(
    SLASH_COMMANDS.doc,
    withCommandErrors(async ({ command, ack, context }) => {
      const payload = parseCommand(command);
      const request = parseDocCommand(payload.text);
      context.log.info({ command: payload.command, notice: request.notice?.kind }, 'slash command');
      const locale = await context.locale();
      await ack({ response_type: 'ephemeral', ...buildDocHelpMessage(locale, request.notice) });
    }),
  );

  for (const name of [SLASH_COMMANDS.seal, SLASH_COMMANDS.supply, SLASH_COMMANDS.archive] as const) {
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
