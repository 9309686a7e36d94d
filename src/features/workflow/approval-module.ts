// The generic approval (通用审批) and the engine's own outbox kinds: every flow's card copies, its
// requester's notices, the App Home and plain messages to a person, which other features write too.

import { GENERIC_APPROVAL } from '../../domain/workflow/index.ts';
import { OUTBOX_KINDS } from '../../outbox/intents.ts';
import type { Feature } from '../feature-module.ts';

/** The outbox kinds of the engine and its shared messages (see {@link approvalFeature}). */
export const ENGINE_OUTBOX_KINDS = [
  OUTBOX_KINDS.cardSync,
  OUTBOX_KINDS.personNotify,
  OUTBOX_KINDS.personMessage,
  OUTBOX_KINDS.homeRefresh,
  OUTBOX_KINDS.personReply,
] as const;

/** The generic three-step approval (`/doc approve`); always enabled. */
export const approvalFeature: Feature = () => ({
  name: 'approval',
  definitions: [GENERIC_APPROVAL],
  outboxKinds: ENGINE_OUTBOX_KINDS,
});
