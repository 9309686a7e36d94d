// The form behind a card's buttons (reject, return, transfer, add signer, comment, approve with
// an opinion, complete a task, acknowledge with a note), as a FormSpec, and the workflow action a
// valid submission asks for. Every platform draws this one form and reads it back through it.

import {
  type FormField,
  type FormNotice,
  type FormSpec,
  type FormValues,
  message,
  textValue,
} from '../../chat/core/form-spec.ts';
import type { WorkflowAction, WorkflowActionType } from '../../domain/workflow/types.ts';
import type { Locale } from '../../shared/i18n.ts';

/** The form's name (signed into web links). */
export const ACTION_FORM_ID = 'workflow.action';

/** Actions that have a form. */
export type ActionFormType = Extract<
  WorkflowActionType,
  'approve' | 'reject' | 'return' | 'transfer' | 'add_signer' | 'comment' | 'complete' | 'acknowledge'
>;

/** Every action with a form, in the card's order. */
export const ACTION_FORM_TYPES: readonly ActionFormType[] = [
  'approve',
  'reject',
  'return',
  'transfer',
  'add_signer',
  'comment',
  'complete',
  'acknowledge',
];

/**
 * The engine stores opinions of up to 5,000 characters; the form takes 3,000, the most a chat
 * platform's text box takes (so every platform can draw the form the same).
 */
export const ACTION_FORM_TEXT_MAX = 3000;

/** Value of the "return to the requester" option; steps are `step:<key>`. */
export const RETURN_TO_REQUESTER = 'requester';

/** The select value naming an earlier step as the return target. */
export function returnTargetValue(stepKey: string): string {
  return `step:${stepKey}`;
}

/** The return target a submitted select value names, or null for a value that is not one. */
export function parseReturnTarget(
  value: string | null | undefined,
): 'requester' | { stepKey: string } | null {
  if (value === RETURN_TO_REQUESTER) return 'requester';
  if (value?.startsWith('step:') && value.length > 'step:'.length)
    return { stepKey: value.slice('step:'.length) };
  return null;
}

/** Field ids of the action form. */
export const ACTION_FORM_FIELDS = {
  returnTarget: 'return_target',
  person: 'person',
  signerPosition: 'signer_position',
  comment: 'comment',
  result: 'result',
} as const;

/** What the action form is drawn from. */
/**
 * The choices an action form is drawn with for one item and person: the earlier steps a return may
 * go back to and the people a transfer or added signer may name; null when the item is gone.
 */
export type ActionFormContextOf = (
  instanceId: string,
  actorPersonId: string | null,
  locale: Locale,
) => Promise<{
  returnTargets: Array<{ stepKey: string; label: string }>;
  people: Array<{ personId: string; name: string }>;
} | null>;

export interface ActionFormInput {
  action: ActionFormType;
  /** The step requires an opinion (意见): the comment becomes required for approve/acknowledge. */
  requireComment: boolean;
  /** The item's display title (the card's title, "密件 #…" for classified items), shown at the top. */
  title?: string;
  /** 秘密 and above: the form warns not to type classified content. */
  classified?: boolean;
  /** return: the earlier, done steps it may go back to (the requester is always offered first). */
  returnTargets?: ReadonlyArray<{ stepKey: string; label: string }>;
  /**
   * transfer / add_signer: people of the directory to choose from. Without any, a platform offers
   * its own people picker.
   */
  people?: ReadonlyArray<{ personId: string; name: string }>;
}

/**
 * Whether the form insists on a comment: always for reject (a reason), return and comment; for
 * approve and acknowledge when the step requires an opinion; never for transfer and add signer.
 */
export function commentRequired(
  action: Exclude<ActionFormType, 'complete'>,
  requireComment: boolean,
): boolean {
  switch (action) {
    case 'reject':
    case 'return':
    case 'comment':
      return true;
    case 'approve':
    case 'acknowledge':
      return requireComment;
    case 'transfer':
    case 'add_signer':
      return false;
  }
}

const COMMENT_LABELS = {
  approve: 'modal.comment.label',
  acknowledge: 'modal.comment.label',
  transfer: 'modal.comment.label',
  add_signer: 'modal.comment.label',
  reject: 'modal.reject.label',
  return: 'modal.return.label',
  comment: 'modal.comment_only.label',
} as const satisfies Record<Exclude<ActionFormType, 'complete'>, string>;

/** The form for `input.action`. */
export function actionFormSpec(input: ActionFormInput): FormSpec {
  const { action } = input;
  const notices: FormNotice[] = [];
  if (input.title) notices.push({ kind: 'heading', lines: [{ text: input.title }] });
  if (input.classified) notices.push({ kind: 'caution', lines: [message('modal.classified_warning')] });

  const fields: FormField[] = [];
  const personField = (
    label: 'modal.transfer.person.label' | 'modal.add_signer.person.label',
  ): FormField => ({
    id: ACTION_FORM_FIELDS.person,
    kind: 'person',
    label: message(label),
    required: true,
    placeholder: message('modal.person.placeholder'),
    messages: { required: message('wf.person_unknown') },
    options: (input.people ?? [])
      .filter((p) => p.personId.length > 0)
      .map((p) => ({ value: p.personId, label: { text: p.name } })),
  });
  switch (action) {
    case 'return':
      fields.push({
        id: ACTION_FORM_FIELDS.returnTarget,
        kind: 'select',
        label: message('modal.return.target.label'),
        required: true,
        // The engine checks the target again; a submission is read without loading the steps.
        optionsChecked: false,
        options: [
          { value: RETURN_TO_REQUESTER, label: message('modal.return.target.requester') },
          ...(input.returnTargets ?? []).map((target) => ({
            value: returnTargetValue(target.stepKey),
            label: { text: target.label },
          })),
        ],
        initial: RETURN_TO_REQUESTER,
      });
      break;
    case 'transfer':
      fields.push(personField('modal.transfer.person.label'));
      break;
    case 'add_signer':
      fields.push(personField('modal.add_signer.person.label'), {
        id: ACTION_FORM_FIELDS.signerPosition,
        kind: 'select',
        style: 'radio',
        label: message('modal.add_signer.position.label'),
        required: true,
        options: [
          { value: 'before', label: message('modal.add_signer.position.before') },
          { value: 'after', label: message('modal.add_signer.position.after') },
        ],
        initial: 'after',
      });
      break;
    default:
      break;
  }

  if (action === 'complete') {
    fields.push({
      id: ACTION_FORM_FIELDS.result,
      kind: 'long_text',
      label: message('modal.complete.result.label'),
      placeholder: message('modal.complete.result.placeholder'),
      required: true,
      maxLength: ACTION_FORM_TEXT_MAX,
    });
  } else {
    fields.push({
      id: ACTION_FORM_FIELDS.comment,
      kind: 'long_text',
      label: message(COMMENT_LABELS[action]),
      placeholder: message('modal.comment.placeholder'),
      required: commentRequired(action, input.requireComment),
      messages: { required: message('wf.comment_required') },
      maxLength: ACTION_FORM_TEXT_MAX,
    });
  }

  return {
    id: ACTION_FORM_ID,
    title: message(`modal.title.${action}`),
    submitLabel: message('modal.submit'),
    notices,
    fields,
  };
}

/** The workflow action a valid submission of the `action` form asks for. */
export function actionOfForm(action: ActionFormType, values: FormValues): WorkflowAction {
  const comment = textValue(values, ACTION_FORM_FIELDS.comment) ?? '';
  const withComment = comment ? { comment } : {};
  switch (action) {
    case 'approve':
    case 'reject':
    case 'acknowledge':
      return { type: action, ...withComment };
    case 'comment':
      return { type: 'comment', comment };
    case 'complete':
      return { type: 'complete', result: textValue(values, ACTION_FORM_FIELDS.result) ?? '' };
    case 'return':
      return {
        type: 'return',
        comment,
        to: parseReturnTarget(textValue(values, ACTION_FORM_FIELDS.returnTarget)) ?? 'requester',
      };
    case 'transfer':
      return {
        type: 'transfer',
        toPersonId: textValue(values, ACTION_FORM_FIELDS.person) ?? '',
        ...withComment,
      };
    case 'add_signer':
      return {
        type: 'add_signer',
        personId: textValue(values, ACTION_FORM_FIELDS.person) ?? '',
        position: textValue(values, ACTION_FORM_FIELDS.signerPosition) === 'before' ? 'before' : 'after',
        ...withComment,
      };
  }
}
