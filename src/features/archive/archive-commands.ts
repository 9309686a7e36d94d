// `/archive` for every platform: a search (`/archive <words>`), 更多 for its next page, 借阅 on a
// result (the loan request form), the archivist's `/archive add` form and `/archive intake`,
// `/archive loans`, `/archive appraisal` with 提请销毁 (the destruction form), and the help.
// Parse → service → neutral reply; forms are answered as forms, and each platform draws them.

import { z } from 'zod';
import { parseCardItemValue } from '../../chat/core/card-item-value.ts';
import {
  asPerson,
  type ButtonHandler,
  type CommandAnswer,
  type CommandContext,
  type CommandHandler,
  formAnswer,
  replyAnswer,
  textAnswer,
} from '../../chat/core/commands.ts';
import { richT } from '../../chat/core/reply.ts';
import {
  MAX_DESTROY_ENTRIES,
  MAX_LOAN_COPIES,
  MAX_LOAN_DAYS,
} from '../../domain/archive/loan-definitions.ts';
import { formatArchiveQuery, parseArchiveQuery } from '../../domain/archive/query.ts';
import { t } from '../../shared/i18n.ts';
import { stepFormLinkParams } from '../workflow/step-web-form.ts';
import { ARCHIVE_ADD_FORM_ID, archiveAddFormSpec } from './archive-add-form.ts';
import type { ArchiveChatDeps } from './archive-chat.ts';
import {
  ARCHIVE_ACTIONS,
  archiveHelpReply,
  archiveIntakeReply,
  archiveQueryErrorReply,
  archiveResultsReply,
} from './archive-replies.ts';
import type { ArchiveLoanChatDeps } from './loan-chat.ts';
import { appraisalReply, loanListReply } from './loan-replies.ts';
import {
  ARCHIVE_DESTROY_FORM_ID,
  ARCHIVE_LOAN_FORM_ID,
  destroyFormSpec,
  LOAN_RETURN_FORM_ID,
  loanRequestFormSpec,
  returnFormSpec,
} from './loan-step-forms.ts';

/** The command's name: Slack's `/archive`. */
export const ARCHIVE_COMMAND = 'archive';

/** Words that ask `/archive` for its help (the docs test reads them too). */
export const HELP_WORDS = ['help', '帮助', '?', '？'];
/** Words that open the archivist's add form. */
export const ADD_WORDS = ['add', '登记', '新增'];
/** Words of `/archive intake`: the archivist catalogues what was handed over. */
export const INTAKE_WORDS = ['intake', '接收', '编目'];
/** Words of `/archive loans`. */
export const LOANS_WORDS = ['loans', '借阅', '借出'];
/** Words of `/archive appraisal`. */
export const APPRAISAL_WORDS = ['appraisal', '鉴定'];

/** The services `/archive` calls: the catalog's and the loans'. */
export interface ArchiveCommandDeps {
  catalog: Pick<ArchiveChatDeps, 'viewerOf' | 'search' | 'categories' | 'intake' | 'thisYear'>;
  loans: Pick<ArchiveLoanChatDeps, 'entryForForm' | 'loans' | 'appraisal' | 'timeZone'>;
}

const MoreValue = z.object({ q: z.string().max(300), p: z.number().int().min(1).max(500) });
const EntryRef = z.strictObject({ entryId: z.uuid() });
const QuarterRef = z.strictObject({ quarter: z.string().regex(/^\d{4}-Q[1-4]$/) });

/** A button's JSON value read with `schema`; null for anything else (a forged or stale value). */
function readValue<T>(schema: z.ZodType<T>, raw: string): T | null {
  try {
    const parsed = schema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

const invalidValue = (context: CommandContext) => textAnswer(t(context.locale, 'error.invalid_payload'));

/** Page `page` of a search for `text`, as the person may see it. */
async function search(
  deps: ArchiveCommandDeps,
  text: string,
  page: number,
  context: CommandContext,
): Promise<CommandAnswer> {
  const parsed = parseArchiveQuery(text);
  if (!parsed.ok) {
    return replyAnswer(archiveQueryErrorReply(context.locale, parsed.error.problem, parsed.error.value));
  }
  return asPerson(context, async (actor) => {
    const viewer = await deps.catalog.viewerOf(actor.personId);
    const found = await deps.catalog.search(viewer, parsed.query, page);
    return replyAnswer(
      archiveResultsReply({
        locale: context.locale,
        queryText: formatArchiveQuery(parsed.query),
        page,
        entries: found.entries,
        hasMore: found.hasMore,
      }),
    );
  });
}

/** `/archive` and its sub-commands. */
export function archiveCommands(deps: ArchiveCommandDeps): CommandHandler[] {
  const help = async (_text: string, context: CommandContext) =>
    replyAnswer(archiveHelpReply(context.locale));
  return [
    {
      command: ARCHIVE_COMMAND,
      // Where commands are typed as text: 查档 合同 searches, 查档 add registers.
      words: ['查档', '档案'],
      // Anything that is no sub-command is a search; nothing at all asks for the help.
      handle: (text, context) => (text === '' ? help(text, context) : search(deps, text, 0, context)),
    },
    { command: ARCHIVE_COMMAND, subcommands: HELP_WORDS, handle: help },
    {
      command: ARCHIVE_COMMAND,
      subcommands: ADD_WORDS,
      // The form opens for anyone: who may add is checked when it is sent.
      async handle() {
        const categories = await deps.catalog.categories();
        return formAnswer(
          ARCHIVE_ADD_FORM_ID,
          archiveAddFormSpec({ categories, year: deps.catalog.thisYear() }),
        );
      },
    },
    {
      command: ARCHIVE_COMMAND,
      subcommands: INTAKE_WORDS,
      handle: (_text, context) =>
        asPerson(context, async (actor) => {
          const viewer = await deps.catalog.viewerOf(actor.personId);
          return replyAnswer(archiveIntakeReply(context.locale, await deps.catalog.intake(viewer.personId)));
        }),
    },
    {
      command: ARCHIVE_COMMAND,
      subcommands: LOANS_WORDS,
      handle: (_text, context) =>
        asPerson(context, async (actor) => {
          const found = await deps.loans.loans(actor.personId, context.locale);
          return replyAnswer(
            loanListReply({
              locale: context.locale,
              list: found.list,
              timeZone: deps.loans.timeZone,
              nameOf: found.nameOf,
            }),
          );
        }),
    },
    {
      command: ARCHIVE_COMMAND,
      subcommands: APPRAISAL_WORDS,
      handle: (_text, context) =>
        asPerson(context, async (actor) => {
          const found = await deps.loans.appraisal(actor.personId, context.locale);
          if (found === 'forbidden') return textAnswer(t(context.locale, 'archive.appraisal.forbidden'));
          return replyAnswer(appraisalReply({ locale: context.locale, ...found }));
        }),
    },
  ];
}

/** The buttons `/archive` replies carry: 更多, 借阅 and 提请销毁. */
export function archiveButtons(deps: ArchiveCommandDeps): ButtonHandler[] {
  return [
    {
      action: ARCHIVE_ACTIONS.more,
      async press(raw, context) {
        const value = readValue(MoreValue, raw);
        if (!value) return invalidValue(context);
        const answer = await search(deps, value.q, value.p, context);
        // The next page takes the place of the page whose 更多 was pressed.
        return answer.kind === 'reply' ? { ...answer, replaces: true } : answer;
      },
    },
    {
      action: ARCHIVE_ACTIONS.borrow,
      async press(raw, context) {
        const value = readValue(EntryRef, raw);
        if (!value) return invalidValue(context);
        return asPerson(context, async (actor) => {
          // Refused (AppError) for an entry the person may not see, as for none.
          const entry = await deps.loans.entryForForm(actor.personId, value.entryId);
          if (entry.destroyed) {
            return {
              kind: 'error',
              text: richT(context.locale, 'error.archive_entry_destroyed', { archiveNo: entry.archiveNo }),
            };
          }
          return formAnswer(
            ARCHIVE_LOAN_FORM_ID,
            loanRequestFormSpec({ entry, maxDays: MAX_LOAN_DAYS, maxCopies: MAX_LOAN_COPIES }),
            { entryId: entry.id },
          );
        });
      },
    },
    {
      action: ARCHIVE_ACTIONS.destroyStart,
      async press(raw, context) {
        const value = readValue(QuarterRef, raw);
        if (!value) return invalidValue(context);
        // Who may propose is checked when the form is sent.
        return formAnswer(ARCHIVE_DESTROY_FORM_ID, destroyFormSpec({ maxEntries: MAX_DESTROY_ENTRIES }), {
          quarter: value.quarter,
        });
      },
    },
    {
      action: ARCHIVE_ACTIONS.loanReturn,
      async press(raw, context) {
        const item = parseCardItemValue(raw);
        if (!item) return invalidValue(context);
        // The return step's own form; who may take the record back, and whether the loan is still
        // at that step, are checked when it is sent (as the card's 归还 is).
        return formAnswer(
          LOAN_RETURN_FORM_ID,
          returnFormSpec(),
          stepFormLinkParams({ ...item, workspaceId: context.workspaceId }),
        );
      },
    },
  ];
}
