// What a person does in a chat platform, as the core takes it: a command typed, an action pressed
// on a card, a form sent. Each adapter acknowledges its platform's event, resolves the acting
// person once, and hands one of these on; nothing in them is a platform's own id or markup.

import type { WorkflowAction, WorkflowActionType } from '../../domain/workflow/types.ts';
import { clickKeyOf } from '../../features/workflow/workflow-service.ts';
import type { Actor } from '../../org/chat-accounts.ts';
import type { FormInput } from './form-spec.ts';

/** What every interaction carries. */
interface InteractionBase {
  /**
   * The chat workspace (tenant) the interaction came from, as its adapter names it; a record of
   * another workspace refuses it. Null where the platform does not say.
   */
  workspaceId: string | null;
  /** The directory person acting, and the language they are answered in (resolved by the adapter). */
  actor: Actor;
  /**
   * What makes the interaction one: the platform delivering it again, or the person pressing
   * twice, gives the same key, and what it caused is then done once.
   */
  dedupeKey: string;
}

/** A card as the person saw it: the item and the version the card was drawn from. */
export interface CardRef {
  instanceId: string;
  version: number;
}

/** A command typed to the bot (`/seal 合同章 采购合同 2`): its name and the text after it. */
export interface CommandInteraction extends InteractionBase {
  kind: 'command';
  /** The command without the platform's prefix (`seal`). */
  command: string;
  text: string;
}

/** A workflow action pressed on a card, or asked for by a form that was sent. */
export interface ActionInteraction extends InteractionBase {
  kind: 'action';
  card: CardRef;
  action: WorkflowAction;
}

/** A card's action form sent: the values as the platform read them, not yet checked. */
export interface FormSubmitInteraction extends InteractionBase {
  kind: 'form_submit';
  card: CardRef;
  /** The action the form was opened for. */
  action: WorkflowActionType;
  /** The step asks for an opinion: the form was drawn (and is checked) with it required. */
  requireComment: boolean;
  /** Field id → value, people already mapped to directory person ids by the adapter. */
  input: FormInput;
}

/** Any interaction the core takes. */
export type Interaction = CommandInteraction | ActionInteraction | FormSubmitInteraction;

/**
 * The dedupe key of a click: the item, the version its card showed, the person and the action.
 * It is the key the workflow service stores with the transition, so a click delivered twice, or
 * a form sent again after a late commit, applies once.
 */
export function clickDedupeKey(
  card: CardRef,
  actor: Pick<Actor, 'personId'>,
  action: WorkflowActionType,
): string {
  return clickKeyOf({
    // The key names the click, not where it came from.
    workspaceId: null,
    instanceId: card.instanceId,
    expectedVersion: card.version,
    actorPersonId: actor.personId,
    action: { type: action } as WorkflowAction,
  });
}

/** A card action from who pressed it, where, on which card, and what: its dedupe key is the click's. */
export function actionInteraction(input: Omit<ActionInteraction, 'kind' | 'dedupeKey'>): ActionInteraction {
  return { kind: 'action', ...input, dedupeKey: clickDedupeKey(input.card, input.actor, input.action.type) };
}

/** An action form sent: its dedupe key is the click's it asks for. */
export function formSubmitInteraction(
  input: Omit<FormSubmitInteraction, 'kind' | 'dedupeKey'>,
): FormSubmitInteraction {
  return { kind: 'form_submit', ...input, dedupeKey: clickDedupeKey(input.card, input.actor, input.action) };
}
