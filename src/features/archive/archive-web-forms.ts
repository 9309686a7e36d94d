// The forms `/archive` opens, on the web for platforms without modals: `/archive add`, the
// 借阅/复制 request (from a result's 借阅; its link names the entry) and 提请销毁 (from the
// appraisal), on the web and as Slack's modals. Each is the form's FormSpec and its service call
// and checks; the form's key is the request's, so a submission that reached the service twice
// (a form sent again after a late commit) applies once.

import { type FormValues, formText, textValue } from '../../chat/core/form-spec.ts';
import type { WebFormContext, WebFormHandler, WebFormOutcome } from '../../chat/core/web-form.ts';
import {
  MAX_DESTROY_ENTRIES,
  MAX_LOAN_COPIES,
  MAX_LOAN_DAYS,
} from '../../domain/archive/loan-definitions.ts';
import { isAppError } from '../../shared/errors.ts';
import { type Locale, t, translateDynamic } from '../../shared/i18n.ts';
import {
  ARCHIVE_ADD_FIELDS,
  ARCHIVE_ADD_FORM_ID,
  archiveAddFormSpec,
  archiveAddOfForm,
} from './archive-add-form.ts';
import type { ArchiveChatDeps } from './archive-chat.ts';
import type { ArchiveLoanChatDeps } from './loan-chat.ts';
import { readLoanRequest } from './loan-request.ts';
import {
  ARCHIVE_DESTROY_FORM_ID,
  ARCHIVE_LOAN_FORM_ID,
  destroyFormSpec,
  loanNoticeFormSpec,
  loanRequestFormSpec,
  loanRequestInputOf,
} from './loan-step-forms.ts';

/** The services the forms call: the catalog's (add) and the loans' (request, 提请销毁). */
export interface ArchiveWebFormDeps {
  catalog: Pick<ArchiveChatDeps, 'categories' | 'thisYear' | 'add'>;
  loans: Pick<ArchiveLoanChatDeps, 'entryForForm' | 'start' | 'proposeDestruction'>;
}

const ENTRY_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/iu;

/** A refusal of the service in the person's words; anything else is not a refusal and goes on. */
function refusalWords(error: unknown, locale: Locale): string {
  if (!isAppError(error)) throw error;
  return (
    translateDynamic(locale, error.messageKey, error.params) ??
    t(locale, 'error.app_error', { code: error.code })
  );
}

/** A refusal of the service, shown on the form (beside `field` when it concerns one). */
function refusal(error: unknown, locale: Locale, field?: string): WebFormOutcome {
  return { ok: false, message: refusalWords(error, locale), ...(field ? { field } : {}) };
}

/** `/archive add`: who may add is checked when it is sent, as on the modal. */
function archiveAddWebForm(deps: ArchiveWebFormDeps): WebFormHandler {
  return {
    formId: ARCHIVE_ADD_FORM_ID,
    async load() {
      return archiveAddFormSpec({
        categories: await deps.catalog.categories(),
        year: deps.catalog.thisYear(),
      });
    },
    async submit(context: WebFormContext, values: FormValues): Promise<WebFormOutcome> {
      try {
        const added = await deps.catalog.add(context.personId, archiveAddOfForm(values), context.key);
        return { ok: true, message: t(context.locale, 'archive.add.done', { archiveNo: added.archiveNo }) };
      } catch (error) {
        // A category the unit's rule does not know is shown beside the category.
        const category = isAppError(error) && error.messageKey === 'error.archive_invalid.category';
        return refusal(error, context.locale, category ? ARCHIVE_ADD_FIELDS.category : undefined);
      }
    },
  };
}

/**
 * The 借阅/复制 request of the entry the link names. An entry the person may not see (or none),
 * or a destroyed one, shows why instead of the form, as the modal did.
 */
function loanRequestWebForm(deps: ArchiveWebFormDeps): WebFormHandler {
  const entryIdOf = (context: WebFormContext) => {
    const entryId = context.params.entryId ?? '';
    return ENTRY_ID.test(entryId) ? entryId : null;
  };
  return {
    formId: ARCHIVE_LOAN_FORM_ID,
    async load(context) {
      const entryId = entryIdOf(context);
      if (!entryId) return null;
      try {
        const entry = await deps.loans.entryForForm(context.personId, entryId);
        if (entry.destroyed) {
          return loanNoticeFormSpec(
            t(context.locale, 'error.archive_entry_destroyed', { archiveNo: entry.archiveNo }),
          );
        }
        return loanRequestFormSpec({ entry, maxDays: MAX_LOAN_DAYS, maxCopies: MAX_LOAN_COPIES });
      } catch (error) {
        return loanNoticeFormSpec(refusalWords(error, context.locale));
      }
    },
    async submit(context, values) {
      const entryId = entryIdOf(context);
      if (!entryId) return { ok: false, message: t(context.locale, 'error.invalid_payload') };
      const read = readLoanRequest(loanRequestInputOf(values), entryId);
      if (!read.ok) {
        // The spec's own check refused these before: only a reading that changed meanwhile gets here.
        const [field, words] = Object.entries(read.errors)[0] ?? [];
        return {
          ok: false,
          message: words ? formText(words, context.locale) : '',
          ...(field ? { field } : {}),
        };
      }
      try {
        const started = await deps.loans.start({
          workspaceId: context.params.w ?? null,
          requesterPersonId: context.personId,
          form: read.value,
          locale: context.locale,
          startKey: context.key,
        });
        return {
          ok: true,
          message: t(context.locale, 'archive.loan.started', {
            kind: t(context.locale, `archive.loan.kind.${read.value.kind}`),
            archiveNo: started.archiveNo,
            person: started.firstReviewer,
          }),
        };
      } catch (error) {
        return refusal(error, context.locale);
      }
    },
  };
}

/** 提请销毁 of every entry now past retention; who may propose is checked when it is sent. */
function destroyWebForm(deps: ArchiveWebFormDeps): WebFormHandler {
  return {
    formId: ARCHIVE_DESTROY_FORM_ID,
    async load() {
      return destroyFormSpec({ maxEntries: MAX_DESTROY_ENTRIES });
    },
    async submit(context, values) {
      try {
        const done = await deps.loans.proposeDestruction({
          workspaceId: context.params.w ?? null,
          requesterPersonId: context.personId,
          method: textValue(values, 'method') ?? '',
          startKey: context.key,
        });
        return { ok: true, message: t(context.locale, 'archive.destroy.started', { count: done.count }) };
      } catch (error) {
        return refusal(error, context.locale);
      }
    },
  };
}

/** `/archive add`, the loan request and 提请销毁 on the web. */
export function archiveWebForms(deps: ArchiveWebFormDeps): WebFormHandler[] {
  return [archiveAddWebForm(deps), loanRequestWebForm(deps), destroyWebForm(deps)];
}
