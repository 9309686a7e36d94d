// The keeper's /supply forms, on every platform (a modal on Slack, a page where the platform has
// none): the catalog import, stock-in (入库), the stock-take (盘点), the catalog form (目录维护) and
// 补发 of one owed line. The keeper is checked when the form is sent, a refusal is said beside the
// fields it concerns, and the form's key (a link's id, a modal's) books a form sent twice once.

import { appErrorText } from '../../chat/core/flow.ts';
import type { FormSpec, FormValues } from '../../chat/core/form-spec.ts';
import type { WebFormContext, WebFormHandler, WebFormOutcome } from '../../chat/core/web-form.ts';
import { isAppError } from '../../shared/errors.ts';
import { t } from '../../shared/i18n.ts';
import type { SupplyChatService } from './supply-chat.ts';
import {
  readSupplyCountForm,
  readSupplyEditForm,
  readSupplyImportForm,
  readSupplyOwedForm,
  readSupplyStockInForm,
  SUPPLY_FORM_IDS,
  type SupplyFormReading,
  supplyCountFormSpec,
  supplyEditFormSpec,
  supplyImportFormSpec,
  supplyOwedFormSpec,
  supplyStockInFormSpec,
} from './supply-forms.ts';
import { SUPPLY_OWED_PARAM } from './supply-keeper-commands.ts';
import {
  changeItemWork,
  importCatalogWork,
  issueOwedWork,
  type KeeperWork,
  stockInWork,
  stockTakeWork,
} from './supply-keeper-forms.ts';
import { applying } from './supply-web-forms.ts';

/** What the keeper's web forms need of the supply feature. */
export type SupplyKeeperWebFormDeps = SupplyChatService;

/** The value of a submission `validateForm` passed (its check is the spec's own, so it reads). */
function passed<T>(reading: SupplyFormReading<T>): T {
  if (!reading.ok) throw new Error('a submission the form’s check passed did not read');
  return reading.value;
}

/** One keeper's form: how it loads, how a checked submission reads, and its work. */
function keeperWebForm<T>(
  deps: SupplyKeeperWebFormDeps,
  form: {
    formId: string;
    load(context: WebFormContext): Promise<FormSpec | null>;
    /** The value, or a refusal of what the link carries (nothing applied). */
    read(values: FormValues, context: WebFormContext): Promise<T | { refused: string }>;
    work: KeeperWork<T>;
  },
): WebFormHandler {
  return {
    formId: form.formId,
    load: form.load,
    async submit(context, values): Promise<WebFormOutcome> {
      const { locale } = context;
      const value = await form.read(values, context);
      if (isRefusal(value)) return { ok: false, message: value.refused };
      return applying(locale, async () => {
        const keeper = await deps.checkKeeper(context.personId);
        try {
          const outcome = await form.work(deps, keeper, value, locale, context.key);
          // Refused beside the fields concerned: nothing was written.
          if (!outcome.ok) {
            return { ok: false, message: Object.values(outcome.errors).join(' '), fields: outcome.errors };
          }
          return { ok: true, message: outcome.text };
        } catch (error) {
          // The same link booked before: done already, which is what the keeper is told.
          if (isAppError(error) && error.code === 'supply_already_booked') {
            return { ok: true, message: appErrorText(locale, error) };
          }
          throw error;
        }
      });
    },
  };
}

function isRefusal(value: unknown): value is { refused: string } {
  return typeof value === 'object' && value !== null && 'refused' in value;
}

/** The keeper's forms on the web. */
export function supplyKeeperWebForms(deps: SupplyKeeperWebFormDeps): WebFormHandler[] {
  return [
    keeperWebForm(deps, {
      formId: SUPPLY_FORM_IDS.import,
      load: async () => supplyImportFormSpec(),
      read: async (values) => readSupplyImportForm(values),
      work: importCatalogWork,
    }),
    keeperWebForm(deps, {
      formId: SUPPLY_FORM_IDS.stockIn,
      load: async () => supplyStockInFormSpec({ catalog: await deps.catalog(), today: deps.today() }),
      read: async (values) => passed(readSupplyStockInForm(values)),
      work: stockInWork,
    }),
    keeperWebForm(deps, {
      formId: SUPPLY_FORM_IDS.count,
      load: async () => supplyCountFormSpec({ catalog: await deps.catalog() }),
      // The counted items are the form's fields: read against the catalog, as far as it was sent.
      read: async (values) =>
        passed(readSupplyCountForm(supplyCountFormSpec({ catalog: await deps.catalog() }), values)),
      work: stockTakeWork,
    }),
    keeperWebForm(deps, {
      formId: SUPPLY_FORM_IDS.edit,
      load: async () => supplyEditFormSpec({ items: await deps.allItems() }),
      read: async (values) => passed(readSupplyEditForm(values)),
      work: changeItemWork,
    }),
    keeperWebForm(deps, {
      formId: SUPPLY_FORM_IDS.owed,
      // Gone once nothing is owed on the line any more.
      async load(context) {
        const line = (await deps.owed()).find((l) => l.lineId === context.params[SUPPLY_OWED_PARAM]);
        if (!line) return null;
        const names = await deps.namesOf([line.requesterId], context.locale);
        return supplyOwedFormSpec({
          line: { ...line, requester: names.get(line.requesterId) ?? line.requesterId },
        });
      },
      async read(values, context) {
        const lineId = context.params[SUPPLY_OWED_PARAM] ?? '';
        if (!/^\d{1,18}$/.test(lineId)) return { refused: t(context.locale, 'error.invalid_payload') };
        return { lineId: BigInt(lineId), quantity: passed(readSupplyOwedForm(values)).quantity };
      },
      work: issueOwedWork,
    }),
  ];
}
