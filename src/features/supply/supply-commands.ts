// `/supply` for every platform: the text after the command read once (by the domain's parser)
// and each sub-command answered: a reply, a form to fill in, a file, or a refusal. The requester's
// part (the form, an inline request, the stock, the plan) is here; the keeper's lists and forms
// and the office's summaries and exports are beside it.

import type {
  ButtonHandler,
  CommandAnswer,
  CommandContext,
  CommandHandler,
} from '../../chat/core/commands.ts';
import { asPerson, formAnswer, replyAnswer } from '../../chat/core/commands.ts';
import { textReply } from '../../chat/core/reply.ts';
import { parseSupplyCommand } from '../../domain/supply/command.ts';
import type { SupplyChatService } from './supply-chat.ts';
import {
  SUPPLY_FORM_IDS,
  supplyImportFormSpec,
  supplyPlanFormSpec,
  supplyRequestFormSpec,
} from './supply-forms.ts';
import { answerInline } from './supply-inline.ts';
import { answerKeeperForm, answerOwed, owedButton } from './supply-keeper-commands.ts';
import { answerExport, answerPlanSummary } from './supply-office-commands.ts';
import { invalidCommandRich, supplyHelpReply, supplyStockReply } from './supply-replies.ts';

/** The command's name: `/supply` on Slack, the first word where commands are typed. */
export const SUPPLY_COMMAND = 'supply';

/** What `/supply` needs of the feature's services. */
export type SupplyCommandDeps = SupplyChatService;

/** `/supply` and the buttons of its replies. */
export function supplyCommands(deps: SupplyCommandDeps): {
  commands: CommandHandler[];
  buttons: ButtonHandler[];
} {
  return {
    commands: [
      {
        command: SUPPLY_COMMAND,
        // Where commands are typed as text: 领用 A4纸 2 asks for supplies, 领用 stock shows the stock.
        words: ['领用', '办公用品'],
        handle: (text, context) => answerSupply(deps, text, context),
      },
    ],
    buttons: [owedButton(deps)],
  };
}

/** One `/supply …`: its sub-command read, then answered. */
export async function answerSupply(
  deps: SupplyCommandDeps,
  text: string,
  context: CommandContext,
): Promise<CommandAnswer> {
  const { locale } = context;
  const request = parseSupplyCommand(text);
  context.log.info({ sub: request.kind }, 'supply command');
  switch (request.kind) {
    case 'help':
      return replyAnswer(supplyHelpReply(locale));
    case 'invalid':
      return replyAnswer(textReply(invalidCommandRich(request, locale)));
    case 'form':
      return formAnswer(SUPPLY_FORM_IDS.request, supplyRequestFormSpec({ catalog: await deps.catalog() }));
    case 'inline':
      return answerInline(deps, request.lines, context);
    case 'stock':
      return replyAnswer(supplyStockReply(await deps.catalog(), locale));
    case 'import':
      // Who may import is checked when the form is sent, as the form always did.
      return formAnswer(SUPPLY_FORM_IDS.import, supplyImportFormSpec());
    case 'stock_in':
    case 'count':
    case 'edit':
      return answerKeeperForm(deps, request.kind, context);
    case 'plan':
      return formAnswer(
        SUPPLY_FORM_IDS.plan,
        supplyPlanFormSpec({ catalog: await deps.catalog(), periods: deps.nextPeriods() }),
      );
    case 'owed':
      return asPerson(context, (actor) => answerOwed(deps, actor.personId, locale));
    case 'ledger':
    case 'plan_export':
      return asPerson(context, (actor) => answerExport(deps, actor.personId, request, locale));
    case 'plan_summary':
      return asPerson(context, (actor) => answerPlanSummary(deps, actor.personId, request.period, locale));
  }
}
