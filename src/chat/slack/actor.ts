import type { Actor } from '../../org/chat-accounts.ts';
import { slackText } from './messages.ts';
import type { SlackRequestContext } from './request-context.ts';

/** What {@link asActor} needs of a request: its acting person and locale. */
export type ActorContext = Pick<SlackRequestContext, 'actor' | 'locale'>;

/**
 * Runs `work` as the directory person behind this Slack request. A Slack user linked to nobody
 * gets the one not-linked answer instead, through `answer` (an ephemeral reply, a form error, a
 * modal), in every listener alike: the features below never see an unlinked user.
 */
export async function asActor<Answered, Done>(
  context: ActorContext,
  answer: (text: string) => Answered | Promise<Answered>,
  work: (actor: Actor) => Done | Promise<Done>,
): Promise<Answered | Done> {
  const actor = await context.actor();
  if (actor === null) return answer(slackText(await context.locale(), 'not_linked'));
  return work(actor);
}
