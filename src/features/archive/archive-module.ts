// The archive (档案) as a feature: loans (借阅/复制) with the loan row written in the start's and
// each click's transaction, destruction (销毁) with its register at the last approval, the
// quarterly retention appraisal, the lent file's delivery, `/archive` and the archivist's forms.

import {
  ARCHIVE_DESTROY_DEFINITION,
  LOAN_DEFINITIONS,
  loanKindOf,
} from '../../domain/archive/loan-definitions.ts';
import type { Feature } from '../feature-module.ts';
import { createArchiveChatDeps } from './archive-chat.ts';
import { archiveButtons, archiveCommands } from './archive-commands.ts';
import { archiveWebForms } from './archive-web-forms.ts';
import { destructionCardFields, destructionHook } from './destruction.ts';
import { ARCHIVE_FILE_KIND } from './file-retrieval.ts';
import { createArchiveLoanChatDeps } from './loan-chat.ts';
import { loanStepWebForms } from './loan-step-forms.ts';
import { loanCardFields, loanStartHooks, loanTransitionHooks } from './loans.ts';
import { ARCHIVE_MESSAGES } from './messages.ts';
import { sendQuarterlyAppraisal } from './retention.ts';

/** Always enabled: the archive needs nothing from the organisation file beyond its roles. */
export const archiveFeature: Feature = ({ settings, prisma, clock, people, onOutboxWritten }) => {
  const { timeZone } = settings;
  return {
    name: 'archive',
    messages: ARCHIVE_MESSAGES,
    definitions: [...LOAN_DEFINITIONS, ARCHIVE_DESTROY_DEFINITION],
    startHooks: loanStartHooks(timeZone),
    transitionHooks: new Map([
      ...loanTransitionHooks(timeZone),
      [ARCHIVE_DESTROY_DEFINITION.id, destructionHook()],
    ]),
    cards: {
      fields: new Map([
        ...LOAN_DEFINITIONS.map((d) => [d.id, loanCardFields] as const),
        [ARCHIVE_DESTROY_DEFINITION.id, destructionCardFields],
      ]),
      // A loan's end is a return (or copies handed over), not an approval.
      wordings: new Map(LOAN_DEFINITIONS.map((d) => [d.id, { family: `archive_${loanKindOf(d.id)}` }])),
    },
    // A lent electronic record's file, to the borrower after its fixity check (出借).
    outboxKinds: [ARCHIVE_FILE_KIND],
    tasks: [
      {
        name: 'archive.quarterly-appraisal',
        run: (now) => sendQuarterlyAppraisal(prisma, now, { onOutboxWritten }),
      },
    ],
    chat: ({ service, refreshCard, logger }) => {
      const archiveLoans = createArchiveLoanChatDeps({
        prisma,
        service,
        clock,
        timeZone,
        namesOf: people.namesOf,
      });
      const archive = createArchiveChatDeps({ prisma, clock, timeZone });
      const commandDeps = { catalog: archive, loans: archiveLoans };
      return {
        // `/archive`, its sub-commands and the buttons of its replies, on every platform.
        commands: archiveCommands(commandDeps),
        buttons: archiveButtons(commandDeps),
        // The forms (a modal on Slack, a web page elsewhere): the archivist's 出借, 归还 and 已复制,
        // each its step's own form, then `/archive add`, the loan request and 提请销毁.
        webForms: [
          ...loanStepWebForms(
            { service, namesOf: people.namesOf, timeZone, refreshCard, log: logger },
            archiveLoans,
          ),
          ...archiveWebForms(commandDeps),
        ],
      };
    },
  };
};
