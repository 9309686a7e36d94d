// Office supplies (办公用品): `/supply` and its forms — the request (inline or the form), the
// keeper's issue from the card, the catalog import, stock-in (入库), stock-take (盘点), plans, the
// stock list, what is owed, and the ledger and plan exports. Thin: ack → parse → service → answer.

import type {
  AllMiddlewareArgs,
  App,
  BlockButtonAction,
  SlackActionMiddlewareArgs,
  SlackViewMiddlewareArgs,
} from '@slack/bolt';
import { z } from 'zod';
import { type CatalogItem, itemLabel } from '../../../domain/supply/catalog.ts';
import { parseSupplyCommand, type SupplyCommand } from '../../../domain/supply/command.ts';
import { SUPPLY_PARAMS } from '../../../domain/supply/definition.ts';
import { formatFen } from '../../../domain/supply/numbers.ts';
import { issueParam } from '../../../features/supply/requests.ts';
import type { ResolvedLine, SupplyChatService } from '../../../features/supply/supply-chat.ts';
import { isAppError } from '../../../shared/errors.ts';
import { type Locale, t } from '../../../shared/i18n.ts';
import { asActor } from '../actor.ts';
import { truncateText } from '../blocks/limits.ts';
import { escapeMrkdwn, tMrkdwn } from '../blocks/mrkdwn.ts';
import { actorWork, commitBeforeClosing, type FormWork, formDeadlineOf } from '../form-deadline.ts';
import { ACTION_IDS, BLOCK_IDS, CALLBACK_IDS, SLASH_COMMANDS } from '../ids.ts';
import { appErrorMrkdwn, appErrorText, sendDirectMessage, withCommandErrors } from '../listeners/errors.ts';
import {
  registerStepFormSubmission,
  type StepFormOpener,
  type WorkflowChatDeps,
} from '../listeners/workflow.ts';
import type { SlackRequestContext } from '../request-context.ts';
import {
  buildSupplyCountModal,
  buildSupplyEditModal,
  buildSupplyImportModal,
  buildSupplyIssueModal,
  buildSupplyOwedBlocks,
  buildSupplyOwedModal,
  buildSupplyPlanModal,
  buildSupplyRequestModal,
  buildSupplyStockInModal,
  buildSupplyStockText,
  lineBlockIds,
  type PrefilledLine,
} from './blocks.ts';
import {
  parseSupplyCountSubmission,
  parseSupplyEditSubmission,
  parseSupplyImportSubmission,
  parseSupplyIssueSubmission,
  parseSupplyOwedSubmission,
  parseSupplyPlanSubmission,
  parseSupplyRequestSubmission,
  parseSupplyStockInSubmission,
} from './submission.ts';

/** What the supply listeners need from the rest of the bot (the database side). */
export type SupplyChatDeps = SupplyChatService;

type ViewArgs = SlackViewMiddlewareArgs & AllMiddlewareArgs<SlackRequestContext>;
type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs<SlackRequestContext>;
type Client = AllMiddlewareArgs['client'];
type View = Parameters<Client['views']['open']>[0]['view'];

/** A form's loading view showing why it will not open. */
function refusedView(loading: View, text: string): View {
  return {
    ...loading,
    blocks: [{ type: 'section', text: { type: 'plain_text', text: truncateText(text, 3000) } }],
  };
}

const SlashCommandPayload = z.object({
  text: z.string().default(''),
  team_id: z.string().min(1),
  user_id: z.string().min(1),
  trigger_id: z.string().optional(),
});

/** How long an inline command's catalog lookup may take before the form opens anyway (trigger_id lives 3 s). */
const INLINE_LOOKUP_MS = 1500;

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

/** The note above a pre-filled request form: which typed items were not found or are ambiguous. */
export function inlineNote(resolved: readonly ResolvedLine[], locale: Locale): string | null {
  const notes: string[] = [];
  for (const line of resolved) {
    if (line.kind === 'missing') notes.push(t(locale, 'supply.inline.missing', { item: line.typed }));
    if (line.kind === 'ambiguous') {
      notes.push(
        t(locale, 'supply.inline.ambiguous', {
          item: line.typed,
          candidates: line.candidates.map(itemLabel).join(locale === 'en' ? ', ' : '、'),
        }),
      );
    }
    if (line.kind === 'found' && line.quantity < 1) {
      notes.push(t(locale, 'supply.inline.no_quantity', { item: itemLabel(line.item) }));
    }
  }
  return notes.length > 0 ? truncateText(notes.join(' '), 1900) : null;
}

/** Pre-filled lines of the form: found items with their quantities, the rest with quantity only. */
export function prefilledLines(resolved: readonly ResolvedLine[]): PrefilledLine[] {
  return resolved.map((line) => ({
    itemId: line.kind === 'found' ? line.item.id : null,
    quantity: line.quantity > 0 ? line.quantity : null,
  }));
}

/** Registers `/supply`, its forms' submissions. */
export function registerSupplyListeners(
  app: App<SlackRequestContext>,
  deps: SupplyChatDeps,
  workflow: WorkflowChatDeps,
): void {
  app.command(
    SLASH_COMMANDS.supply,
    withCommandErrors(async (args) => {
      const { command, ack, respond, context, client } = args;
      const payload = SlashCommandPayload.parse(command);
      const locale = await context.locale();
      const request = parseSupplyCommand(payload.text);
      context.log.info({ command: SLASH_COMMANDS.supply, sub: request.kind }, 'slash command');
      const say = (text: string) => respond({ response_type: 'ephemeral', replace_original: false, text });
      const teamId = payload.team_id;
      const trigger = payload.trigger_id;

      /** Opens `loading` at once, then replaces it with what `fill` builds. */
      const openThenFill = async (
        loading: Parameters<Client['views']['open']>[0]['view'],
        fill: () => Promise<typeof loading>,
      ) => {
        if (!trigger) return;
        const opened = await client.views.open({ trigger_id: trigger, view: loading });
        const viewId = opened.view?.id;
        if (!viewId) return;
        const view = await fill();
        await client.views.update({
          view_id: viewId,
          ...(opened.view?.hash ? { hash: opened.view.hash } : {}),
          view,
        });
      };
      /** The keeper's form, or (anyone else) the loading view turned into the refusal, no submit. */
      const keeperView = async (loading: View, build: () => Promise<View>): Promise<View> => {
        try {
          return await asActor(
            context,
            (notLinked) => refusedView(loading, notLinked),
            async (actor) => {
              await deps.checkKeeper(actor.personId);
              return build();
            },
          );
        } catch (error) {
          if (!isAppError(error)) throw error;
          return refusedView(loading, appErrorText(locale, error));
        }
      };
      /** The person asking, once checked by `check`; null (and told so) when linked to nobody. */
      const checkedOrSay = (check: (personId: string) => Promise<string>): Promise<string | null> =>
        asActor(
          context,
          async (notLinked) => {
            await say(notLinked);
            return null;
          },
          (actor) => check(actor.personId),
        );

      switch (request.kind) {
        case 'help':
          await ack({ response_type: 'ephemeral', text: t(locale, 'supply.help') });
          return;
        case 'invalid':
          await ack({ response_type: 'ephemeral', text: invalidCommandText(request, locale) });
          return;
        case 'form':
          await ack();
          await openThenFill(buildSupplyRequestModal({ locale, catalog: null }), async () =>
            buildSupplyRequestModal({ locale, catalog: await deps.catalog() }),
          );
          return;
        case 'inline': {
          await ack();
          // The lookup is one small read; if it is slow the form opens anyway while the trigger lives.
          const lookup = deps.resolveLines(request.lines);
          const quick = await Promise.race([
            lookup,
            new Promise<null>((resolve) => setTimeout(() => resolve(null), INLINE_LOOKUP_MS)),
          ]);
          if (quick?.quantityMissing) {
            await say(invalidCommandText(quick.quantityMissing, locale));
            return;
          }
          if (quick?.resolved.every((l) => l.kind === 'found' && l.quantity > 0)) {
            const text = await asActor(
              context,
              (notLinked) => notLinked,
              async (actor) => {
                const started = await deps.startRequest({
                  workspaceId: teamId,
                  requesterPersonId: actor.personId,
                  lines: quick.resolved.map((l) => ({
                    itemId: (l as { item: CatalogItem }).item.id,
                    quantity: l.quantity,
                  })),
                  reason: '',
                  locale,
                  startKey: `command:${payload.trigger_id}`,
                });
                return tMrkdwn(locale, 'supply.request.started', {
                  title: started.title,
                  person: started.firstReviewer,
                });
              },
            );
            await say(text);
            return;
          }
          const form = (found: Awaited<typeof lookup>) =>
            buildSupplyRequestModal({
              locale,
              catalog: found.catalog,
              prefilled: prefilledLines(found.resolved),
              note: inlineNote(found.resolved, locale),
            });
          if (quick && trigger) {
            await client.views.open({ trigger_id: trigger, view: form(quick) });
            return;
          }
          const loading = buildSupplyRequestModal({ locale, catalog: null });
          await openThenFill(loading, async () => {
            const found = await lookup;
            return found.quantityMissing
              ? refusedView(loading, invalidCommandText(found.quantityMissing, locale))
              : form(found);
          });
          return;
        }
        case 'stock': {
          await ack();
          await say(buildSupplyStockText(await deps.catalog(), locale));
          return;
        }
        case 'import':
          // Who may import is checked when the form is sent (the trigger_id lives 3 s).
          await ack();
          if (trigger) await client.views.open({ trigger_id: trigger, view: buildSupplyImportModal(locale) });
          return;
        case 'stock_in': {
          await ack();
          const loading = buildSupplyStockInModal({ locale, catalog: null, today: deps.today() });
          await openThenFill(loading, () =>
            keeperView(loading, async () =>
              buildSupplyStockInModal({ locale, catalog: await deps.catalog(), today: deps.today() }),
            ),
          );
          return;
        }
        case 'count': {
          await ack();
          const loading = buildSupplyCountModal({ locale, catalog: null });
          await openThenFill(loading, () =>
            keeperView(loading, async () => buildSupplyCountModal({ locale, catalog: await deps.catalog() })),
          );
          return;
        }
        case 'edit': {
          await ack();
          const loading = buildSupplyEditModal({ locale, items: null });
          await openThenFill(loading, () =>
            keeperView(loading, async () => buildSupplyEditModal({ locale, items: await deps.allItems() })),
          );
          return;
        }
        case 'plan':
          await ack();
          await openThenFill(
            buildSupplyPlanModal({ locale, catalog: null, periods: deps.nextPeriods() }),
            async () =>
              buildSupplyPlanModal({ locale, catalog: await deps.catalog(), periods: deps.nextPeriods() }),
          );
          return;
        case 'owed': {
          await ack();
          if ((await checkedOrSay(deps.checkKeeper)) === null) return;
          const owed = await deps.owed();
          if (owed.length === 0) {
            await say(t(locale, 'supply.owed.none'));
            return;
          }
          const names = await deps.namesOf([...new Set(owed.map((o) => o.requesterId))], locale);
          const list = buildSupplyOwedBlocks(
            locale,
            owed.map((o) => ({ ...o, requester: names.get(o.requesterId) ?? o.requesterId })),
          );
          await respond({ response_type: 'ephemeral', replace_original: false, ...list });
          return;
        }
        case 'ledger':
        case 'plan_export': {
          await ack();
          if ((await checkedOrSay(deps.checkOffice)) === null) return;
          const period = request.kind === 'plan_export' ? (request.period ?? deps.defaultPeriod()) : null;
          const file =
            request.kind === 'ledger'
              ? await deps.ledgerCsv(request.year, locale)
              : await deps.planSummaryCsv(period as string, locale);
          if (file === null) {
            await say(
              request.kind === 'ledger'
                ? t(locale, 'supply.ledger.empty')
                : t(locale, 'supply.plan.empty', { period: period as string }),
            );
            return;
          }
          const filename =
            request.kind === 'ledger'
              ? `领用台账-${request.year ?? '全部'}.csv`
              : `办公用品计划汇总-${period}.csv`;
          const dm = await client.conversations.open({ users: payload.user_id });
          const channel = dm.channel?.id;
          if (!channel) throw new Error('conversations.open answered without a channel');
          await client.filesUploadV2({
            channel_id: channel,
            file: file.csv,
            filename,
            title: filename,
            initial_comment: t(locale, 'supply.export.ready', { file: filename, count: file.rows }),
          });
          return;
        }
        case 'plan_summary': {
          await ack();
          if ((await checkedOrSay(deps.checkOffice)) === null) return;
          const period = request.period ?? deps.defaultPeriod();
          const summary = await deps.planSummary(period);
          if (summary.rows.length === 0) {
            await say(t(locale, 'supply.plan.empty', { period }));
            return;
          }
          const sep = locale === 'en' ? ', ' : '、';
          const lines = summary.rows.map((r) => {
            const parts = [...r.byDepartment]
              .map(([d, q]) => `${deps.departmentName(d, locale)} ${q}`)
              .join(sep);
            return `• ${escapeMrkdwn(r.label)} ${r.total}${escapeMrkdwn(r.unit)} ¥${formatFen(r.estimateFen)}（${escapeMrkdwn(parts)}）`;
          });
          await say(
            truncateText(
              [
                t(locale, 'supply.plan.summary_header', { period, total: formatFen(summary.totalFen) }),
                ...lines,
              ].join('\n'),
              3000,
            ),
          );
          return;
        }
      }
    }),
  );

  app.view(CALLBACK_IDS.supplyRequestModal, async (args) => {
    const { ack, body, view, context, client } = args as unknown as ViewArgs;
    // Slack's time runs from the request's arrival: the lookups below count against it.
    const deadline = formDeadlineOf(workflow);
    const locale = await context.locale();
    const parsed = parseSupplyRequestSubmission(view.state.values, locale);
    if (!parsed.ok) {
      await ack({ response_action: 'errors', errors: parsed.errors });
      return;
    }
    // Started before the form closes: a refusal, or a database that does not answer within
    // Slack's time, is shown on the form; sending it again finds a late start by its key.
    const started = await commitBeforeClosing(ack, {
      deadline,
      errorBlock: lineBlockIds(1).item,
      locale,
      log: context.log,
      work: () =>
        actorWork(context, (actor) =>
          deps.startRequest({
            workspaceId: body.team?.id ?? null,
            requesterPersonId: actor.personId,
            ...parsed.value,
            locale,
            startKey: `view:${view.id}`,
          }),
        ),
    });
    if (!started) return;
    await sendDirectMessage(
      client,
      body.user.id,
      tMrkdwn(locale, 'supply.request.started', { title: started.title, person: started.firstReviewer }),
    );
  });

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

  /** A keeper's form: parse, check the keeper and do the work before closing, then DM the outcome. */
  const keeperForm = <T>(
    callbackId: string,
    /** `metadata`: the form's private_metadata (what it is about, when it is about one thing). */
    parse: (
      values: unknown,
      locale: Locale,
      metadata: string,
    ) => { ok: true; value: T } | { ok: false; errors: Record<string, string> },
    errorBlock: string,
    /** `viewId`: Slack's id of the submitted form, the key that books a form sent twice once. */
    work: (
      actorId: string,
      value: T,
      locale: Locale,
      viewId: string,
    ) => Promise<string | { errors: Record<string, string> }>,
  ) => {
    app.view(callbackId, async (args) => {
      const { ack, body, view, context, client } = args as unknown as ViewArgs;
      // Slack's time runs from the request's arrival: the lookups below count against it.
      const deadline = formDeadlineOf(workflow);
      const locale = await context.locale();
      const parsed = parse(view.state.values, locale, view.private_metadata);
      if (!parsed.ok) {
        await ack({ response_action: 'errors', errors: parsed.errors });
        return;
      }
      // The keeper is checked and the work committed before the form closes; a refusal, a failure
      // or a database that does not answer in time is shown on the form, which stays open.
      const text = await commitBeforeClosing(ack, {
        deadline,
        errorBlock,
        locale,
        log: context.log,
        work: () =>
          asActor<FormWork<string>, FormWork<string>>(
            context,
            (error) => ({ ok: false, error }),
            async (actor) => {
              const checked = await deps.checkKeeper(actor.personId);
              let done: Awaited<ReturnType<typeof work>>;
              try {
                done = await work(checked, parsed.value, locale, view.id);
              } catch (error) {
                // The same form booked before (its first send committed after Slack was told it could
                // not be confirmed): done already, so the form closes and the DM says so.
                if (isAppError(error) && error.code === 'supply_already_booked')
                  return { ok: true, value: appErrorMrkdwn(locale, error) };
                throw error;
              }
              // Refused on the form: nothing was written.
              if (typeof done !== 'string') return { ok: false, errors: done.errors };
              return { ok: true, value: done };
            },
          ),
      });
      if (text === null) return;
      await sendDirectMessage(client, body.user.id, text);
    });
  };

  keeperForm(
    CALLBACK_IDS.supplyImportModal,
    parseSupplyImportSubmission,
    BLOCK_IDS.supplyCsv,
    async (actorId, csv, locale) => {
      const parsed = deps.parseCatalogCsv(csv);
      if (!parsed.ok) return { errors: { [BLOCK_IDS.supplyCsv]: importErrorText(parsed, locale) } };
      const result = await deps.importCatalog(actorId, parsed.rows);
      const ignored = result.stockIgnored.map((s) =>
        tMrkdwn(locale, 'supply.import.stock_ignored', {
          item: itemLabel(s),
          booked: s.booked,
          file: s.inFile,
        }),
      );
      return truncateText(
        [
          t(locale, 'supply.import.done', {
            created: result.created,
            updated: result.updated,
            unchanged: result.unchanged,
          }),
          ...ignored,
        ].join('\n'),
        3000,
      );
    },
  );

  keeperForm(
    CALLBACK_IDS.supplyStockInModal,
    parseSupplyStockInSubmission,
    BLOCK_IDS.supplyItem,
    async (actorId, value, locale, viewId) => {
      const done = await deps.stockIn(actorId, value, `view:${viewId}`);
      return tMrkdwn(locale, 'supply.in.done', {
        item: done.label,
        quantity: value.quantity,
        unit: done.unit,
        stock: done.balanceAfter,
        supplier: value.supplier,
      });
    },
  );

  // 补发 from `/supply owed`: the form first (the trigger lives 3 s), filled from the line now;
  // who may issue, what is owed and what is in stock are checked again when it is sent.
  app.action(ACTION_IDS.supplyIssueOwed, async (args) => {
    const { ack, action, body, client, context, respond } = args as unknown as ButtonArgs;
    await ack();
    const locale = await context.locale();
    const line = (await deps.owed()).find((l) => l.lineId === action.value);
    if (!line) {
      await respond({
        response_type: 'ephemeral',
        replace_original: false,
        text: t(locale, 'error.supply_owed_none'),
      });
      return;
    }
    const names = await deps.namesOf([line.requesterId], locale);
    await client.views.open({
      trigger_id: body.trigger_id,
      view: buildSupplyOwedModal({
        locale,
        line: { ...line, requester: names.get(line.requesterId) ?? line.requesterId },
      }),
    });
  });

  keeperForm(
    CALLBACK_IDS.supplyOwedModal,
    parseSupplyOwedSubmission,
    BLOCK_IDS.supplyQuantity,
    async (actorId, value, locale, viewId) => {
      let done: Awaited<ReturnType<typeof deps.issueOwed>>;
      try {
        done = await deps.issueOwed(actorId, value.lineId, value.quantity, `view:${viewId}`);
      } catch (error) {
        // More than is owed or in stock now: said on the form, so the keeper can correct it.
        if (!isAppError(error) || !['supply_owed_over', 'supply_out_of_stock'].includes(error.code))
          throw error;
        return { errors: { [BLOCK_IDS.supplyQuantity]: appErrorText(locale, error) } };
      }
      const names = await deps.namesOf([done.requesterId], locale);
      return tMrkdwn(locale, 'supply.owed.done', {
        item: done.label,
        quantity: done.quantity,
        unit: done.unit,
        owed: done.owedAfter,
        stock: done.balanceAfter,
        person: names.get(done.requesterId) ?? done.requesterId,
      });
    },
  );

  keeperForm(
    CALLBACK_IDS.supplyEditModal,
    parseSupplyEditSubmission,
    BLOCK_IDS.supplyItem,
    async (actorId, value, locale) => {
      const { itemId, ...change } = value;
      const { before, after } = await deps.changeItem(actorId, itemId, change);
      const changes: string[] = [];
      if (before.unit !== after.unit)
        changes.push(tMrkdwn(locale, 'supply.edit.change.unit', { from: before.unit, to: after.unit }));
      if (before.unitPriceFen !== after.unitPriceFen) {
        changes.push(
          t(locale, 'supply.edit.change.price', {
            from: formatFen(before.unitPriceFen),
            to: formatFen(after.unitPriceFen),
          }),
        );
      }
      if (before.lowStockThreshold !== after.lowStockThreshold) {
        changes.push(
          t(locale, 'supply.edit.change.threshold', {
            from: before.lowStockThreshold,
            to: after.lowStockThreshold,
          }),
        );
      }
      if (before.active !== after.active)
        changes.push(
          t(locale, after.active ? 'supply.edit.change.restored' : 'supply.edit.change.withdrawn'),
        );
      return tMrkdwn(locale, 'supply.edit.done', {
        item: itemLabel(after),
        changes:
          changes.length > 0
            ? changes.join(locale === 'en' ? ', ' : '，')
            : t(locale, 'supply.edit.change.none'),
      });
    },
  );

  keeperForm(
    CALLBACK_IDS.supplyCountModal,
    parseSupplyCountSubmission,
    BLOCK_IDS.supplyReason,
    async (actorId, value, locale) => {
      try {
        const report = await deps.stockTake(actorId, value.counted, value.reason);
        if (report.length === 0) return t(locale, 'supply.count.match');
        const lines = report.map((r) =>
          tMrkdwn(locale, 'supply.count.difference', {
            item: r.label,
            booked: r.booked,
            counted: r.counted,
            difference: r.difference > 0 ? `+${r.difference}` : String(r.difference),
            unit: r.unit,
          }),
        );
        return truncateText(
          [t(locale, 'supply.count.done', { count: report.length }), ...lines].join('\n'),
          3000,
        );
      } catch (error) {
        if (isAppError(error) && error.code === 'supply_reason_required')
          return { errors: { [BLOCK_IDS.supplyReason]: appErrorText(locale, error) } };
        throw error;
      }
    },
  );

  app.view(CALLBACK_IDS.supplyPlanModal, async (args) => {
    const { ack, body, view, context, client } = args as unknown as ViewArgs;
    // Slack's time runs from the request's arrival: the lookups below count against it.
    const deadline = formDeadlineOf(workflow);
    const locale = await context.locale();
    const parsed = parseSupplyPlanSubmission(view.state.values, locale);
    if (!parsed.ok) {
      await ack({ response_action: 'errors', errors: parsed.errors });
      return;
    }
    // The plan is saved before the form closes; a refusal or a database that does not answer in
    // time is shown on the form, which stays open.
    const done = await commitBeforeClosing(ack, {
      deadline,
      errorBlock: BLOCK_IDS.supplyPeriod,
      locale,
      log: context.log,
      work: () =>
        actorWork(context, (actor) =>
          deps.submitPlan(actor.personId, parsed.value.period, parsed.value.lines),
        ),
    });
    if (!done) return;
    await sendDirectMessage(
      client,
      body.user.id,
      t(locale, 'supply.plan.done', {
        period: parsed.value.period,
        department: deps.departmentName(done.departmentId, locale),
        count: done.lines,
      }),
    );
  });
}

/**
 * What the issue form says beside a quantity above the request or the stock, or beside the
 * reason when nothing at all is issued without one (无货); null when all fit.
 */
export function issueFormErrors(
  lines: ReadonlyArray<{ itemId: string; label: string; unit: string; requested: number; stock: number }>,
  quantities: ReadonlyMap<string, number>,
  locale: Locale,
  reason: string,
): Record<string, string> | null {
  const errors: Record<string, string> = {};
  for (const line of lines) {
    const quantity = quantities.get(line.itemId) ?? 0;
    const block = `${BLOCK_IDS.supplyIssuePrefix}:${line.itemId}`;
    const params = {
      item: line.label,
      requested: line.requested,
      stock: line.stock,
      quantity,
      unit: line.unit,
    };
    if (quantity > line.requested) errors[block] = t(locale, 'error.supply_issue_over', params);
    else if (quantity > line.stock) errors[block] = t(locale, 'error.supply_out_of_stock', params);
  }
  if (lines.length > 0 && reason === '' && lines.every((l) => (quantities.get(l.itemId) ?? 0) === 0)) {
    errors[BLOCK_IDS.supplyReason] = t(locale, 'error.supply_issue_reason_required');
  }
  return Object.keys(errors).length > 0 ? errors : null;
}

/** What `/supply …` that could not be read says, in the user's language (the typed text escaped). */
export function invalidCommandText(
  request: Extract<SupplyCommand, { kind: 'invalid' }>,
  locale: Locale,
): string {
  const echo = (typed: string) => escapeMrkdwn(truncateText(typed.replace(/[`\n]/g, ' '), 40));
  if (request.reason === 'quantity_missing')
    return t(locale, 'supply.invalid.quantity_missing', {
      item: echo(request.item),
      word: echo(request.word),
    });
  return t(locale, `supply.invalid.${request.reason}`, { input: echo(request.input) });
}

/** Every problem of an import, by line, within what the form can show beside the field. */
export function importErrorText(
  parsed: Extract<ReturnType<SupplyChatDeps['parseCatalogCsv']>, { ok: false }>,
  locale: Locale,
): string {
  if (parsed.malformedAt !== null)
    return t(locale, 'supply.import.error.malformed', { line: parsed.malformedAt });
  if (parsed.missingColumns.length > 0) {
    return t(locale, 'supply.import.error.columns', {
      columns: parsed.missingColumns
        .map((c) => t(locale, `supply.import.column.${c}` as 'supply.import.column.name'))
        .join(locale === 'en' ? ', ' : '、'),
    });
  }
  const lines = parsed.errors.map((e) =>
    t(locale, 'supply.import.error.line', {
      line: e.line,
      column: e.column ?? '—',
      problem: t(locale, `supply.import.problem.${e.problem}` as 'supply.import.problem.missing'),
    }),
  );
  return truncateText(
    [t(locale, 'supply.import.error.header', { count: parsed.errors.length }), ...lines].join(' '),
    1900,
  );
}
