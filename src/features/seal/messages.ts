// User texts of seals (用印): /seal, the seal list, the custodian's stamp form, a seal's
// lifecycle and loss, in Chinese (the default) and English.
//
// The composition root installs them beside the core catalog (src/shared/i18n.ts) when the feature
// is enabled; the declaration at the end adds their keys to the catalog's type, so `t` checks them.

import { defineMessages } from '../../shared/i18n.ts';

const zh = {
  'card.status.approved.seal': '已盖章',
  // Seals (用印): src/features/seal/seal-service.ts
  'card.action.step.stamp': '已盖章',
  'card.history.step.stamp': '已盖章',
  'seal.modal.title': '用印申请',
  'seal.modal.submit': '提交申请',
  'seal.field.seal': '印章',
  'seal.field.title': '文件名称',
  'seal.field.copies': '用印份数（次）',
  'seal.field.purpose': '用途',
  'seal.field.link': '文件链接',
  'seal.field.important': '重要文件',
  'seal.field.important_option': '重要文件，须分管领导审批',
  'seal.field.none_usable': '目前没有可用的印章。',
  'seal.note.seal_unknown': '没有找到“{word}”这枚印章，请在表单中选择。',
  'seal.note.seal_ambiguous': '“{word}”可指 {seals}，请在表单中选择。',
  'seal.note.copies_missing': '请填写用印份数。',
  'seal.note.copies_invalid': '用印份数应为 1 到 {max} 的整数。',
  'seal.note.title_missing': '请填写文件名称。',
  'seal.error.required': '请填写此项。',
  'seal.error.seal': '请从列表中选择印章。',
  'seal.error.copies': '用印份数应为 1 到 {max} 的整数。',
  'seal.error.link': '请填写以 http:// 或 https:// 开头的链接。',
  'seal.started': '已提交用印申请《{title}》（{seal}，{copies} 份），等待 {person} 审批。',
  'seal.stamp.title': '已盖章',
  'seal.stamp.submit': '确认',
  'seal.stamp.hint': '核对文件与批准内容一致后盖章；实际用印次数不得超过批准份数，超出须重新申请。',
  'seal.stamp.impressions': '实际用印次数',
  'seal.stamp.note': '备注',
  'seal.stamp.error.count': '请填写 1 到 {approved} 之间的整数：批准用印 {approved} 份，超出须重新申请。',
  'seal.stamp.error.gone': '此申请已不在用印环节，请查看卡片的最新状态。',
  'seal.list.title': '印章一览',
  'seal.list.row': '{name} · 保管人 {custodian} · {state}{leader}',
  'seal.list.needs_leader': ' · 须领导审批',
  'seal.lost.button': '报告遗失',
  'seal.lost.title': '报告印章遗失',
  'seal.lost.submit': '报告',
  'seal.lost.hint':
    '报告{seal}遗失或被盗：办公室负责人和局长会立即收到通知，印章即停用，待办的用印申请暂停办理。',
  'seal.lost.note': '经过（何时、何地发现遗失）',
  'seal.lost.error.note': '请写明经过。',
  'seal.usage':
    '用法：`/seal` 打开用印申请表单；`/seal 公章 3 关于某某事项的函` 直接提交；`/seal list` 查看印章；`/seal register [印章] [2026-11]` 导出印章使用登记簿；`/seal lost <印章> <说明>` 报告遗失；办公室主任可 `/seal suspend|resume|retire|destroy <印章> <原因>`。',
  'seal.register.forbidden': '只有办公室负责人、办公室秘书和印章保管人可以导出印章使用登记簿。',
  'seal.register.bad_arg': '看不懂“{arg}”：请写印章名称和月份（如 2026-11）。',
  'seal.register.empty': '没有符合条件的用印记录。',
  'seal.register.ready': '印章使用登记簿：{count} 条记录。',
  'seal.lifecycle.done': '{seal}：{state}。{held}',
  'seal.lifecycle.held': '已暂停 {count} 件待办的用印申请，并通知申请人。',
  'seal.lifecycle.usage': '请写明印章和原因，例如：`/seal suspend 公章 年检期间暂停使用`。',
  'seal.notice.lost': '【紧急】{reporter}报告{sealZh}遗失：{reason}。该印章已停用，相关用印申请暂停办理。',
  'seal.notice.held': '你的用印申请《{title}》所用的{sealZh}已停止使用，申请暂停办理，恢复后会再通知你。',
  'seal.notice.released': '{sealZh}已恢复使用，你的用印申请《{title}》可以继续办理。',
  'error.seal_unavailable': '{sealZh}目前{stateZh}，不能申请用印。',
  'error.seal_copies_invalid': '用印份数应为 1 到 {max} 的整数。',
  'error.seal_impressions_invalid': '实际用印次数应为 1 到 {approved} 的整数，超出须重新申请。',
  'error.seal_unknown': '没有这枚印章。',
  'error.seal_change_forbidden': '只有办公室负责人可以停用、恢复、封存或销毁印章；印章保管人可报告遗失。',
  'error.seal_action_not_allowed': '印章目前{stateZh}，不能这样操作。',
  'error.seal_reason_required': '请写明原因。',
  'notify.approved.seal': '你申请的「{title}」已由{by}盖章 {impressions} 次，用印已完成。',
  // The card's key fields and their values.
  'seal.card.seal': '印章',
  'seal.card.copies': '用印份数',
  'seal.card.impressions': '实际用印',
  'seal.card.purpose': '用途',
  'seal.card.doc_link': '文件',
  'seal.card.important': '重要文件',
  'seal.card.yes': '是',
  'seal.state.active': '在用',
  'seal.state.suspended': '已停用',
  'seal.state.retired': '已封存',
  'seal.state.destroyed': '已销毁',
  // A request held while its seal is out of use (its card's live field).
  'seal.hold.label': '⏸ 暂停办理',
  'seal.hold.text': '印章{state}，恢复使用后继续办理',
} as const;

const en: { readonly [K in keyof typeof zh]: string } = {
  'card.status.approved.seal': 'Stamped',
  'card.action.step.stamp': 'Stamped',
  'card.history.step.stamp': 'stamped',
  'seal.modal.title': 'Seal request',
  'seal.modal.submit': 'Submit',
  'seal.field.seal': 'Seal',
  'seal.field.title': 'Document title',
  'seal.field.copies': 'Impressions',
  'seal.field.purpose': 'Purpose',
  'seal.field.link': 'Document link',
  'seal.field.important': 'Important document',
  'seal.field.important_option': 'Important document: a supervising leader approves too',
  'seal.field.none_usable': 'No seal can be used at the moment.',
  'seal.note.seal_unknown': 'No seal “{word}” was found; choose one in the form.',
  'seal.note.seal_ambiguous': '“{word}” could be {seals}; choose one in the form.',
  'seal.note.copies_missing': 'Enter the number of impressions.',
  'seal.note.copies_invalid': 'Impressions must be a whole number from 1 to {max}.',
  'seal.note.title_missing': 'Enter the document title.',
  'seal.error.required': 'Please fill this in.',
  'seal.error.seal': 'Choose a seal from the list.',
  'seal.error.copies': 'Impressions must be a whole number from 1 to {max}.',
  'seal.error.link': 'Enter a link starting with http:// or https://.',
  'seal.started': 'Seal request “{title}” ({seal}, {copies}) submitted; waiting on {person}.',
  'seal.stamp.title': 'Stamped',
  'seal.stamp.submit': 'Confirm',
  'seal.stamp.hint':
    'Check the document against what was approved, then stamp; never more impressions than approved (more needs a new request).',
  'seal.stamp.impressions': 'Impressions made',
  'seal.stamp.note': 'Note',
  'seal.stamp.error.count':
    'Enter a whole number from 1 to {approved}: {approved} were approved; more needs a new request.',
  'seal.stamp.error.gone': 'This request is no longer waiting to be stamped; see its card.',
  'seal.list.title': 'Seals',
  'seal.list.row': '{name} · custodian {custodian} · {state}{leader}',
  'seal.list.needs_leader': ' · leader approves',
  'seal.lost.button': 'Report lost',
  'seal.lost.title': 'Report a seal lost',
  'seal.lost.submit': 'Report',
  'seal.lost.hint':
    'Report {seal} lost or stolen: the office head and the director are told at once, the seal is suspended and pending requests for it are put on hold.',
  'seal.lost.note': 'What happened (when and where it was found missing)',
  'seal.lost.error.note': 'Say what happened.',
  'seal.usage':
    'Usage: `/seal` opens the request form; `/seal 公章 3 <title>` submits at once; `/seal list` lists the seals; `/seal register [seal] [2026-11]` exports the seal register; `/seal lost <seal> <note>` reports a seal lost; the office head may `/seal suspend|resume|retire|destroy <seal> <reason>`.',
  'seal.register.forbidden':
    'Only the office head, the office secretary and the seal custodians can export the seal register.',
  'seal.register.bad_arg': '“{arg}” is not a seal or a month (like 2026-11).',
  'seal.register.empty': 'No stamping matches.',
  'seal.register.ready': 'Seal register: {count} rows.',
  'seal.lifecycle.done': '{seal}: {state}. {held}',
  'seal.lifecycle.held': '{count} pending requests are on hold and their requesters were told.',
  'seal.lifecycle.usage': 'Name the seal and the reason, e.g. `/seal suspend 公章 annual inspection`.',
  'seal.notice.lost':
    'URGENT: {reporter} reported {sealEn} lost: {reason}. The seal is suspended and requests for it are on hold.',
  'seal.notice.held':
    'The {sealEn} your seal request “{title}” needs is out of use; the request is on hold until it is back.',
  'seal.notice.released': 'The {sealEn} is back in use; your seal request “{title}” can go on.',
  'error.seal_unavailable': '{sealEn} is {stateEn} and cannot be requested.',
  'error.seal_copies_invalid': 'Impressions must be a whole number from 1 to {max}.',
  'error.seal_impressions_invalid':
    'Impressions made must be a whole number from 1 to {approved}; more needs a new request.',
  'error.seal_unknown': 'There is no such seal.',
  'error.seal_change_forbidden':
    'Only the office head can suspend, resume, retire or destroy a seal; its custodian may report it lost.',
  'error.seal_action_not_allowed': 'The seal is {stateEn}; that cannot be done now.',
  'error.seal_reason_required': 'Please give a reason.',
  'notify.approved.seal': 'Your request “{title}” was stamped by {by}, {impressions} impressions; done.',
  'seal.card.seal': 'Seal',
  'seal.card.copies': 'Impressions approved',
  'seal.card.impressions': 'Impressions made',
  'seal.card.purpose': 'Purpose',
  'seal.card.doc_link': 'Document',
  'seal.card.important': 'Important document',
  'seal.card.yes': 'Yes',
  'seal.state.active': 'in use',
  'seal.state.suspended': 'suspended',
  'seal.state.retired': 'retired',
  'seal.state.destroyed': 'destroyed',
  'seal.hold.label': '⏸ On hold',
  'seal.hold.text': 'the seal is {state}; this continues once it is back in use',
};

/** This feature's messages, for its module's `messages` contribution. */
export const SEAL_MESSAGES = defineMessages({ zh, en });

type SealMessages = typeof zh;

declare module '../../shared/i18n.ts' {
  interface Messages extends SealMessages {}
}
