// User-facing texts for the workflow engine's error codes, in the shape of the i18n catalog
// (`src/shared/i18n.ts`): key = the AppError's `messageKey` (`error.<code>`), placeholders are
// `{name}` filled from the error's `params`. Kept beside the engine so that a new code and its
// text are written together; the catalog merges these entries.
//
// `{waitingOn}` and `{person}` hold person ids: the caller replaces them with display names
// before translating.

/** Chinese texts (the default language). */
export const WORKFLOW_MESSAGES_ZH = {
  'error.workflow_definition_invalid': '流程定义“{definitionId}”有误：{problems}',
  'error.no_assignee': '找不到“{ruleZh}”的办理人，请联系办公室维护通讯录。',
  'error.assignee_unavailable': '所选人员 {person} 不在通讯录中或已停用，请重新选择。',
  'error.requester_unknown': '通讯录中没有申请人 {person}，请联系办公室。',
  'error.classified_title': '秘密及以上事项不得填写标题，请只填写编号。',
  'error.reference_required': '秘密及以上事项须填写编号（文号或收文编号）。',
  'error.title_required': '请填写标题。',
  'error.instance_finished': '该事项已经办结，不能再操作。',
  'error.not_assignee': '您不是这一步的办理人，当前等待 {waitingOn} 办理。',
  'error.already_acted': '您已经办理过这一步。',
  'error.comment_required': '请填写意见后再提交。',
  'error.comment_too_long': '内容过长（最多 {max} 字）。',
  'error.not_requester': '只有申请人本人可以这样操作。',
  'error.nothing_to_recall': '该事项当前不在流转中，无法撤回。',
  'error.recall_too_late': '办理人已经打开或办理了该事项，无法撤回。',
  'error.invalid_return_target': '只能退回给申请人或已经办理过的前面步骤。',
  'error.transfer_to_self': '不能转交给自己。',
  'error.transfer_target_already_assigned': '{person} 已经是这一步的办理人，不能转交给他。',
  'error.add_signer_invalid': '不能加签此人：不能加签自己，也不能加签这一步已有的办理人。',
  'error.not_your_turn': '还没有轮到您，请等待前面的人员阅毕。',
  'error.wrong_action_for_step': '这一步不能进行此操作。',
  'error.params_not_allowed': '这一步不能指定这些办理事项（{params}）。',
  'error.nothing_to_resubmit': '该事项没有被退回或撤回，无需重新提交。',
  'error.result_required': '请填写办理结果。',
  'error.assignee_not_cleared': '{person} 的密级权限不足，不能处理此件。',
  'error.route_not_cleared':
    '流程中有办理人的涉密等级低于此件密级，此件不能在本系统流转，请按保密规定线下办理。',
} as const;

/** Message keys of the workflow engine. */
export type WorkflowMessageKey = keyof typeof WORKFLOW_MESSAGES_ZH;

/** English texts, one for every Chinese one. */
export const WORKFLOW_MESSAGES_EN: Record<WorkflowMessageKey, string> = {
  'error.workflow_definition_invalid': 'The workflow definition “{definitionId}” is invalid: {problems}',
  'error.no_assignee': 'Nobody was found for “{ruleEn}”. Please ask the office to update the directory.',
  'error.assignee_unavailable': 'The chosen person {person} is not in the directory or no longer active.',
  'error.requester_unknown': 'The requester {person} is not in the directory. Please contact the office.',
  'error.classified_title': 'Items marked secret or above carry no title: give their number only.',
  'error.reference_required': 'Items marked secret or above need their number (reference).',
  'error.title_required': 'Please give a title.',
  'error.instance_finished': 'This item is finished; nothing more can be done on it.',
  'error.not_assignee': 'You have no part in this step; it is waiting on {waitingOn}.',
  'error.already_acted': 'You have already acted on this step.',
  'error.comment_required': 'Please write your opinion first.',
  'error.comment_too_long': 'That text is too long (at most {max} characters).',
  'error.not_requester': 'Only the requester can do that.',
  'error.nothing_to_recall': 'This item is not in progress, so it cannot be recalled.',
  'error.recall_too_late': 'It has already been opened or acted on, so it can no longer be recalled.',
  'error.invalid_return_target': 'It can be returned only to the requester or to an earlier, completed step.',
  'error.transfer_to_self': 'You cannot transfer it to yourself.',
  'error.transfer_target_already_assigned': '{person} already has a part in this step.',
  'error.add_signer_invalid':
    'That signer cannot be added: not yourself, and not someone who already has a part in this step.',
  'error.not_your_turn': 'It is not your turn yet: wait for the readers before you.',
  'error.wrong_action_for_step': 'That action does not apply to this step.',
  'error.params_not_allowed': 'This step cannot set {params}.',
  'error.nothing_to_resubmit': 'This item was not returned or recalled, so there is nothing to resubmit.',
  'error.result_required': 'Please write the result of the work.',
  'error.assignee_not_cleared': '{person} is not cleared for this item’s secrecy level.',
  'error.route_not_cleared':
    'Someone on this item’s route is not cleared for its secrecy level, so it cannot go through the bot; handle it offline as the secrecy rules require.',
};
