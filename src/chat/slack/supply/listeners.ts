// Office supplies (办公用品) on Slack: the keeper's forms — the issue from the card, the catalog
// import, stock-in (入库), 补发, item changes and the stock-take. The request and plan forms are
// applied by their own handlers (the Slack form glue). Thin: ack → parse → service → answer.

import type { App } from '@slack/bolt';
import { SUPPLY_PARAMS } from '../../../domain/supply/definition.ts';
import { type IssueCheckLine, issueRefusals } from '../../../features/supply/issue-check.ts';
import { issueParam } from '../../../features/supply/requests.ts';
import type { SupplyChatService } from '../../../features/supply/supply-chat.ts';
import { SUPPLY_FIELDS } from '../../../features/supply/supply-forms.ts';
import {
  changeItemWork,
  importCatalogWork,
  issueOwedWork,
  type KeeperWork,
  stockInWork,
  stockTakeWork,
} from '../../../features/supply/supply-keeper-forms.ts';
import { isAppError } from '../../../shared/errors.ts';
import type { Locale } from '../../../shared/i18n.ts';
import { asActor } from '../actor.ts';
import { commitBeforeClosing, type FormWork, formDeadlineOf } from '../form-deadline.ts';
import { BLOCK_IDS, CALLBACK_IDS } from '../ids.ts';
import { appErrorMrkdwn, sendDirectMessage } from '../listeners/errors.ts';
import { renderMrkdwn } from '../reply-blocks.ts';
import type { SlackRequestContext } from '../request-context.ts';
import type { ParseResult } from '../view-state.ts';
import {
  registerStepFormSubmission,
  type StepFormOpener,
  type WorkflowChatDeps,
} from '../workflow/listeners.ts';
import { buildSupplyIssueModal } from './blocks.ts';
import {
  parseSupplyCountSubmission,
  parseSupplyEditSubmission,
  parseSupplyImportSubmission,
  parseSupplyIssueSubmission,
  parseSupplyOwedSubmission,
  parseSupplyStockInSubmission,
} from './submission.ts';

/** What the supply listeners need from the rest of the bot (the database side). */
export type SupplyChatDeps = SupplyChatService;

/** The keeper's issue form (the card's 发放 button): opened at once, then filled with the lines and stock. */
export function supplyIssueFormOpener(deps: Pick<SupplyChatDeps, 'issueLines'>): StepFormOpener {
  return async ({ client, triggerId, ref, locale }) => {
    const opened = await client.views.open({
      trigger_id: triggerId,
      view: buildSupplyIssueModal({ locale, ref, lines: null }),
    });
    const viewId = opened.view?.id;
    if (!viewId) return;
    const lines = await deps.issueLines(ref.instanceId);
    await client.views.update({
      view_id: viewId,
      ...(opened.view?.hash ? { hash: opened.view.hash } : {}),
      view: buildSupplyIssueModal({ locale, ref, lines }),
    });
  };
}

/** Registers the submissions of `/supply`'s forms (the command and 补发 are the feature's, answered by the glue). */
export function registerSupplyListeners(
  app: App<SlackRequestContext>,
  deps: SupplyChatDeps,
  workflow: WorkflowChatDeps,
): void {
  registerIssueForm(app, deps, workflow);
  registerKeeperForms(app, deps, workflow);
}

/** The keeper's issue form (the card's 发放 button), a step form of the request. */
function registerIssueForm(app: App<SlackRequestContext>, deps: SupplyChatDeps, workflow: WorkflowChatDeps) {
  registerStepFormSubmission(app, CALLBACK_IDS.supplyIssueModal, workflow, {
    errorBlock: BLOCK_IDS.supplyNotice,
    async read(values, { ref, locale }) {
      const parsed = parseSupplyIssueSubmission(values, locale);
      if (!parsed.ok) return parsed;
      // Checked on the form against the request and the stock now (reads only); the issue itself
      // checks again in its transaction, where a concurrent issue may have taken the stock meanwhile.
      const { quantities, reason } = parsed.value;
      const errors = issueFormErrors(await deps.issueLines(ref.instanceId), quantities, locale, reason);
      if (errors) return { ok: false, errors };
      return {
        ok: true,
        action: {
          type: 'approve',
          ...(reason ? { comment: reason } : {}),
          params: { [SUPPLY_PARAMS.issue]: issueParam(quantities) },
        },
      };
    },
  });
}

/** The keeper's own forms: the catalog import, stock-in, 补发, item changes and the stock-take. */
function registerKeeperForms(
  app: App<SlackRequestContext>,
  deps: SupplyChatDeps,
  workflow: WorkflowChatDeps,
) {
  const keeperForm = <T>(
    callbackId: string,
    parse: (values: unknown, locale: Locale, metadata: string) => ParseResult<T>,
    errorBlock: string,
    work: KeeperWork<T>,
  ) => registerKeeperForm(app, deps, workflow, { callbackId, parse, errorBlock, work });
  const { supplyCsv, supplyItem, supplyQuantity, supplyReason } = BLOCK_IDS;
  keeperForm(CALLBACK_IDS.supplyImportModal, parseSupplyImportSubmission, supplyCsv, importCatalogWork);
  keeperForm(CALLBACK_IDS.supplyStockInModal, parseSupplyStockInSubmission, supplyItem, stockInWork);
  keeperForm(CALLBACK_IDS.supplyOwedModal, parseSupplyOwedSubmission, supplyQuantity, issueOwedWork);
  keeperForm(CALLBACK_IDS.supplyEditModal, parseSupplyEditSubmission, supplyItem, changeItemWork);
  keeperForm(CALLBACK_IDS.supplyCountModal, parseSupplyCountSubmission, supplyReason, stockTakeWork);
}

/** A keeper's form: parse, check the keeper and do the work before closing, then DM the outcome. */
function registerKeeperForm<T>(
  app: App<SlackRequestContext>,
  deps: SupplyChatDeps,
  workflow: WorkflowChatDeps,
  form: {
    callbackId: string;
    /** `metadata`: the form's private_metadata (what it is about, when it is about one thing). */
    parse: (values: unknown, locale: Locale, metadata: string) => ParseResult<T>;
    errorBlock: string;
    work: KeeperWork<T>;
  },
) {
  app.view(form.callbackId, async ({ ack, body, view, context, client }) => {
    // Slack's time runs from the request's arrival: the lookups below count against it.
    const deadline = formDeadlineOf(workflow);
    const locale = await context.locale();
    const parsed = form.parse(view.state.values, locale, view.private_metadata);
    if (!parsed.ok) {
      await ack({ response_action: 'errors', errors: parsed.errors });
      return;
    }
    // The keeper is checked and the work committed before the form closes; a refusal, a failure
    // or a database that does not answer in time is shown on the form, which stays open.
    const text = await commitBeforeClosing(ack, {
      deadline,
      errorBlock: form.errorBlock,
      locale,
      log: context.log,
      work: () =>
        asActor<FormWork<string>, FormWork<string>>(
          context,
          (error) => ({ ok: false, error }),
          async (actor) => {
            const checked = await deps.checkKeeper(actor.personId);
            let done: Awaited<ReturnType<KeeperWork<T>>>;
            try {
              done = await form.work(deps, checked, parsed.value, locale, `view:${view.id}`);
            } catch (error) {
              // The same form booked before (its first send committed after Slack was told it could
              // not be confirmed): done already, so the form closes and the DM says so.
              if (isAppError(error) && error.code === 'supply_already_booked')
                return { ok: true, value: appErrorMrkdwn(locale, error) };
              throw error;
            }
            // Refused on the form, beside the fields: nothing was written.
            if (!done.ok) return { ok: false, errors: blocksOfFields(done.errors) };
            return { ok: true, value: renderMrkdwn(done.text) };
          },
        ),
    });
    if (text === null) return;
    await sendDirectMessage(client, body.user.id, text);
  });
}

/**
 * What the issue form says beside a quantity above the request or the stock, or beside the
 * reason when nothing at all is issued without one (无货); null when all fit.
 */
export function issueFormErrors(
  lines: readonly IssueCheckLine[],
  quantities: ReadonlyMap<string, number>,
  locale: Locale,
  reason: string,
): Record<string, string> | null {
  const refusals = issueRefusals(lines, quantities, locale, reason);
  if (refusals === null) return null;
  // Each refusal under its block: an item's quantity, or the reason.
  return Object.fromEntries(
    Object.entries(refusals).map(([key, text]) => [
      key === SUPPLY_FIELDS.reason ? BLOCK_IDS.supplyReason : `${BLOCK_IDS.supplyIssuePrefix}:${key}`,
      text,
    ]),
  );
}

/**
 * The blocks of the keeper's forms' fields, for refusals said beside them: each field sits in the
 * same block in every keeper form that has it.
 */
const FIELD_BLOCKS: Readonly<Record<string, string>> = {
  [SUPPLY_FIELDS.csv]: BLOCK_IDS.supplyCsv,
  [SUPPLY_FIELDS.quantity]: BLOCK_IDS.supplyQuantity,
  [SUPPLY_FIELDS.reason]: BLOCK_IDS.supplyReason,
};

/** A keeper form's refusals by field id, by the blocks the fields sit in. */
export function blocksOfFields(errors: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(errors).map(([field, text]) => [FIELD_BLOCKS[field] ?? field, text]),
  );
}
