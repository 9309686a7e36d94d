import type { App } from '@slack/bolt';
import { z } from 'zod';
import { parseFindWords } from '../../../features/documents/lists.ts';
import { AppError } from '../../../shared/errors.ts';
import { type Locale, t } from '../../../shared/i18n.ts';
import { asActor } from '../actor.ts';
import { tMrkdwn } from '../blocks/mrkdwn.ts';
import { answerDocReminders, type DocRemindersChatDeps } from '../chasing/reminder-listeners.ts';
import { buildComingSoonMessage, buildDocHelpMessage, type HelpNotice } from '../help/blocks.ts';
import { DOC_SUBCOMMANDS, type DocSubcommand, SLASH_COMMANDS, type SlashCommandName } from '../ids.ts';
import { withCommandErrors } from '../listeners/errors.ts';
import { answerDocReport, type DocReportChatDeps } from '../reports/listeners.ts';
import type { SlackRequestContext } from '../request-context.ts';
import {
  answerDocListCommand,
  type DocListChatDeps,
  type DocListRequest,
  registerDocListListeners,
} from './list-listeners.ts';
import { type DocumentChatDeps, openDocNewForm, openDocReceiveForm } from './listeners.ts';

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
 * What a `/doc` invocation asks for: help (with a notice for what is not built yet), a generic
 * approval, the drafting form, or a list or register.
 */
export type DocRequest =
  | { kind: 'help'; notice?: HelpNotice }
  | { kind: 'approve'; title: string }
  | { kind: 'new' }
  | { kind: 'receive' }
  | { kind: 'report'; args: string[] }
  | { kind: 'reminders' }
  | DocListRequest;

/** The document side of `/doc`: the drafting form, and (when the bot has them) lists and registers. */
export type DocCommandDeps = DocumentChatDeps & {
  lists?: DocListChatDeps;
  report?: DocReportChatDeps;
  reminders?: DocRemindersChatDeps;
};

/** Starts the generic three-step approval for a command (`/doc approve <title>`). */
export interface ApprovalStarter {
  /** Resolves with the first reviewer's display name. */
  startApproval(input: {
    workspaceId: string;
    requesterPersonId: string;
    title: string;
    locale: Locale;
    /** The command's trigger id: a retried command starts one approval. */
    startKey?: string;
  }): Promise<{ firstReviewer: string }>;
}

/** The longest title an approval takes (the card's header shows 150 characters). */
export const MAX_TITLE_LENGTH = 200;

const HELP_WORDS = new Set(['help', '帮助', '?', '？']);
const LIST_WORDS = new Set(['', 'list', '待办']);
const MINE_WORDS = new Set(['mine', '我的']);
const FIND_WORDS = new Set(['find', '查找', '查询']);
const REGISTER_WORDS = new Set(['register', '登记簿']);
const REPORT_WORDS = new Set(['report', '通报']);
const REMINDER_WORDS = new Set(['reminders', 'reminder', '提醒']);
/** More words than a register takes (direction, year, department, state) are read as a mistake. */
const MAX_REGISTER_ARGS = 8;

/** Reads the text after `/doc` into a request. Pure; the listener renders the result. */
export function parseDocCommand(text: string): DocRequest {
  // Full-width spaces (　) separate words as well as ASCII ones.
  const trimmed = text.replace(/^[\s\u3000]+|[\s\u3000]+$/gu, '');
  const first = trimmed.split(/[\s\u3000]+/u)[0] ?? '';
  const word = first.toLowerCase();
  const rest = trimmed.slice(first.length);
  if (HELP_WORDS.has(word)) return { kind: 'help' };
  if (LIST_WORDS.has(word)) return { kind: 'list' };
  if (MINE_WORDS.has(word)) return { kind: 'mine' };
  if (FIND_WORDS.has(word)) return { kind: 'find', words: parseFindWords(rest) };
  if (REGISTER_WORDS.has(word)) {
    return {
      kind: 'register',
      args: rest
        .split(/[\s\u3000]+/u)
        .filter(Boolean)
        .slice(0, MAX_REGISTER_ARGS),
    };
  }
  if (REPORT_WORDS.has(word)) return { kind: 'report', args: rest.split(/[\s\u3000]+/u).filter(Boolean) };
  if (REMINDER_WORDS.has(word)) return { kind: 'reminders' };
  if (word === 'new' || word === '拟稿' || word === '发文') return { kind: 'new' };
  if (word === 'receive' || word === '收文') return { kind: 'receive' };
  if (word === 'approve' || word === '审批') {
    return { kind: 'approve', title: rest.trim() };
  }
  if ((DOC_SUBCOMMANDS as readonly string[]).includes(word)) {
    return { kind: 'help', notice: { kind: 'coming_soon', subcommand: word as DocSubcommand } };
  }
  return { kind: 'help', notice: { kind: 'unknown_subcommand', input: text.trim() } };
}

/** Registers the slash commands. Each acknowledges at once with an ephemeral reply. */
export function registerCommandListeners(
  app: App<SlackRequestContext>,
  approvals?: ApprovalStarter,
  documents?: DocCommandDeps,
  /** Commands a feature's own listeners answer (`/seal`, `/supply`); the rest say "coming". */
  answeredElsewhere: ReadonlySet<SlashCommandName> = new Set(),
): void {
  const lists = documents?.lists;
  if (lists) registerDocListListeners(app, lists);
  app.command(
    SLASH_COMMANDS.doc,
    withCommandErrors(async (args) => {
      const { command, ack, respond, context, client } = args;
      const payload = parseCommand(command);
      const request = parseDocCommand(payload.text);
      const locale = await context.locale();
      if (request.kind === 'new' && documents && payload.trigger_id) {
        context.log.info({ command: payload.command, sub: 'new' }, 'slash command');
        // The form first: the trigger_id expires 3 s after the command.
        await ack();
        await openDocNewForm(client, payload.trigger_id, documents, locale);
        return;
      }
      if (request.kind === 'receive' && documents?.incoming && payload.trigger_id) {
        context.log.info({ command: payload.command, sub: 'receive' }, 'slash command');
        await ack();
        await openDocReceiveForm(client, payload.trigger_id, documents.incoming, locale);
        return;
      }
      if (request.kind === 'approve' && approvals) {
        context.log.info({ command: payload.command, sub: 'approve' }, 'slash command');
        if (!request.title || request.title.length > MAX_TITLE_LENGTH) {
          await ack({ response_type: 'ephemeral', text: t(locale, 'wf.approve_usage') });
          return;
        }
        // Acknowledge first: starting writes to the database, which must not hold up Slack's 3 s.
        await ack();
        const text = await asActor(
          context,
          (notLinked) => notLinked,
          async (actor) => {
            const started = await approvals.startApproval({
              workspaceId: payload.team_id,
              requesterPersonId: actor.personId,
              title: request.title,
              locale,
              startKey: `command:${payload.trigger_id}`,
            });
            return tMrkdwn(locale, 'wf.started', { title: request.title, person: started.firstReviewer });
          },
        );
        await respond({ response_type: 'ephemeral', text });
        return;
      }
      if (request.kind === 'report' && documents?.report) {
        context.log.info({ command: payload.command, sub: 'report' }, 'slash command');
        await answerDocReport(
          args,
          { context, slackUserId: payload.user_id, locale },
          request.args,
          documents.report,
        );
        return;
      }
      if (request.kind === 'reminders' && documents?.reminders) {
        context.log.info({ command: payload.command, sub: 'reminders' }, 'slash command');
        await answerDocReminders(
          args,
          { context, slackUserId: payload.user_id, locale },
          documents.reminders,
        );
        return;
      }
      const listing =
        request.kind === 'list' ||
        request.kind === 'mine' ||
        request.kind === 'find' ||
        request.kind === 'register';
      if (listing && lists) {
        context.log.info({ command: payload.command, sub: request.kind }, 'slash command');
        await answerDocListCommand(args, { context, slackUserId: payload.user_id, locale }, request, lists);
        return;
      }
      // Without the database side (a runtime set up without documents) these fall back to help.
      const notice: HelpNotice | undefined =
        request.kind === 'help'
          ? request.notice
          : request.kind === 'list' || request.kind === 'approve'
            ? undefined
            : { kind: 'coming_soon', subcommand: request.kind };
      context.log.info({ command: payload.command, notice: notice?.kind }, 'slash command');
      await ack({ response_type: 'ephemeral', ...buildDocHelpMessage(locale, notice) });
    }),
  );

  for (const name of [SLASH_COMMANDS.seal, SLASH_COMMANDS.supply, SLASH_COMMANDS.archive] as const) {
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
