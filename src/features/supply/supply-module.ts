// Office supplies (办公用品) as a feature: the request route (with or without the department
// head), the keeper's issue in the click's transaction (stock out, ledger, owed, low-stock
// alerts), the card's item fields, `/supply` and the keeper's issue form.

import { supplyRequestDefinition } from '../../domain/supply/definition.ts';
import type { Locale } from '../../shared/i18n.ts';
import type { Feature } from '../feature-module.ts';
import { SUPPLY_MESSAGES } from './messages.ts';
import { supplyCardFields, supplyIssueHook, supplyNotice, supplyWording } from './requests.ts';
import { SUPPLY_LOW_STOCK_KIND } from './stock.ts';
import { createSupplyChatDeps } from './supply-chat.ts';
import { supplyCommands } from './supply-commands.ts';
import { supplyIssueWebForm } from './supply-issue-web-form.ts';
import { supplyKeeperWebForms } from './supply-keeper-web-forms.ts';
import { supplyPlanWebForm, supplyRequestWebForm } from './supply-web-forms.ts';

/** Enabled when the settings carry a supply part (the organisation file always gives one). */
export const supplyFeature: Feature = ({ settings, prisma, clock, people, onOutboxWritten }) => {
  const { supply } = settings;
  if (!supply) return null;
  const definition = supplyRequestDefinition({ departmentReview: supply.departmentReview });
  const only = <T>(value: T) => new Map([[definition.id, value]]);
  const departmentName = (id: string, locale: Locale) => {
    const department = supply.departments.find((d) => d.id === id);
    if (!department) return id;
    return locale === 'en' ? (department.nameEn ?? department.name) : department.name;
  };
  return {
    name: 'supply',
    messages: SUPPLY_MESSAGES,
    definitions: [definition],
    transitionHooks: only(supplyIssueHook({ timeZone: settings.timeZone })),
    cards: {
      fields: only(supplyCardFields),
      wordings: only(supplyWording),
      // A request closed with nothing issued tells the requester why, not "approved".
      notices: only(supplyNotice),
    },
    outboxKinds: [SUPPLY_LOW_STOCK_KIND],
    chat: ({ service, refreshCard, logger }) => {
      const chat = createSupplyChatDeps({
        prisma,
        service,
        clock,
        timeZone: settings.timeZone,
        namesOf: people.namesOf,
        departmentName,
        onOutboxWritten,
      });
      return {
        // The forms /supply opens, and 发放 from the card (the issuing step's own form).
        webForms: [
          supplyRequestWebForm(chat),
          supplyPlanWebForm(chat),
          ...supplyKeeperWebForms(chat),
          supplyIssueWebForm(
            { service, namesOf: people.namesOf, timeZone: settings.timeZone, refreshCard, log: logger },
            chat,
          ),
        ],
        // `/supply` and its 补发 button, answered on every platform.
        ...supplyCommands(chat),
      };
    },
  };
};
