import { ADAPTER_MESSAGES_EN, ADAPTER_MESSAGES_ZH } from '../chat/core/adapter-messages.ts';
import { FORM_MESSAGES_EN, FORM_MESSAGES_ZH } from '../chat/core/form-messages.ts';
import { WORKFLOW_MESSAGES_EN, WORKFLOW_MESSAGES_ZH } from '../domain/workflow/messages.ts';
/**
 * The bot's user-facing text, in Chinese (the default) and English.
 *
 * A plain typed object rather than a library: the catalog is small, placeholders are checked by the
 * compiler, and the catalog stays readable for the office staff who review the wording.
 * Placeholders are `{name}`. Callers escape anything user-supplied for the format they render into
 * (mrkdwn, HTML); the catalog knows nothing about formats.
 *
 * This file holds the core's messages: help, the App Home, errors, the workflow card, its forms
 * and notices, which every feature's flows share. Each feature keeps its own in
 * `src/features/<feature>/messages.ts` and contributes them through its module; the composition
 * root installs them ({@link installMessages}). A feature's file adds its keys to {@link Messages}
 * by declaration merging, so `t` checks them as it checks the core's, and two files defining the
 * same key with different texts do not compile.
 *
 * Texts carry no platform markup (no mrkdwn `*bold*`, `_italic_`, `<url|link>`) and do not name a
 * platform: emphasis and links are the renderer's. A text whose head is emphasised on a platform
 * takes that head as a parameter (`{title}`) from a key of its own, and the platform's renderer
 * marks it up; a test keeps markup out of every catalog.
 */

/** A language the bot speaks. */
export type Locale = 'zh' | 'en';

/** The language used when a user's preference is unknown. */
export const DEFAULT_LOCALE: Locale = 'zh';

const zh = {
  // Help for /doc
  'help.header': '办公室助手 · 使用说明',
  'help.intro': '在任意频道或私信中输入下列命令即可办理。标有【即将上线】的功能正在建设中。',
  'help.section.doc': '公文办理',
  'help.section.other': '其他事项',
  'help.coming_soon': '【即将上线】',
  'help.doc.list': '待办：列出等待我办理的事项，超期和紧急的在前（直接输入 `/doc` 也可以）',
  'help.doc.new': '拟稿：起草一份新的发文',
  'help.doc.approve': '审批：发起一个三步审批，例如 `/doc approve 关于采购防汛物资的请示`',
  'help.doc.receive': '收文：登记收到的来文并分办',
  'help.doc.mine': '我的：查看我发起的公文和事项及其进度',
  'help.doc.find': '查找：按标题或文号查找我有权查看的公文，例如 `/doc find 防汛 通知`',
  'help.doc.register':
    '登记簿：导出发文登记簿（CSV 文件），例如 `/doc register out 2026 已发`；限办公室负责人、秘书和档案管理员',
  'help.doc.help': '显示本说明',
  'help.seal': '用印申请（如 `/seal 公章 3 文件名称`），印章一览、使用登记簿、停用与报失',
  'help.supply': '办公用品申领',
  'help.archive': '档案借阅与归档',
  'help.meeting': '会议申请与会议室，例如 `/meeting new`、`/meeting rooms`',
  'help.footer': '随时输入 `/doc help` 查看本说明。如有疑问，请联系办公室。',
  'help.notice.unknown': '没有“{input}”这个子命令，以下是可用的命令。',
  'help.notice.coming_soon': '`{command}` 即将上线，敬请期待。',

  // Features that are not built yet
  'feature.coming_soon':
    '{feature}（`{command}`）即将上线，敬请期待。现在可以输入 `/doc help` 查看使用说明。',

  // App Home
  'home.header': '欢迎使用办公室助手',
  'home.body': '我帮助办公室处理公文流转、用印申请、办公用品申领和档案管理，办理进度会通过消息及时通知您。',
  'home.hint': '在任意频道或私信中输入 `/doc help` 查看全部命令。',
  'home.fallback': '欢迎使用办公室助手。输入 /doc help 查看全部命令。',
  'home.waiting.title': '待我办理',
  'home.waiting.empty': '目前没有等待你办理的事项。',
  'home.mine.title': '我发起的',
  'home.mine.empty': '你发起的事项都已办结。',
  'home.finished.title': '近期办结',
  'home.finished.empty': '近 {days} 天没有办结的事项。',
  'home.count': '（{count} 件）',
  'home.more': '另有 {count} 件，输入 `/doc` 或 `/doc mine` 查看。',
  'home.waiting_you': '待你修改后重新提交或撤销',
  'home.extra.more': '另有 {count} 项未列出。',
  'home.updated': '更新于 {time}',

  // Errors
  'error.unexpected': '抱歉，处理时出现了问题，请稍后再试。如需协助，请把参考编号 {ref} 告诉管理员。',
  'error.app_error': '操作未能完成（错误代码：{code}）。',
  'error.invalid_payload': '无法识别这条请求，请重新操作一次。',
  'wf.try_again': '系统暂时无法处理这次操作，什么都没有改变，请稍后再点一次。（参考编号 {ref}）',
  // A form's click not committed within Slack's time: the form stays open (its key stops a second apply).
  'wf.form_timeout':
    '系统没能及时确认这次提交（数据库暂时无法访问），表单已保留。请稍后再点“提交”：如果刚才的提交已经生效，表单会直接关闭，不会重复办理。',
  // A form sent about something that is gone meanwhile (a seal removed from the directory).
  'wf.form_gone': '这张表单所办的事项已不存在，什么都没有改变。',
  // An account the directory does not link to anyone (each platform may word it with its own terms).
  'wf.not_linked': '你的账号还没有关联到单位通讯录，无法办理。请联系办公室在通讯录中登记你的账号。',
  'wf.comment_required': '请填写意见。',
  'wf.person_unknown': '所选的人不在单位通讯录中，请重新选择。',
  'wf.stale': '此件已有新进展：{person} 于 {time} {action}。卡片已刷新，请按最新状态办理。',
  'wf.stale_unknown': '此件已有新进展，卡片已刷新，请按最新状态办理。',
  'wf.someone': '有人',
  'wf.started': '已提交「{title}」，等待 {person} 审核。审批卡片已发到你的私信。',
  'wf.approve_usage': '用法：/doc approve 标题，例如 /doc approve 关于采购防汛物资的请示',

  // Workflow card (src/chat/core/card.ts, src/chat/slack/workflow/card-blocks.ts)
  'card.classified_title': '密件 #{reference}',
  'card.classified_note': '涉密事项：本消息只显示编号、办理人和时限，不显示标题、内容和意见。',
  'card.requester': '申请人：{name}',
  'card.deadline': '办理时限：{time}',
  'card.overdue': '已超期',
  'card.waiting_on': '等待 {names} 办理（{step}）',
  'card.waiting_on_requester': '等待申请人 {name} 处理',
  'card.person.unknown': '未知人员',
  'card.people.more': '{names} 等 {count} 人',
  'card.status.running': '办理中',
  'card.status.returned': '已退回，待申请人修改后重新提交',
  'card.status.recalled': '已撤回，待申请人重新提交或撤销',
  'card.status.approved': '已通过',
  'card.status.rejected': '已驳回',
  'card.status.cancelled': '已撤销',
  'card.fields.more': '另有 {count} 项未显示',
  'card.route.title': '办理流程',
  'card.route.skipped': '已跳过',
  'card.route.returned': '已退回',
  'card.route.recalled': '已撤回',
  'card.route.rejected': '已驳回',
  'card.route.tally_all_of': '{approved}/{total} 同意',
  'card.route.sequence_turn': '第{position}/{total}人',
  'card.route.done_hidden': '前 {count} 步已完成',
  'card.route.more_pending': '… 还有 {count} 步',
  'card.history.title': '办理记录',
  'card.history.earlier': '另有 {count} 条较早记录',
  'card.history.truncated': '…(全文见审计记录)',
  'card.history.submitted': '提交',
  'card.history.approved': '同意',
  'card.history.rejected': '驳回',
  'card.history.returned': '退回',
  'card.history.acknowledged': '已阅',
  'card.history.completed': '办结',
  'card.history.commented': '评论',
  'card.history.transferred': '转交给 {name}',
  'card.history.added_signer': '加签 {name}',
  'card.history.recalled': '撤回',
  'card.history.resubmitted': '重新提交',
  'card.history.cancelled': '撤销',
  'card.history.archived': '移交归档',
  'card.action.approve': '同意',
  'card.action.reject': '驳回',
  'card.action.return': '退回',
  'card.action.transfer': '转交',
  'card.action.add_signer': '加签',
  'card.action.comment': '评论',
  // The comment button of someone who answers at a step they do not hold (批办 → 承办, 问题上报).
  'card.action.reply': '答复',
  // The comment button of a co-department's head at 承办 (协办意见).
  'card.action.contribute': '协办意见',
  'card.action.acknowledge': '已阅',
  'card.action.complete': '办结',
  'card.action.recall': '撤回',
  'card.action.resubmit': '重新提交',
  'card.action.cancel': '撤销',
  'card.confirm.deny': '返回',
  'card.confirm.reject.title': '确认驳回？',
  'card.confirm.reject.text': '驳回后本事项不再继续流转。下一步请填写驳回理由。',
  'card.confirm.reject.confirm': '填写驳回理由',
  'card.confirm.recall.title': '确认撤回？',
  'card.confirm.recall.text': '撤回后办理人将不能继续办理，您可以修改后重新提交。',
  'card.confirm.recall.confirm': '撤回',
  'card.confirm.cancel.title': '确认撤销？',
  'card.confirm.cancel.text': '撤销后本事项终止办理，不能恢复。',
  'card.confirm.cancel.confirm': '撤销',

  // Workflow action modals (src/chat/slack/blocks/modals.ts); titles and buttons at most 24 characters
  'modal.title.approve': '同意并填写意见',
  'modal.title.reject': '驳回',
  'modal.title.return': '退回',
  'modal.title.transfer': '转交',
  'modal.title.add_signer': '加签',
  'modal.title.comment': '评论',
  'modal.title.complete': '办结',
  'modal.title.acknowledge': '阅毕',
  'modal.submit': '提交',
  'modal.close': '取消',
  'modal.classified_warning': '涉密事项：请勿在此填写任何涉密内容。',
  'modal.comment.label': '意见',
  'modal.comment.placeholder': '请填写意见（最多 3000 字）',
  'modal.reject.label': '驳回理由',
  'modal.return.label': '退回理由',
  'modal.comment_only.label': '评论内容',
  'modal.return.target.label': '退回给',
  'modal.return.target.requester': '申请人（修改后重新提交）',
  'modal.person.placeholder': '选择人员',
  'modal.transfer.person.label': '转交给',
  'modal.add_signer.person.label': '加签人员',
  'modal.add_signer.position.label': '加签位置',
  'modal.add_signer.position.before': '在我之前办理',
  'modal.add_signer.position.after': '在我之后办理',
  'modal.complete.result.label': '办理结果',
  'modal.complete.result.placeholder': '请填写办理结果（最多 3000 字）',
  'doc.list.open': '打开',
  'doc.list.overdue': '⚠ 已超期',
  'doc.list.deadline': '截止 {time}',
  'doc.list.classified_title': '密件 {reference}',
  'doc.list.untitled': '（无标题）',
  'card.reposted': '此卡片已更新并在下方重新发送。',

  // Workflow notices to the requester (src/chat/core/card-assembly.ts)
  'notify.approved': '你提交的「{title}」已由{by}同意，流程已完成。',
  'notify.rejected': '你提交的「{title}」已被{by}驳回。',
  'notify.returned': '你提交的「{title}」被{by}退回，请修改后重新提交。',
  'notify.transferred': '你提交的「{title}」已由{by}转交给他人处理。',
  'notify.commented': '{by}对「{title}」发表了意见。',
  'notify.reported':
    '{by}在承办「{title}」时向你上报了问题，请在卡片的办理记录中查看，可点卡片上的「答复」给出答复。',
  'notify.replied': '{by}答复了你在承办「{title}」时上报的问题，请在卡片的办理记录中查看。',
  'notify.contributed': '{by}就你承办的「{title}」提交了协办意见，请在卡片的办理记录中查看。',
  'notify.classified_title': '密件 {reference}',
  // Help lines of /doc reminders and /doc report (the features' own texts are in their messages).
  'help.doc.reminders': '提醒：接下来要发出的催办、督办提醒，发给谁、什么时候发；限办公室负责人',
  'help.doc.report':
    '通报：各部门按时办结、超时办结、仍超期件数和平均办理时长，含图表和 CSV，例如 `/doc report week`、`/doc report month`、`/doc report 2026-W48`；限办公室负责人、秘书和局领导',
  // The workflow engine's refusals, written beside the engine (src/domain/workflow/messages.ts).
  ...WORKFLOW_MESSAGES_ZH,
  // Forms on every platform and the web form page (src/chat/core/form-messages.ts).
  ...FORM_MESSAGES_ZH,
  // What the core says where a platform lacks a capability (src/chat/core/adapter-messages.ts).
  ...ADAPTER_MESSAGES_ZH,
} as const;

/** The core's messages by key, with their Chinese texts as types. */
type CoreMessages = typeof zh;

/**
 * Every message the bot can show, by key, with its Chinese text as its type: the core's, and each
 * feature's, which its `messages.ts` adds by declaration merging:
 *
 *     declare module '../../shared/i18n.ts' { interface Messages extends SealMessages {} }
 */
export interface Messages extends CoreMessages {}

/** Every message the bot can show. */
export type MessageKey = keyof Messages;

/** The `{name}` placeholders of a message template, as a union of names. */
type PlaceholdersOf<S extends string> = S extends `${string}{${infer Name}}${infer Rest}`
  ? Name | PlaceholdersOf<Rest>
  : never;

/** The parameters a message needs, by placeholder name. */
export type MessageParams<K extends MessageKey> = Record<PlaceholdersOf<Messages[K]>, string | number>;

/** Messages without placeholders, which `t` takes without params (handy in tables of keys). */
export type PlainMessageKey = {
  [K in MessageKey]: [PlaceholdersOf<Messages[K]>] extends [never] ? K : never;
}[MessageKey];

type ParamsArg<K extends MessageKey> = [PlaceholdersOf<Messages[K]>] extends [never]
  ? [params?: Record<string, never>]
  : [params: MessageParams<K>];

/** One part's messages (the core's, a feature's): every Chinese key in English too. */
export interface MessageCatalog<
  Zh extends Readonly<Record<string, string>> = Readonly<Record<string, string>>,
> {
  readonly zh: Zh;
  readonly en: { readonly [K in keyof Zh]: string };
}

/** A catalog as written: checks that English has every key and keeps the Chinese texts' types. */
export function defineMessages<const Zh extends Readonly<Record<string, string>>>(
  catalog: MessageCatalog<Zh>,
): MessageCatalog<Zh> {
  return catalog;
}

const en: { readonly [K in keyof CoreMessages]: string } = {
  'help.header': 'Office assistant · Help',
  'help.intro':
    'Type these commands in any channel or direct message. Features marked (coming soon) are being built.',
  'help.section.doc': 'Official documents',
  'help.section.other': 'Other requests',
  'help.coming_soon': '(coming soon)',
  'help.doc.list': 'To do: what is waiting for you, overdue and urgent first (or just type `/doc`)',
  'help.doc.new': 'Draft: start a new outgoing document',
  'help.doc.approve':
    'Approval: start a three-step approval, e.g. `/doc approve Request to buy flood-control supplies`',
  'help.doc.receive': 'Receive: register an incoming document and route it',
  'help.doc.mine': 'Mine: what you started and where each item stands',
  'help.doc.find': 'Find: search the documents you may see by title or number, e.g. `/doc find flood notice`',
  'help.doc.register':
    'Register: export the outgoing register as a CSV file, e.g. `/doc register out 2026 sent`; office head, secretary and archivist only',
  'help.doc.help': 'Show this help',
  'help.seal': 'Seal requests (e.g. `/seal 公章 3 <title>`), the seals, their register, suspension and loss',
  'help.supply': 'Office supply requests',
  'help.archive': 'Archive loans and filing',
  'help.meeting': 'Meeting requests and rooms, e.g. `/meeting new`, `/meeting rooms`',
  'help.footer': 'Type `/doc help` at any time to see this again. Questions? Contact the general office.',
  'help.notice.unknown': 'There is no sub-command “{input}”. These are the commands you can use.',
  'help.notice.coming_soon': '`{command}` is coming soon.',
  'feature.coming_soon':
    '{feature} (`{command}`) is coming soon. For now, type `/doc help` to see what you can do.',
  'home.header': 'Welcome to the office assistant',
  'home.body':
    'I help the general office with document routing, seal requests, office supplies and the archive, and I message you when something needs your attention.',
  'home.hint': 'Type `/doc help` in any channel or direct message to see every command.',
  'home.fallback': 'Welcome to the office assistant. Type /doc help to see every command.',
  'home.waiting.title': 'Waiting on me',
  'home.waiting.empty': 'Nothing is waiting on you.',
  'home.mine.title': 'My requests',
  'home.mine.empty': 'Everything you started is finished.',
  'home.finished.title': 'Recently finished',
  'home.finished.empty': 'Nothing finished in the last {days} days.',
  'home.count': ' ({count})',
  'home.more': '{count} more: type `/doc` or `/doc mine` to see them.',
  'home.waiting_you': 'waiting for you to resubmit or cancel',
  'home.extra.more': '{count} more not listed.',
  'home.updated': 'Updated {time}',
  'error.unexpected':
    'Sorry, something went wrong. Please try again later. If you need help, give the administrator this reference: {ref}',
  'error.app_error': 'That could not be done (error code: {code}).',
  'error.invalid_payload': 'That request could not be understood. Please try again.',
  'wf.try_again':
    'That could not be done just now and nothing was changed. Please click again in a moment. (Reference {ref})',
  'wf.form_timeout':
    'The bot could not confirm this submission in time (the database cannot be reached just now), so the form stays open. Press Submit again in a moment: if the first one went through meanwhile, the form simply closes and nothing is done twice.',
  'wf.form_gone': 'What this form was about is no longer there; nothing was changed.',
  'wf.not_linked':
    'Your account is not linked to the office directory yet. Ask the office to add your account to it.',
  'wf.comment_required': 'Please write your opinion.',
  'wf.person_unknown': 'That person is not in the office directory. Please choose someone else.',
  'wf.stale': 'This item has moved on: {person} did “{action}” at {time}. The card has been refreshed.',
  'wf.stale_unknown': 'This item has moved on; the card has been refreshed.',
  'wf.someone': 'Someone',
  'wf.started':
    'Submitted “{title}”; waiting for {person} to review it. The approval card is in your direct messages.',
  'wf.approve_usage': 'Usage: /doc approve <title>, e.g. /doc approve Request to buy flood-control supplies',
  'card.classified_title': 'Classified item {reference}',
  'card.classified_note':
    'Classified item: only its number, holder and deadline are shown here; no title, content or opinions.',
  'card.requester': 'Requester: {name}',
  'card.deadline': 'Due: {time}',
  'card.overdue': 'overdue',
  'card.waiting_on': 'Waiting on {names} ({step})',
  'card.waiting_on_requester': 'Waiting on the requester, {name}',
  'card.person.unknown': 'unknown person',
  'card.people.more': '{names} and {count} in all',
  'card.status.running': 'In progress',
  'card.status.returned': 'Returned: waiting for the requester to revise and resubmit',
  'card.status.recalled': 'Recalled: waiting for the requester to resubmit or cancel',
  'card.status.approved': 'Approved',
  'card.status.rejected': 'Rejected',
  'card.status.cancelled': 'Cancelled',
  'card.fields.more': '{count} more not shown',
  'card.route.title': 'Route',
  'card.route.skipped': 'skipped',
  'card.route.returned': 'returned',
  'card.route.recalled': 'recalled',
  'card.route.rejected': 'rejected',
  'card.route.tally_all_of': '{approved}/{total} agreed',
  'card.route.sequence_turn': 'reader {position} of {total}',
  'card.route.done_hidden': '{count} earlier steps done',
  'card.route.more_pending': '… {count} more steps',
  'card.history.title': 'History',
  'card.history.earlier': '+{count} earlier',
  'card.history.truncated': '…(full text in the audit record)',
  'card.history.submitted': 'submitted',
  'card.history.approved': 'approved',
  'card.history.rejected': 'rejected',
  'card.history.returned': 'returned',
  'card.history.acknowledged': 'read',
  'card.history.completed': 'completed',
  'card.history.commented': 'commented',
  'card.history.transferred': 'transferred to {name}',
  'card.history.added_signer': 'added {name} as signer',
  'card.history.recalled': 'recalled',
  'card.history.resubmitted': 'resubmitted',
  'card.history.cancelled': 'cancelled',
  'card.history.archived': 'handed to the archive',
  'card.action.approve': 'Approve',
  'card.action.reject': 'Reject',
  'card.action.return': 'Return',
  'card.action.transfer': 'Transfer',
  'card.action.add_signer': 'Add signer',
  'card.action.comment': 'Comment',
  'card.action.reply': 'Reply',
  'card.action.contribute': 'Contribute',
  'card.action.acknowledge': 'Mark as read',
  'card.action.complete': 'Complete',
  'card.action.recall': 'Recall',
  'card.action.resubmit': 'Resubmit',
  'card.action.cancel': 'Cancel request',
  'card.confirm.deny': 'Go back',
  'card.confirm.reject.title': 'Reject this item?',
  'card.confirm.reject.text': 'A rejected item goes no further. Next you will write the reason.',
  'card.confirm.reject.confirm': 'Write the reason',
  'card.confirm.recall.title': 'Recall this item?',
  'card.confirm.recall.text': 'Nobody can act on it until you resubmit it; you can revise it first.',
  'card.confirm.recall.confirm': 'Recall',
  'card.confirm.cancel.title': 'Cancel this request?',
  'card.confirm.cancel.text': 'A cancelled item stops for good and cannot be restored.',
  'card.confirm.cancel.confirm': 'Cancel request',
  'modal.title.approve': 'Approve with opinion',
  'modal.title.reject': 'Reject',
  'modal.title.return': 'Return',
  'modal.title.transfer': 'Transfer',
  'modal.title.add_signer': 'Add a signer',
  'modal.title.comment': 'Comment',
  'modal.title.complete': 'Complete the task',
  'modal.title.acknowledge': 'Mark as read',
  'modal.submit': 'Submit',
  'modal.close': 'Cancel',
  'modal.classified_warning': 'Classified item: do not type any classified content here.',
  'modal.comment.label': 'Opinion',
  'modal.comment.placeholder': 'Write your opinion (up to 3,000 characters)',
  'modal.reject.label': 'Reason for rejecting',
  'modal.return.label': 'Reason for returning',
  'modal.comment_only.label': 'Comment',
  'modal.return.target.label': 'Return to',
  'modal.return.target.requester': 'The requester (to revise and resubmit)',
  'modal.person.placeholder': 'Choose a person',
  'modal.transfer.person.label': 'Transfer to',
  'modal.add_signer.person.label': 'Signer to add',
  'modal.add_signer.position.label': 'When they act',
  'modal.add_signer.position.before': 'Before me',
  'modal.add_signer.position.after': 'After me',
  'modal.complete.result.label': 'Result',
  'modal.complete.result.placeholder': 'Write the result of the work (up to 3,000 characters)',
  'doc.list.open': 'Open',
  'doc.list.overdue': '⚠ overdue',
  'doc.list.deadline': 'due {time}',
  'doc.list.classified_title': 'Classified item {reference}',
  'doc.list.untitled': '(untitled)',
  'card.reposted': 'This card was updated and sent again below.',
  'notify.approved': 'Your request “{title}” was approved by {by}; the process is complete.',
  'notify.rejected': 'Your request “{title}” was rejected by {by}.',
  'notify.returned': 'Your request “{title}” was returned by {by}. Please revise it and resubmit.',
  'notify.transferred': 'Your request “{title}” was handed on by {by} to someone else.',
  'notify.commented': '{by} commented on “{title}”.',
  'notify.reported':
    '{by} reported a problem while handling “{title}”; see the card’s history, and press Reply on the card to answer.',
  'notify.replied':
    '{by} answered the problem you reported while handling “{title}”; see the card’s history.',
  'notify.contributed':
    '{by} added their department’s contribution to “{title}”, which you handle; see the card’s history.',
  'notify.classified_title': 'Classified item {reference}',
  'help.doc.reminders':
    'Reminders: the chasing and escalation messages to be sent next, to whom and when; office head only',
  'help.doc.report':
    'Report: per department, items finished on time, finished late, still overdue and the average handling time, with a chart and a CSV, e.g. `/doc report week`, `/doc report month`, `/doc report 2026-W48`; office head, secretaries and leaders only',
  ...WORKFLOW_MESSAGES_EN,
  ...FORM_MESSAGES_EN,
  ...ADAPTER_MESSAGES_EN,
};

/** The core's messages, installed from the start. */
export const CORE_MESSAGES: MessageCatalog<CoreMessages> = defineMessages({ zh, en });

/** The messages installed, by language (the core's and every installed feature's). */
const installed: { zh: Record<string, string>; en: Record<string, string | undefined> } = { zh: {}, en: {} };
/** Who installed each key: `core` or a feature's name. */
const ownerOf = new Map<string, string>();

/**
 * Adds `owner`'s messages (a feature's, as the composition root merged them) to the catalog `t`
 * reads. Installing the same owner's messages again (a second bot in one process) replaces them;
 * a key another owner installed is refused, naming both, as {@link mergeFeatures} refuses two
 * features claiming one key.
 */
export function installMessages(owner: string, catalog: MessageCatalog): void {
  for (const key of Object.keys(catalog.zh)) {
    const first = ownerOf.get(key);
    if (first !== undefined && first !== owner) {
      throw new Error(`messages of ${first} and ${owner} both define ${key}; each key may be defined once`);
    }
  }
  for (const [key, text] of Object.entries(catalog.zh)) {
    ownerOf.set(key, owner);
    installed.zh[key] = text;
    installed.en[key] = catalog.en[key];
  }
}

installMessages('core', CORE_MESSAGES);

/**
 * The installed catalogs, for tests and tools that compare them. Typed as the whole catalog; a key
 * is there once its part is installed (the core's always; a feature's by the composition root).
 */
export const catalogs: {
  readonly zh: Readonly<Record<MessageKey, string>>;
  readonly en: { [K in MessageKey]?: string };
} = installed as never;

/**
 * The message `key` in `locale`, with its `{placeholders}` filled from `params`. English falls back
 * to Chinese for a missing entry; a placeholder without a value stays visible rather than vanishing.
 * A key whose feature's messages are not installed shows as the key itself.
 */
export function t<K extends MessageKey>(locale: Locale, key: K, ...[params]: ParamsArg<K>): string {
  return fill(templateOf(locale, key) ?? key, params);
}

/**
 * `key`, or its singular `<key>.one` when `count` is 1 and the catalog has that message: English
 * says "1 working day", Chinese (whose `.one` repeats the usual text) has no plural to change.
 */
export function countedKey<K extends MessageKey>(key: K, count: number | string): K {
  const one = `${key}.one`;
  return Number(count) === 1 && Object.hasOwn(installed.zh, one) ? (one as K) : key;
}

/** True when `key` names an installed message (keys from AppError arrive as plain strings). */
export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(installed.zh, key);
}

/**
 * Like `t` for a key known only at run time (an AppError's `messageKey`); undefined when the
 * catalog has no such message, so the caller can choose a fallback.
 */
export function translateDynamic(
  locale: Locale,
  key: string,
  params: Readonly<Record<string, string | number>> = {},
): string | undefined {
  const template = templateOf(locale, key);
  return template === undefined ? undefined : fill(template, params);
}

function templateOf(locale: Locale, key: string): string | undefined {
  if (!Object.hasOwn(installed.zh, key)) return undefined;
  return (locale === 'en' ? installed.en[key] : undefined) ?? installed.zh[key];
}

/** Names of the `{placeholders}` in a template, in order of appearance. */
export function placeholdersOf(template: string): string[] {
  return [...template.matchAll(/\{([A-Za-z0-9_]+)\}/g)].map((m) => m[1] ?? '');
}

function fill(template: string, params: Readonly<Record<string, string | number>> | undefined): string {
  if (!params) return template;
  return template.replace(/\{([A-Za-z0-9_]+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}
