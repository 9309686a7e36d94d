// Official documents (公文) as a feature: outgoing (发文) and incoming (收文) routes with their
// numbering, distribution and registration hooks, the cards' fields and the hand-off to the
// archive (归档), `doc` with its lists, registers and forms, and the 批办 and 签发 forms.

import type { CardFieldsOf } from '../../chat/core/card-assembly.ts';
import { INCOMING_DEFINITION } from '../../domain/documents/incoming.ts';
import { OUTGOING_DEFINITIONS } from '../../domain/documents/outgoing.ts';
import { loadDirectorySnapshot } from '../../org/directory-snapshot.ts';
import type { Locale } from '../../shared/i18n.ts';
import type { Feature } from '../feature-module.ts';
import { archiveCardExtras, archiveCardFields } from './archive-handoff.ts';
import { docArchiveButton } from './card-forms.ts';
import { createDocCardFormsChatDeps } from './card-forms-chat.ts';
import { docCardWebForms } from './card-web-forms.ts';
import { docCommand, docListOpenButton } from './doc-commands.ts';
import { createDocListChatDeps } from './doc-lists-chat.ts';
import { docNewWebForm, docReceiveWebForm } from './doc-web-forms.ts';
import { createDocumentChatDeps, createIncomingChatDeps } from './document-chat.ts';
import {
  incomingCardFields,
  incomingStartHook,
  incomingTransitionHook,
  incomingWording,
} from './incoming-documents.ts';
import { DOCUMENTS_MESSAGES } from './messages.ts';
import { outgoingCardFields, outgoingTransitionHooks, outgoingWording } from './outgoing-documents.ts';

/** Enabled when the organisation file gives the unit's numbering rules and departments. */
export const documentsFeature: Feature = (environment) => {
  const { settings, prisma, clock, people, onOutboxWritten } = environment;
  const { documents, timeZone } = settings;
  if (!documents) return null;
  const { unit, departments } = documents;
  const allDefinitions = [...OUTGOING_DEFINITIONS, INCOMING_DEFINITION];
  const departmentName = (id: string, locale: Locale) => {
    const department = departments.find((d) => d.id === id);
    return department ? (locale === 'en' ? (department.nameEn ?? department.name) : department.name) : id;
  };
  // A finished document's card also shows its hand-off to the archive, and offers 归档.
  const archived = archiveCardFields(unit.timeZone);
  const withArchive =
    (fieldsOf: CardFieldsOf): CardFieldsOf =>
    (instance, locale) => [...fieldsOf(instance, locale), ...archived(instance, locale)];
  const outgoingFields = withArchive(outgoingCardFields(unit, departmentName));
  return {
    name: 'documents',
    messages: DOCUMENTS_MESSAGES,
    definitions: allDefinitions,
    startHooks: new Map([[INCOMING_DEFINITION.id, incomingStartHook(unit)]]),
    transitionHooks: new Map([
      ...outgoingTransitionHooks(unit),
      [INCOMING_DEFINITION.id, incomingTransitionHook()],
    ]),
    cards: {
      fields: new Map([
        ...OUTGOING_DEFINITIONS.map((d) => [d.id, outgoingFields] as const),
        [INCOMING_DEFINITION.id, withArchive(incomingCardFields(departmentName))],
      ]),
      extras: new Map(allDefinitions.map((d) => [d.id, archiveCardExtras])),
      wordings: new Map([
        ...OUTGOING_DEFINITIONS.map((d) => [d.id, outgoingWording] as const),
        [INCOMING_DEFINITION.id, incomingWording],
      ]),
    },
    chat: ({ service, definitions, refreshCard, logger }) => {
      const incoming = createIncomingChatDeps({
        prisma,
        service,
        clock,
        timeZone,
        namesOf: people.namesOf,
        directory: { departments, people: documents.people },
      });
      const docCardForms = createDocCardFormsChatDeps({
        prisma,
        clock,
        timeZone,
        onOutboxWritten,
      });
      const formOptions = { docTypes: unit.docTypes, departments };
      const outgoing = createDocumentChatDeps({
        prisma,
        service,
        loadDirectory: loadDirectorySnapshot,
        namesOf: people.namesOf,
        formOptions,
      });
      // `doc` lists and registers, and the 打开 button of their rows.
      const lists = createDocListChatDeps({
        prisma,
        clock,
        onOutboxWritten,
        definitions,
        unit,
        departments,
        namesOf: people.namesOf,
      });
      return {
        commands: [docCommand({ lists, formOptions, today: incoming.today })],
        // The rows' 打开, and 归档 on a finished document's card.
        buttons: [docListOpenButton(lists), docArchiveButton()],
        // The forms (a modal on Slack, a web page elsewhere). Steps that choose params open their
        // own form from the card: 批办 (readers, handler, time limit) and 签发 (the distribution and
        // copies the leader fixes); then 归档移交.
        webForms: [
          ...docCardWebForms({
            chat: { service, namesOf: people.namesOf, timeZone, refreshCard, log: logger },
            incoming,
            cardForms: docCardForms,
          }),
          // The forms `doc new` and `doc receive` open.
          docNewWebForm(outgoing),
          docReceiveWebForm(incoming),
        ],
      };
    },
  };
};
