// `/archive`: search (`/archive <words>`), the archivist's `/archive add` form and `/archive
// intake`, `/archive help`, and the sub-commands of other archive listeners through
// {@link ARCHIVE_SUBCOMMANDS}. Search results are ephemeral; 更多 replaces them with the next page.
// Thin: ack → parse (zod) → service → render (archive/blocks.ts).

import type { App } from '@slack/bolt';
import { z } from 'zod';
import { formatArchiveQuery, parseArchiveQuery } from '../../../domain/archive/query.ts';
import { archiveAddFormSpec, archiveAddOfForm } from '../../../features/archive/archive-add-form.ts';
import type { ArchiveAddForm, ArchiveChatDeps } from '../../../features/archive/archive-chat.ts';
import type { ArchiveLoanChatDeps } from '../../../features/archive/loan-chat.ts';
import { type Locale, t } from '../../../shared/i18n.ts';
import { type ActorContext, asActor } from '../actor.ts';
import { bold, tMrkdwn } from '../blocks/mrkdwn.ts';
import type { FormDeadlineSource } from '../form-deadline.ts';
import { ACTION_IDS, BLOCK_IDS, CALLBACK_IDS, SLASH_COMMANDS } from '../ids.ts';
import { type CommandArgs, onButton, onFormSubmission } from '../interactions.ts';
import { withCommandErrors } from '../listeners/errors.ts';
import type { SlackRequestContext } from '../request-context.ts';
import { readSpecModal } from '../spec-modal.ts';
import type { ParseResult, SlackViewStateValues } from '../view-state.ts';
import { ARCHIVE_ADD_FIELD_SLOTS, buildArchiveAddModal, buildArchiveResults } from './blocks.ts';
import { ARCHIVE_LOAN_SUBCOMMANDS } from './loan-listeners.ts';

/** What a sub-command gets (after the command was acknowledged). */
export interface ArchiveCommandInput {
  /** The request's acting person (resolved when a sub-command needs it). */
  context: ActorContext;
  locale: Locale;
  /** The words after the sub-command. */
  rest: string;
  /** Answers the user (ephemeral). */
  respond(message: { text: string; blocks?: unknown[] }): Promise<unknown>;
}

/** The services sub-commands may use: the catalog's, and the loans' when they are wired. */
export interface ArchiveRouterDeps {
  catalog: ArchiveChatDeps;
  loans?: ArchiveLoanChatDeps;
}

/** One `/archive` sub-command: the words that name it (English and Chinese) and its answer. */
export interface ArchiveSubcommand {
  words: readonly string[];
  answer(deps: ArchiveRouterDeps, input: ArchiveCommandInput): Promise<void>;
}

/** `/archive help`: its title in bold (the catalog's text is plain), then the commands. */
function archiveHelp(locale: Locale): string {
  return t(locale, 'archive.help', { title: bold(t(locale, 'archive.help.title')) });
}

/**
 * The `/archive` router table: the first word of the command picks a sub-command here; anything
 * else is a search. Add a sub-command with one line. (`add` and `help` are answered before the
 * table: the form must open within the trigger's 3 s, and help goes in the acknowledgement.)
 */
export const ARCHIVE_SUBCOMMANDS: ArchiveSubcommand[] = [
  { words: ['intake', '接收', '编目'], answer: answerIntake },
  // Borrowing and retention (src/chat/slack/archive/loan-listeners.ts): `/archive loans`, `/archive appraisal`.
  ...ARCHIVE_LOAN_SUBCOMMANDS.map((s) => ({
    words: s.words,
    async answer(deps: ArchiveRouterDeps, input: ArchiveCommandInput) {
      if (deps.loans) await s.answer(deps.loans, input);
      else await input.respond({ text: archiveHelp(input.locale) });
    },
  })),
];

/** Words that ask `/archive` for its help (the docs test reads them too). */
export const HELP_WORDS = ['help', '帮助', '?', '？'];
/** Words that open the archivist's add form. */
export const ADD_WORDS = ['add', '登记', '新增'];

const SlashCommandPayload = z.object({
  text: z.string().default(''),
  team_id: z.string().min(1),
  user_id: z.string().min(1),
  trigger_id: z.string().optional(),
});

const MoreValue = z.object({ q: z.string().max(300), p: z.number().int().min(1).max(500) });

/** `/archive intake`: the archivist catalogues every pending hand-off. */
async function answerIntake(deps: ArchiveRouterDeps, input: ArchiveCommandInput): Promise<void> {
  const viewer = await asActor(
    input.context,
    async (text) => {
      await input.respond({ text });
      return null;
    },
    (actor) => deps.catalog.viewerOf(actor.personId),
  );
  if (!viewer) return;
  const result = await deps.catalog.intake(viewer.personId);
  const lines: string[] = [];
  if (result.catalogued.length === 0) lines.push(t(input.locale, 'archive.intake.none'));
  else
    lines.push(
      tMrkdwn(input.locale, 'archive.intake.done', {
        count: result.catalogued.length,
        numbers: result.catalogued.map((e) => `${e.archiveNo}（${e.docNumber ?? ''}）`).join('、'),
      }),
    );
  if (result.skipped > 0) lines.push(t(input.locale, 'archive.intake.skipped', { count: result.skipped }));
  await input.respond({ text: lines.join('\n') });
}

/** Searches and answers page `page` of `text` (a message to post or to replace with). */
async function searchMessage(
  deps: ArchiveChatDeps,
  context: ActorContext,
  locale: Locale,
  text: string,
  page: number,
): Promise<{ text: string; blocks?: unknown[] }> {
  const parsed = parseArchiveQuery(text);
  if (!parsed.ok)
    return { text: t(locale, `archive.query.${parsed.error.problem}`, { value: parsed.error.value }) };
  const viewer = await asActor(
    context,
    (text) => ({ text }),
    (actor) => deps.viewerOf(actor.personId),
  );
  if ('text' in viewer) return viewer;
  const found = await deps.search(viewer, parsed.query, page);
  const message = buildArchiveResults({
    locale,
    queryText: formatArchiveQuery(parsed.query),
    page,
    entries: found.entries,
    hasMore: found.hasMore,
  });
  return message.blocks.length > 0 ? message : { text: message.text };
}

/** Registers `/archive`, its 更多 button and the add form's submission. */
export function registerArchiveListeners(
  app: App<SlackRequestContext>,
  deps: ArchiveRouterDeps,
  forms: FormDeadlineSource = {},
): void {
  app.command(
    SLASH_COMMANDS.archive,
    withCommandErrors(async (args: CommandArgs) => {
      const { command, ack, respond, context, client } = args;
      const payload = SlashCommandPayload.parse(command);
      const locale = await context.locale();
      const text = payload.text.trim();
      const [first = '', ...others] = text.split(/\s+/u);
      const word = first.toLowerCase();
      context.log.info({ command: SLASH_COMMANDS.archive, sub: word || 'help' }, 'slash command');
      if (text === '' || HELP_WORDS.includes(word)) {
        await ack({ response_type: 'ephemeral', text: archiveHelp(locale) });
        return;
      }
      const say = (message: { text: string; blocks?: unknown[] }) =>
        respond({ response_type: 'ephemeral', replace_original: false, ...message } as Parameters<
          typeof respond
        >[0]);
      if (ADD_WORDS.includes(word)) {
        await ack();
        // The form opens at once (trigger_id lives 3 s); who may add is checked on submission.
        if (!payload.trigger_id) return;
        const categories = await deps.catalog.categories();
        await client.views.open({
          trigger_id: payload.trigger_id,
          view: buildArchiveAddModal({ locale, categories, year: deps.catalog.thisYear() }),
        });
        return;
      }
      const sub = ARCHIVE_SUBCOMMANDS.find((s) => s.words.includes(word));
      await ack();
      if (sub) {
        await sub.answer(deps, {
          context,
          locale,
          rest: others.join(' '),
          respond: say,
        });
        return;
      }
      await say(await searchMessage(deps.catalog, context, locale, text, 0));
    }),
  );

  onButton(app, ACTION_IDS.archiveMore, async ({ ack, action, context, respond }) => {
    await ack();
    const locale = await context.locale();
    let value: z.infer<typeof MoreValue>;
    try {
      value = MoreValue.parse(JSON.parse(String(action.value ?? '')));
    } catch {
      await respond({
        response_type: 'ephemeral',
        replace_original: false,
        text: t(locale, 'error.invalid_payload'),
      });
      return;
    }
    const message = await searchMessage(deps.catalog, context, locale, value.q, value.p);
    await respond({ response_type: 'ephemeral', replace_original: true, ...message } as Parameters<
      typeof respond
    >[0]);
  });

  // Added before the form closes: a refusal, or a database that does not answer within Slack's
  // time, is shown on the form, which stays open; sending it again finds a late entry by its key.
  onFormSubmission(app, CALLBACK_IDS.archiveAddModal, forms, {
    parse: ({ view }, locale) => parseArchiveAddSubmission(view.state.values, locale),
    errorBlock: BLOCK_IDS.archiveAddTitle,
    // A category the unit's rule does not know is shown under the category.
    errorFieldOf: (error) =>
      error.messageKey === 'error.archive_invalid.category' ? BLOCK_IDS.archiveAddCategory : null,
    start: (actor, form, { view }) => deps.catalog.add(actor.personId, form, `view:${view.id}`),
    describe: (added, _form, locale) => tMrkdwn(locale, 'archive.add.done', { archiveNo: added.archiveNo }),
  });
}

/** Reads the add form through its FormSpec; field errors by block id (in the user's language). */
export function parseArchiveAddSubmission(
  values: SlackViewStateValues | null | undefined,
  locale: Locale,
): ParseResult<ArchiveAddForm> {
  // The categories are checked by the catalog when it adds; the spec's checks do not need them.
  const spec = archiveAddFormSpec({ categories: [], year: 0 });
  return readSpecModal(spec, ARCHIVE_ADD_FIELD_SLOTS, values, locale, archiveAddOfForm);
}
