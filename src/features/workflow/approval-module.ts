// The generic approval (通用审批) and the engine's own outbox kinds: every flow's card copies, its
// requester's notices, the App Home and plain messages to a person, which other features write too.

import { GENERIC_APPROVAL } from '../../domain/workflow/index.ts';
import { OUTBOX_KINDS } from '../../outbox/intents.ts';
import type { Feature } from '../feature-module.ts';
import { approveCommand, startGenericApproval } from './approval-commands.ts';
import { myWorkCommands } from './my-work-commands.ts';

/** The outbox kinds of the engine and its shared messages (see {@link approvalFeature}). */
export const ENGINE_OUTBOX_KINDS = [
  OUTBOX_KINDS.cardSync,
  OUTBOX_KINDS.personNotify,
  OUTBOX_KINDS.personMessage,
  OUTBOX_KINDS.homeRefresh,
  OUTBOX_KINDS.personReply,
] as const;

/**
 * The generic three-step approval (`doc approve`), and the person's work (我的待办) across every
 * flow as the `todo` command; always enabled.
 */
export const approvalFeature: Feature = ({ people }) => ({
  name: 'approval',
  definitions: [GENERIC_APPROVAL],
  outboxKinds: ENGINE_OUTBOX_KINDS,
  chat: ({ prisma, clock, definitions, settings, service, workSections }) => ({
    commands: [
      ...myWorkCommands({
        prisma,
        clock,
        definitions,
        timeZone: settings.timeZone,
        ...(workSections ? { sections: workSections } : {}),
      }),
      approveCommand((input) => startGenericApproval({ service, namesOf: people.namesOf }, input)),
    ],
  }),
});
