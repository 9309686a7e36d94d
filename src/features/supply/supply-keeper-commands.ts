// The keeper's part of `/supply`: the forms for stock-in (入库), the stock-take (盘点) and the
// catalog (目录维护), opened for the keeper only; the owed list (欠发) and its 补发 button, whose
// form is about one owed line. What the forms do when sent is checked again then.

import {
  asPerson,
  type ButtonHandler,
  type CommandAnswer,
  type CommandContext,
  formAnswer,
  replyAnswer,
  textAnswer,
} from '../../chat/core/commands.ts';
import { type Locale, t } from '../../shared/i18n.ts';
import type { SupplyChatService } from './supply-chat.ts';
import {
  SUPPLY_FORM_IDS,
  supplyCountFormSpec,
  supplyEditFormSpec,
  supplyOwedFormSpec,
  supplyStockInFormSpec,
} from './supply-forms.ts';
import { SUPPLY_ACTIONS, supplyOwedReply } from './supply-replies.ts';

/** The params of the 补发 form: the owed line it issues (on Slack, the modal's private_metadata). */
export const SUPPLY_OWED_PARAM = 'line';

/** `/supply in`, `count` and `edit`: the keeper's form, filled from the catalog; anyone else is refused. */
export function answerKeeperForm(
  deps: Pick<SupplyChatService, 'checkKeeper' | 'catalog' | 'allItems' | 'today'>,
  kind: 'stock_in' | 'count' | 'edit',
  context: CommandContext,
): Promise<CommandAnswer> {
  return asPerson(context, async (actor) => {
    await deps.checkKeeper(actor.personId);
    switch (kind) {
      case 'stock_in':
        return formAnswer(
          SUPPLY_FORM_IDS.stockIn,
          supplyStockInFormSpec({ catalog: await deps.catalog(), today: deps.today() }),
        );
      case 'count':
        return formAnswer(SUPPLY_FORM_IDS.count, supplyCountFormSpec({ catalog: await deps.catalog() }));
      case 'edit':
        return formAnswer(SUPPLY_FORM_IDS.edit, supplyEditFormSpec({ items: await deps.allItems() }));
    }
  });
}

/** `/supply owed`: the keeper's list of what is owed, with 补发 on each line there is stock for. */
export async function answerOwed(
  deps: Pick<SupplyChatService, 'checkKeeper' | 'owed' | 'namesOf'>,
  personId: string,
  locale: Locale,
): Promise<CommandAnswer> {
  await deps.checkKeeper(personId);
  const owed = await deps.owed();
  const names = await deps.namesOf([...new Set(owed.map((o) => o.requesterId))], locale);
  return replyAnswer(
    supplyOwedReply(
      locale,
      owed.map((o) => ({ ...o, requester: names.get(o.requesterId) ?? o.requesterId })),
    ),
  );
}

/**
 * 补发 on an owed line: its form, filled from the line now (a line issued meanwhile is said to be
 * owed no more); who may issue, what is owed and what is in stock are checked when it is sent.
 */
export function owedButton(deps: Pick<SupplyChatService, 'owed' | 'namesOf'>): ButtonHandler {
  return {
    action: SUPPLY_ACTIONS.issueOwed,
    async press(value, context) {
      const { locale } = context;
      const line = (await deps.owed()).find((l) => l.lineId === value);
      if (!line) return textAnswer(t(locale, 'error.supply_owed_none'));
      const names = await deps.namesOf([line.requesterId], locale);
      return formAnswer(
        SUPPLY_FORM_IDS.owed,
        supplyOwedFormSpec({ line: { ...line, requester: names.get(line.requesterId) ?? line.requesterId } }),
        { [SUPPLY_OWED_PARAM]: line.lineId },
      );
    },
  };
}
