// The forms behind the card's buttons: reject, return, transfer, add signer, comment, approve with
// an opinion, complete a task, acknowledge with a note. One callback_id for all; private_metadata
// says which instance, version and action (and is re-checked against the database on submit).

import type { types } from '@slack/bolt';
import { type Locale, t } from '../../../shared/i18n.ts';
import type { CardActionType } from '../../card.ts';
import { encodeModalMetadata } from '../action-values.ts';
import { ACTION_IDS, BLOCK_IDS, CALLBACK_IDS } from '../ids.ts';
import { BLOCK_KIT_LIMITS, truncateText } from './limits.ts';
import { type Block, mrkdwn, plainText } from './message.ts';
import { escapeMrkdwn } from './mrkdwn.ts';

/** Actions that have a form. */
export type ModalActionType = Extract<
  CardActionType,
  'approve' | 'reject' | 'return' | 'transfer' | 'add_signer' | 'comment' | 'complete' | 'acknowledge'
>;

/**
 * Slack's plain_text_input takes at most 3,000 characters; the engine stores up to 5,000, which
 * only other channels (or a later long-form editor) can use.
 */
export const MODAL_TEXT_MAX = 3000;

/** Most options a static_select takes. */
const SELECT_OPTIONS_MAX = 100;
/** Option text and value limits (@slack/types: 75 each; SLACK_RULES gives 150 for values, unverified). */
const OPTION_TEXT_MAX = 75;
const OPTION_VALUE_MAX = 75;

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

export interface ActionModalInput {
  action: ModalActionType;
  instanceId: string;
  version: number;
  /** The step requires an opinion (意见): the comment input becomes required for approve/acknowledge. */
  requireComment: boolean;
  locale: Locale;
  /** The item's display title (the card's title, "密件 #…" for classified items), shown at the top. */
  title?: string;
  /** 秘密 and above: the form warns not to type classified content. */
  classified?: boolean;
  /** return: the earlier, done steps it may go back to (the requester is always offered first). */
  returnTargets?: ReadonlyArray<{ stepKey: string; label: string }>;
  /**
   * transfer / add_signer: people of the directory to choose from (first 100; a search menu can
   * replace this later). Without any, a Slack users_select is shown instead (action_id
   * `wf_person_user`, its value a Slack user id the listener maps to a person).
   */
  people?: ReadonlyArray<{ personId: string; name: string }>;
}

/** The modal for `input.action`, within Slack's modal limits. */
export function buildActionModal(input: ActionModalInput): types.ModalView {
  const { action, locale } = input;
  const blocks: Block[] = [];
  if (input.title) {
    blocks.push({ type: 'context', elements: [mrkdwn(`*${escapeMrkdwnTruncated(input.title, 500)}*`)] });
  }
  if (input.classified) {
    blocks.push({ type: 'context', elements: [mrkdwn(escapeMrkdwn(t(locale, 'modal.classified_warning')))] });
  }

  switch (action) {
    case 'return':
      blocks.push(returnTargetInput(input));
      break;
    case 'transfer':
      blocks.push(personInput(input, t(locale, 'modal.transfer.person.label')));
      break;
    case 'add_signer':
      blocks.push(
        personInput(input, t(locale, 'modal.add_signer.person.label')),
        signerPositionInput(locale),
      );
      break;
    default:
      break;
  }

  if (action === 'complete') {
    blocks.push(
      textInput(BLOCK_IDS.wfModalResult, ACTION_IDS.wfResultInput, {
        label: t(locale, 'modal.complete.result.label'),
        placeholder: t(locale, 'modal.complete.result.placeholder'),
        required: true,
      }),
    );
  } else {
    blocks.push(
      textInput(BLOCK_IDS.wfModalComment, ACTION_IDS.wfCommentInput, {
        label: t(locale, COMMENT_LABELS[action]),
        placeholder: t(locale, 'modal.comment.placeholder'),
        required: commentRequired(action, input.requireComment),
      }),
    );
  }

  return {
    type: 'modal',
    callback_id: CALLBACK_IDS.wfActionModal,
    // The opinion rule travels with the form, so the submission is checked (and refused in place)
    // by the same rule the form was drawn with.
    private_metadata: encodeModalMetadata({
      instanceId: input.instanceId,
      version: input.version,
      action,
      ...(input.requireComment ? { requireComment: true } : {}),
    }),
    title: plainText(truncateText(t(locale, `modal.title.${action}`), BLOCK_KIT_LIMITS.modalTitle)),
    submit: plainText(truncateText(t(locale, 'modal.submit'), BLOCK_KIT_LIMITS.modalTitle)),
    close: plainText(truncateText(t(locale, 'modal.close'), BLOCK_KIT_LIMITS.modalTitle)),
    blocks,
  };
}

/**
 * Whether the form insists on a comment: always for reject (a reason), return and comment; for
 * approve and acknowledge when the step requires an opinion; never for transfer and add signer.
 */
export function commentRequired(
  action: Exclude<ModalActionType, 'complete'>,
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
} as const satisfies Record<Exclude<ModalActionType, 'complete'>, string>;

function escapeMrkdwnTruncated(text: string, max: number): string {
  return escapeMrkdwn(truncateText(text, max));
}

function option(text: string, value: string): types.PlainTextOption {
  return { text: plainText(truncateText(text, OPTION_TEXT_MAX)), value };
}

function textInput(
  blockId: string,
  actionId: string,
  options: { label: string; placeholder: string; required: boolean },
): types.InputBlock {
  return {
    type: 'input',
    block_id: blockId,
    optional: !options.required,
    label: plainText(truncateText(options.label, 2000)),
    element: {
      type: 'plain_text_input',
      action_id: actionId,
      multiline: true,
      max_length: MODAL_TEXT_MAX,
      placeholder: plainText(truncateText(options.placeholder, BLOCK_KIT_LIMITS.placeholder)),
    },
  };
}

function returnTargetInput(input: ActionModalInput): types.InputBlock {
  const { locale } = input;
  const requester = option(t(locale, 'modal.return.target.requester'), RETURN_TO_REQUESTER);
  const steps = (input.returnTargets ?? [])
    .map((target) => option(target.label, returnTargetValue(target.stepKey)))
    .filter((o) => (o.value ?? '').length <= OPTION_VALUE_MAX)
    .slice(0, SELECT_OPTIONS_MAX - 1);
  return {
    type: 'input',
    block_id: BLOCK_IDS.wfModalReturnTarget,
    optional: false,
    label: plainText(t(locale, 'modal.return.target.label')),
    element: {
      type: 'static_select',
      action_id: ACTION_IDS.wfReturnTarget,
      options: [requester, ...steps],
      initial_option: requester,
    },
  };
}

function personInput(input: ActionModalInput, label: string): types.InputBlock {
  const placeholder = plainText(
    truncateText(t(input.locale, 'modal.person.placeholder'), BLOCK_KIT_LIMITS.placeholder),
  );
  const options = (input.people ?? [])
    .filter((p) => p.personId.length > 0 && p.personId.length <= OPTION_VALUE_MAX)
    .slice(0, SELECT_OPTIONS_MAX)
    .map((p) => option(p.name, p.personId));
  return {
    type: 'input',
    block_id: BLOCK_IDS.wfModalPerson,
    optional: false,
    label: plainText(label),
    element:
      options.length > 0
        ? { type: 'static_select', action_id: ACTION_IDS.wfPersonSelect, placeholder, options }
        : { type: 'users_select', action_id: ACTION_IDS.wfPersonUser, placeholder },
  };
}

function signerPositionInput(locale: Locale): types.InputBlock {
  const after = option(t(locale, 'modal.add_signer.position.after'), 'after');
  const before = option(t(locale, 'modal.add_signer.position.before'), 'before');
  return {
    type: 'input',
    block_id: BLOCK_IDS.wfModalSignerPosition,
    optional: false,
    label: plainText(t(locale, 'modal.add_signer.position.label')),
    element: {
      type: 'radio_buttons',
      action_id: ACTION_IDS.wfSignerPosition,
      options: [before, after],
      initial_option: after,
    },
  };
}
