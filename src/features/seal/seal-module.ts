// Seals (用印) as a feature: the two routes, the register row written at 已盖章, the card's seal
// fields (and the hold while a seal is out of use), `/seal` with its 报告遗失 button and their
// forms on the web, and the custodian's stamp form.

import { SEAL_DEFINITIONS } from '../../domain/seal/seal-request.ts';
import type { Feature } from '../feature-module.ts';
import { SEAL_MESSAGES } from './messages.ts';
import { createSealChatDeps } from './seal-chat.ts';
import { sealButtons, sealCommands } from './seal-commands.ts';
import { sealLostWebForm } from './seal-lost-web-form.ts';
import { sealRequestWebForm } from './seal-request-web-form.ts';
import { sealCardFields, sealHoldFields, sealTransitionHooks, sealWording } from './seal-service.ts';
import { sealStampWebForm } from './seal-stamp-web-form.ts';

/** Enabled when the organisation file lists the unit's seals. */
export const sealFeature: Feature = ({ settings, prisma, clock, people, onOutboxWritten }) => {
  const { seals } = settings;
  if (!seals) return null;
  const byDefinition = <T>(value: T) => new Map(SEAL_DEFINITIONS.map((d) => [d.id, value] as const));
  return {
    name: 'seal',
    messages: SEAL_MESSAGES,
    definitions: SEAL_DEFINITIONS,
    transitionHooks: sealTransitionHooks(),
    cards: {
      fields: byDefinition(sealCardFields(seals)),
      // A seal request held while its seal is out of use says so on its card.
      liveFields: byDefinition(sealHoldFields),
      wordings: byDefinition(sealWording),
    },
    chat: ({ service, refreshCard, logger }) => {
      const seal = createSealChatDeps({
        prisma,
        service,
        clock,
        timeZone: settings.timeZone,
        namesOf: people.namesOf,
        onOutboxWritten,
      });
      return {
        // The forms `/seal` and 报告遗失 open (a modal on Slack, a web page elsewhere).
        webForms: [
          sealRequestWebForm(seal),
          sealLostWebForm(seal),
          // 已盖章: the stamping step's own form.
          sealStampWebForm(
            { service, namesOf: people.namesOf, timeZone: settings.timeZone, refreshCard, log: logger },
            seal,
          ),
        ],
        commands: sealCommands(seal),
        buttons: sealButtons(seal),
      };
    },
  };
};
