// `doc approve <title>` (审批): starts the generic three-step approval as the person asking, and
// says who has it first.

import { asPerson, type CommandHandler, textAnswer } from '../../chat/core/commands.ts';
import { richT } from '../../chat/core/reply.ts';
import { GENERIC_APPROVAL, waitingOn } from '../../domain/workflow/index.ts';
import { type Locale, t } from '../../shared/i18n.ts';
import type { WorkflowService } from './workflow-service.ts';

/** The longest title an approval takes (the card's header shows 150 characters). */
export const MAX_TITLE_LENGTH = 200;

/** What starting an approval is given. */
export interface ApprovalStart {
  workspaceId: string | null;
  requesterPersonId: string;
  title: string;
  locale: Locale;
  /** What makes the request one: a retried command starts one approval. */
  startKey?: string;
}

/** Starts a generic approval; resolves with the first reviewers' names. */
export async function startGenericApproval(
  deps: {
    service: Pick<WorkflowService, 'start'>;
    namesOf(personIds: readonly string[], locale: Locale): Promise<Map<string, string>>;
  },
  input: ApprovalStart,
): Promise<{ firstReviewer: string }> {
  const instance = await deps.service.start({
    definitionId: GENERIC_APPROVAL.id,
    requesterPersonId: input.requesterPersonId,
    workspaceId: input.workspaceId,
    title: input.title,
    secrecy: 'internal',
    urgency: 'normal',
    ...(input.startKey ? { startKey: input.startKey } : {}),
  });
  const first = waitingOn(instance);
  const names = await deps.namesOf(first, input.locale);
  return { firstReviewer: first.map((id) => names.get(id) ?? id).join('、') };
}

/** `doc approve` and `doc 审批`, as they are typed today. */
export const APPROVE_SUBCOMMANDS = ['approve', '审批'] as const;

/** The `doc approve` handler: the usage for a missing or too long title, else the approval started. */
export function approveCommand(
  start: (input: ApprovalStart) => Promise<{ firstReviewer: string }>,
): CommandHandler {
  return {
    command: 'doc',
    subcommands: APPROVE_SUBCOMMANDS,
    // Where commands are typed as text, 审批 <title> alone starts one.
    words: ['审批'],
    async handle(text, context) {
      const title = text.trim();
      if (!title || title.length > MAX_TITLE_LENGTH) return textAnswer(t(context.locale, 'wf.approve_usage'));
      return asPerson(context, async (actor) => {
        const started = await start({
          workspaceId: context.workspaceId,
          requesterPersonId: actor.personId,
          title,
          locale: context.locale,
          startKey: context.dedupeKey,
        });
        return textAnswer(richT(context.locale, 'wf.started', { title, person: started.firstReviewer }));
      });
    },
  };
}
