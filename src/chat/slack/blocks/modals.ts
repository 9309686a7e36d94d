// The forms behind the card's buttons as Slack modals: the form itself is the workflow feature's
// FormSpec; here is only where Slack keeps it. One callback_id for all; private_metadata says
// which instance, version and action (and is re-checked against the database on submit).

import type { types } from '@slack/bolt';
import {
  ACTION_FORM_FIELDS,
  type ActionFormInput,
  type ActionFormType,
  actionFormSpec,
} from '../../../features/workflow/action-form.ts';
import type { Locale } from '../../../shared/i18n.ts';
import { encodeModalMetadata } from '../action-values.ts';
import { renderSlackModal, type SlackFormBinding } from '../form-view.ts';
import { ACTION_IDS, BLOCK_IDS, CALLBACK_IDS } from '../ids.ts';

export {
  commentRequired,
  parseReturnTarget,
  RETURN_TO_REQUESTER,
} from '../../../features/workflow/action-form.ts';

/** Actions that have a form. */
export type ModalActionType = ActionFormType;

export interface ActionModalInput extends ActionFormInput {
  instanceId: string;
  version: number;
  locale: Locale;
}

/**
 * Where the action form's fields sit in the modal. `private_metadata` carries the opinion rule
 * with the form, so the submission is checked (and refused in place) by the rule it was drawn with.
 */
export function actionFormBinding(ref: {
  instanceId: string;
  version: number;
  action: ModalActionType;
  requireComment: boolean;
}): SlackFormBinding {
  return {
    callbackId: CALLBACK_IDS.wfActionModal,
    privateMetadata: encodeModalMetadata({
      instanceId: ref.instanceId,
      version: ref.version,
      action: ref.action,
      ...(ref.requireComment ? { requireComment: true } : {}),
    }),
    fields: {
      [ACTION_FORM_FIELDS.returnTarget]: {
        blockId: BLOCK_IDS.wfModalReturnTarget,
        actionId: ACTION_IDS.wfReturnTarget,
      },
      [ACTION_FORM_FIELDS.person]: {
        blockId: BLOCK_IDS.wfModalPerson,
        actionId: ACTION_IDS.wfPersonSelect,
        // Without people from the directory, Slack's own picker; the listener maps the user.
        userActionId: ACTION_IDS.wfPersonUser,
      },
      [ACTION_FORM_FIELDS.signerPosition]: {
        blockId: BLOCK_IDS.wfModalSignerPosition,
        actionId: ACTION_IDS.wfSignerPosition,
      },
      [ACTION_FORM_FIELDS.comment]: {
        blockId: BLOCK_IDS.wfModalComment,
        actionId: ACTION_IDS.wfCommentInput,
      },
      [ACTION_FORM_FIELDS.result]: { blockId: BLOCK_IDS.wfModalResult, actionId: ACTION_IDS.wfResultInput },
    },
  };
}

/** The modal for `input.action`, within Slack's modal limits. */
export function buildActionModal(input: ActionModalInput): types.ModalView {
  return renderSlackModal(actionFormSpec(input), actionFormBinding(input), input.locale);
}
