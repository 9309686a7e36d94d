import { WORKFLOW_MESSAGES_EN, WORKFLOW_MESSAGES_ZH } from '../domain/workflow/messages.ts';
/**
 * The bot's user-facing text, in Chinese (the default) and English.
 *
 * A plain typed object rather than a library: the catalog is small, placeholders are checked by the
 * compiler, and the catalog stays readable for the office staff who review the wording.
 * Placeholders are `{name}`. Callers escape anything user-supplied for the format they render into
 * (mrkdwn, HTML); the catalog knows nothing about formats.
 */

/** A language the bot speaks. */
export type Locale = 'zh' | 'en';

/** The language used when a user's preference is unknown. */
export const DEFAULT_LOCALE: Locale = 'zh';

const zh = {
  // Help for /doc
  'help.header': '办公室助手 · 使用说明',
  'help.intro': '在任意频道或私信中输入下列命令即可办理。标有【即将上线】的功能正在建设中。',
  'help.section.doc': '*公文办理*',
  'help.section.other': '*其他事项*',
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
  'help.seal': '用印申请',
  'help.supply': '办公用品申领',
  'help.archive': '档案借阅与归档',
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
  'home.updated': '更新于 {time}',

  // Errors
  'error.unexpected': '抱歉，处理时出现了问题，请稍后再试。如需协助，请把参考编号 {ref} 告诉管理员。',
  'error.app_error': '操作未能完成（错误代码：{code}）。',
  'error.invalid_payload': '无法识别这条请求，请重新操作一次。',
  'wf.try_again': '系统暂时无法处理这次操作，什么都没有改变，请稍后再点一次。（参考编号 {ref}）',
  'wf.not_linked':
    '你的 Slack 账号还没有关联到单位通讯录，无法办理。请联系办公室在通讯录中填写你的 slack_user_id。',
  'wf.comment_required': '请填写意见。',
  'wf.person_unknown': '所选的人不在单位通讯录中，请重新选择。',
  'wf.stale': '此件已有新进展：{person} 于 {time} {action}。卡片已刷新，请按最新状态办理。',
  'wf.stale_unknown': '此件已有新进展，卡片已刷新，请按最新状态办理。',
  'wf.someone': '有人',
  'wf.started': '已提交「{title}」，等待 {person} 审核。审批卡片已发到你的私信。',
  'wf.approve_usage': '用法：/doc approve 标题，例如 /doc approve 关于采购防汛物资的请示',

  // Workflow card (src/chat/card.ts, src/chat/slack/blocks/card.ts)
  'card.classified_title': '密件 #{reference}',
  'card.classified_note': '涉密事项：本消息只显示编号、办理人和时限，不显示标题、内容和意见。',
  'card.requester': '申请人：{name}',
  'card.deadline': '办理时限：{time}',
  'card.overdue': '已超期',
  'card.waiting_on': '等待 {names} 办理（{step}）',
  'card.waiting_on_requester': '等待申请人 {name} 处理',
  'card.person.unknown': '未知人员',
  'card.people.more': '{names} 等 {count} 人',
  'card.urgency.extra_urgent': '特急',
  'card.urgency.urgent': '加急',
  'card.urgency.normal': '平件',
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

  // Incoming documents (收文): src/chat/slack/blocks/doc-incoming-modals.ts, listeners/documents.ts
  'doc.receive.title': '收文登记',
  'doc.receive.field.title': '标题',
  'doc.receive.field.issuer': '来文单位',
  'doc.receive.field.their_number': '来文字号',
  'doc.receive.field.date': '收文日期',
  'doc.receive.field.date_hint': '格式：2026-11-23',
  'doc.receive.field.category': '类别',
  'doc.receive.field.link': '附件链接',
  'doc.receive.field.required_unless_classified': '公开、内部来文必填；秘密及以上须留空。',
  'doc.receive.field.empty_if_classified': '秘密及以上须留空。',
  'doc.receive.field.their_number_hint': '秘密及以上必填：以来文字号登记。',
  'doc.receive.secrecy_hint':
    '秘密、机密、绝密的来文只登记编号：标题、来文单位和附件链接须留空，来文字号必填；文件本身按保密规定线下流转。',
  'doc.receive.error.required': '请填写此项。',
  'doc.receive.error.classified_content': '秘密及以上的来文不得录入标题、来文单位或附件，只登记编号。',
  'doc.receive.error.their_number_required': '秘密及以上的来文须填写来文字号，作为登记编号。',
  'doc.receive.error.date': '请按 2026-11-23 的格式填写日期。',
  'doc.receive.error.copies': '份数应为 1 到 9999 的整数。',
  'doc.receive.error.link': '请填写以 http:// 或 https:// 开头的链接。',
  'doc.receive.registered': '已登记收文《{title}》，收文编号 {number}，等待 {person} 拟办。',
  'doc.receive.registered_classified':
    '已登记密件，收文编号 {number}，等待 {person} 拟办。本系统只记录编号，不保存标题和内容。',
  'doc.instruct.title': '批办',
  'doc.instruct.field.comment': '批办意见',
  'doc.instruct.field.lead': '主办部门',
  'doc.instruct.field.handler': '承办人',
  'doc.instruct.field.handler_hint': '须为主办部门的人员',
  'doc.instruct.field.co': '协办部门',
  'doc.instruct.field.readers': '传阅领导',
  'doc.instruct.field.readers_hint': '按所选顺序依次传阅；不选则不传阅',
  'doc.instruct.field.days': '办理时限（工作日）',
  'doc.instruct.error.days': '办理时限应为 1 到 365 个工作日。',
  'doc.instruct.error.invalid': '此项不符合要求：承办人须在主办部门、在岗且有相应密级；传阅人须为局领导。',
  'card.action.step.instruct': '批办',
  'card.action.step.director_signoff': '签发',
  'card.action.step.leader_signoff': '签发',
  // The sign-off form (签发): src/chat/slack/blocks/doc-card-forms.ts
  'doc.signoff.title': '签发',
  'doc.signoff.submit': '签发',
  'doc.signoff.loading': '正在读取拟稿的主送、抄送和份数……',
  'doc.signoff.hint': '签发时确定印制份数和发送范围。已按拟稿填好，可直接修改。',
  'doc.signoff.comment': '签发意见',
  'doc.signoff.copies': '印制份数',
  'doc.signoff.gone': '这份文件已不在签发环节，请查看卡片的最新状态。',
  // Archive hand-off (归档移交) from a finished document's card
  'card.action.doc_archive': '归档',
  'doc.archive.title': '归档移交',
  'doc.archive.submit': '移交归档',
  'doc.archive.intro': '将此件连同签发稿（收文为来文附件）和会签记录移交档案室，由档案管理员编目。',
  'doc.archive.retention': '保管期限',
  'doc.archive.retention.permanent': '永久',
  'doc.archive.retention.30y': '定期30年',
  'doc.archive.retention.10y': '定期10年',
  'doc.archive.final_text': '正式文本链接',
  'doc.archive.final_text_hint': '留空则以文稿链接归档。',
  'doc.archive.error.link': '请填写以 http:// 或 https:// 开头的链接。',
  'doc.archive.done': '已将 {number} 移交归档（保管期限：{retention}），待档案管理员编目。',
  'doc.archive.field': '归档',
  'doc.archive.field_value': '已移交（{retention}）· {time}',
  'error.archive_not_allowed': '只有办公室秘书或档案管理员可以归档。',
  'error.archive_not_finished': '此件尚未办结，不能归档。',
  'error.archive_not_document': '只有发文和收文可以从卡片归档。',
  'error.archive_already': '此件已于 {time} 移交归档，无需重复移交。',
  'error.not_secretary': '只有办公室秘书（收发员）可以登记收文。',
  'error.registrar_not_cleared': '你的涉密等级不足以登记这一密级的来文，请交由有相应涉密等级的秘书登记。',
  'error.instruction_invalid': '批办内容不符合要求（{field}）。',
  // The /doc new form (拟稿发文): src/chat/slack/blocks/doc-new-modal.ts, src/chat/slack/doc-new-submission.ts
  'doc.new.started': '已提交发文《{title}》，等待 {person} 核稿。审批卡片在你的私信中。',
  'error.countersign_no_head': '会签部门“{department}”没有在任的负责人，请另选部门或联系办公室维护通讯录。',
  'error.countersign_department_unknown': '没有这个会签部门：{department}。',
  'doc.new.modal.title': '拟稿发文',
  'doc.new.modal.submit': '提交审核',
  'doc.new.modal.close': '取消',
  'doc.new.select.placeholder': '请选择',
  'doc.new.title.label': '标题',
  'doc.new.title.placeholder': '例如：关于做好汛期安全工作的通知',
  'doc.new.doc_type.label': '发文类型',
  'doc.new.direction.label': '行文方向',
  'doc.new.urgency.label': '紧急程度',
  'doc.new.secrecy.label': '密级',
  'doc.new.secrecy.public': '公开',
  'doc.new.secrecy.internal': '内部',
  'doc.new.secrecy.secret': '秘密',
  'doc.new.secrecy.confidential': '机密',
  'doc.new.secrecy.top_secret': '绝密',
  'doc.new.secrecy.hint': '涉密文件（秘密及以上）不得在本系统拟稿，请线下办理。',
  'doc.new.main_recipients.label': '主送',
  'doc.new.main_recipients.placeholder': '例如：各乡镇水利站',
  'doc.new.copy_to.label': '抄送',
  'doc.new.countersign.label': '会签部门',
  'doc.new.countersign.placeholder': '选择部门（最多 {max} 个）',
  'doc.new.countersign.hint': '文稿涉及其他部门职责时，由其负责人会签。',
  'doc.new.draft_link.label': '文稿链接',
  'doc.new.draft_link.hint': '文稿的网址或 Slack 文件链接，以 http:// 或 https:// 开头。',
  'doc.new.copies.label': '份数',
  'doc.new.copies.placeholder': '例如：30',
  'doc.new.error.title_required': '请填写标题。',
  'doc.new.error.too_long': '不能超过 {max} 个字。',
  'doc.new.error.doc_type_unknown': '请从列表中选择发文类型。',
  'doc.new.error.direction_unknown': '请选择行文方向（上行文、下行文或平行文）。',
  'doc.new.error.urgency_unknown': '请选择紧急程度（特急、加急或平件）。',
  'doc.new.error.secrecy_not_allowed': '本系统只能拟稿公开或内部文件，涉密文件请线下办理。',
  'doc.new.error.main_recipients_required': '请填写主送单位。',
  'doc.new.error.department_unknown': '所选部门不在单位通讯录中，请重新选择。',
  'doc.new.error.too_many_departments': '会签部门最多选择 {max} 个。',
  'doc.new.error.draft_link_invalid': '请填写以 http:// 或 https:// 开头的网址。',
  'doc.new.error.copies_invalid': '份数应为 1 到 {max} 之间的整数。',

  // /doc lists (src/chat/slack/blocks/doc-lists.ts, src/chat/slack/listeners/doc-lists.ts)
  'doc.list.header': '*等待我办理的事项*（共 {count} 件）',
  'doc.list.empty': '目前没有等待你办理的事项，辛苦了。',
  'doc.list.more': '另有 {count} 件未显示。',
  'doc.list.open': '打开',
  'doc.list.overdue': '⚠ 已超期',
  'doc.list.deadline': '截止 {time}',
  'doc.list.classified_title': '密件 {reference}',
  'doc.list.untitled': '（无标题）',
  'doc.list.number': '文号：{number}',
  'doc.list.waiting_you': '待你修改后重新提交或撤销',
  'doc.list.hint': '点“打开”把卡片移到与我私信的最下方。`/doc mine` 查看我发起的，`/doc find 关键词` 查找。',
  'doc.list.opened': '卡片已重新发到你与我私信的最下方。',
  'doc.list.not_holder': '你没有这件事项的卡片，无法打开。',
  'doc.mine.header': '*我发起的*（共 {count} 件）',
  'doc.mine.empty': '你还没有发起过公文或事项。输入 `/doc new` 拟稿，或 `/doc approve 标题` 发起审批。',
  'doc.find.header': '*查找“{words}”*（共 {count} 件）',
  'doc.find.empty': '没有找到标题或文号包含“{words}”、且你有权查看的事项。',
  'doc.find.usage':
    '用法：`/doc find 关键词`，按标题或文号查找，多个关键词用空格分开，例如 `/doc find 防汛 通知`、`/doc find 〔2026〕12号`。',

  // /doc register (src/features/documents/registers.ts)
  'doc.register.usage':
    '用法：`/doc register out [年份] [部门] [办理中|已发|全部]`，顺序不限，例如 `/doc register out 2026 办公室 已发`。不写则为今年、全部部门、全部状态。',
  'doc.register.unknown_arg': '看不懂“{arg}”：请写 4 位年份、部门名称或代号，或 办理中/已发/全部。',
  'doc.register.repeated_arg': '“{arg}”与前面的条件重复了，每类条件只能写一个。',
  'doc.register.forbidden':
    '只有办公室负责人、办公室秘书和档案管理员可以导出登记簿。如需登记簿，请联系办公室。',
  'doc.register.generating': '正在生成{year}年{register}…生成后发到你与我的私信。',
  'doc.register.ready': '{year}年{register}（{scope}），共 {count} 条。',
  'doc.register.name.out': '发文登记簿',
  'doc.register.name.in': '收文登记簿',
  'doc.register.truncated': '登记簿太大，只导出了前 {max} 条，请按部门或状态分开导出。',
  'doc.register.empty': '{year}年没有符合条件（{scope}）的公文，没有生成文件。',
  'doc.register.all_departments': '全部部门',
  'doc.register.state.running': '办理中',
  'doc.register.state.sent': '已发',
  'doc.register.state.all': '全部状态',
  'card.reposted': '此卡片已更新并在下方重新发送。',

  // Workflow notices to the requester (src/chat/slack/workflow-delivery.ts)
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
  // The workflow engine's refusals, written beside the engine (src/domain/workflow/messages.ts).
  ...WORKFLOW_MESSAGES_ZH,
} as const;

/** Every message the bot can show. */
export type MessageKey = keyof typeof zh;

/** The `{name}` placeholders of a message template, as a union of names. */
type PlaceholdersOf<S extends string> = S extends `${string}{${infer Name}}${infer Rest}`
  ? Name | PlaceholdersOf<Rest>
  : never;

/** The parameters a message needs, by placeholder name. */
export type MessageParams<K extends MessageKey> = Record<PlaceholdersOf<(typeof zh)[K]>, string | number>;

/** Messages without placeholders, which `t` takes without params (handy in tables of keys). */
export type PlainMessageKey = {
  [K in MessageKey]: [PlaceholdersOf<(typeof zh)[K]>] extends [never] ? K : never;
}[MessageKey];

type ParamsArg<K extends MessageKey> = [PlaceholdersOf<(typeof zh)[K]>] extends [never]
  ? [params?: Record<string, never>]
  : [params: MessageParams<K>];

// English may lag behind Chinese; a missing entry falls back to Chinese (a test keeps them in step).
const en: { readonly [K in MessageKey]?: string } = {
  'help.header': 'Office assistant · Help',
  'help.intro':
    'Type these commands in any channel or direct message. Features marked (coming soon) are being built.',
  'help.section.doc': '*Official documents*',
  'help.section.other': '*Other requests*',
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
  'help.seal': 'Seal (official stamp) requests',
  'help.supply': 'Office supply requests',
  'help.archive': 'Archive loans and filing',
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
  'home.updated': 'Updated {time}',
  'error.unexpected':
    'Sorry, something went wrong. Please try again later. If you need help, give the administrator this reference: {ref}',
  'error.app_error': 'That could not be done (error code: {code}).',
  'error.invalid_payload': 'That request could not be understood. Please try again.',
  'wf.try_again':
    'That could not be done just now and nothing was changed. Please click again in a moment. (Reference {ref})',
  'wf.not_linked':
    'Your Slack account is not linked to the office directory yet. Ask the office to add your slack_user_id.',
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
  'card.urgency.extra_urgent': 'Extra urgent',
  'card.urgency.urgent': 'Urgent',
  'card.urgency.normal': 'Normal',
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
  'doc.new.started':
    'Submitted “{title}”; waiting for {person} to review it. The card is in your direct messages.',
  'error.countersign_no_head':
    'The countersigning department “{department}” has no head in office. Choose another or ask the office to update the directory.',
  'error.countersign_department_unknown': 'There is no countersigning department {department}.',
  'doc.receive.title': 'Register incoming document',
  'doc.receive.field.title': 'Title',
  'doc.receive.field.issuer': 'Issuing unit',
  'doc.receive.field.their_number': 'Their document number',
  'doc.receive.field.date': 'Received on',
  'doc.receive.field.date_hint': 'As 2026-11-23',
  'doc.receive.field.category': 'Category',
  'doc.receive.field.link': 'Attachment link',
  'doc.receive.field.required_unless_classified':
    'Required for public and internal documents; leave it empty for secret and above.',
  'doc.receive.field.empty_if_classified': 'Leave it empty for secret and above.',
  'doc.receive.field.their_number_hint': 'Required for secret and above: the item is registered by it.',
  'doc.receive.secrecy_hint':
    'Secret, confidential and top secret documents are registered by number only: leave the title, issuing unit and attachment link empty and give their document number; the document itself goes round offline under the secrecy rules.',
  'doc.receive.error.required': 'Please fill this in.',
  'doc.receive.error.classified_content':
    'For secret and above, no title, issuing unit or attachment is recorded: register the numbers only.',
  'doc.receive.error.their_number_required':
    'For secret and above, give their document number: the item is registered by it.',
  'doc.receive.error.date': 'Please write the date as 2026-11-23.',
  'doc.receive.error.copies': 'Copies must be a whole number from 1 to 9999.',
  'doc.receive.error.link': 'Please give a link starting with http:// or https://.',
  'doc.receive.registered': 'Registered “{title}” as {number}; waiting for {person} to propose handling.',
  'doc.receive.registered_classified':
    'Registered a classified item as {number}; waiting for {person} to propose handling. Only its numbers are kept here, no title or content.',
  'doc.instruct.title': 'Instruct',
  'doc.instruct.field.comment': 'Instruction',
  'doc.instruct.field.lead': 'Lead department',
  'doc.instruct.field.handler': 'Handler',
  'doc.instruct.field.handler_hint': 'Someone of the lead department',
  'doc.instruct.field.co': 'Co-departments',
  'doc.instruct.field.readers': 'Leaders to read it',
  'doc.instruct.field.readers_hint': 'They read in the order chosen; none means no circulation',
  'doc.instruct.field.days': 'Time limit (working days)',
  'doc.instruct.error.days': 'The time limit must be 1 to 365 working days.',
  'doc.instruct.error.invalid':
    'Not acceptable: the handler must be an active member of the lead department cleared for the item; readers must be leaders.',
  'card.action.step.instruct': 'Instruct',
  'card.action.step.director_signoff': 'Sign off',
  'card.action.step.leader_signoff': 'Sign off',
  'doc.signoff.title': 'Sign off',
  'doc.signoff.submit': 'Sign off',
  'doc.signoff.loading': 'Reading the drafted recipients and copies…',
  'doc.signoff.hint':
    'Signing off fixes the copies to print and the distribution. Filled in from the draft; change what you need.',
  'doc.signoff.comment': 'Sign-off opinion',
  'doc.signoff.copies': 'Copies to print',
  'doc.signoff.gone': 'This document is no longer at sign-off; see its card for where it stands.',
  'card.action.doc_archive': 'Archive',
  'doc.archive.title': 'Hand over to archive',
  'doc.archive.submit': 'Hand over',
  'doc.archive.intro':
    'Hands this document to the archive with its signed draft (or the incoming attachment) and countersign record; the archivist catalogues it.',
  'doc.archive.retention': 'Retention',
  'doc.archive.retention.permanent': 'Permanent',
  'doc.archive.retention.30y': '30 years',
  'doc.archive.retention.10y': '10 years',
  'doc.archive.final_text': 'Final text link',
  'doc.archive.final_text_hint': 'Leave empty to archive the draft link.',
  'doc.archive.error.link': 'Enter a link starting with http:// or https://.',
  'doc.archive.done':
    '{number} was handed over to the archive (retention: {retention}); the archivist will catalogue it.',
  'doc.archive.field': 'Archive',
  'doc.archive.field_value': 'Handed over ({retention}) · {time}',
  'error.archive_not_allowed': 'Only the office secretary or the archivist can archive documents.',
  'error.archive_not_finished': 'This item is not finished yet and cannot be archived.',
  'error.archive_not_document': 'Only outgoing and incoming documents are archived from their card.',
  'error.archive_already': 'This item was handed over to the archive at {time} already.',
  'error.not_secretary': 'Only the office secretary registers incoming documents.',
  'error.registrar_not_cleared':
    'Your clearance does not cover this secrecy level: ask a secretary cleared for it to register the document.',
  'error.instruction_invalid': 'The instruction is not acceptable ({field}).',
  'doc.new.modal.title': 'New outgoing document',
  'doc.new.modal.submit': 'Submit for review',
  'doc.new.modal.close': 'Cancel',
  'doc.new.select.placeholder': 'Choose one',
  'doc.new.title.label': 'Title',
  'doc.new.title.placeholder': 'e.g. Notice on safety during the flood season',
  'doc.new.doc_type.label': 'Document type',
  'doc.new.direction.label': 'Direction',
  'doc.new.urgency.label': 'Urgency',
  'doc.new.secrecy.label': 'Secrecy',
  'doc.new.secrecy.public': 'Public',
  'doc.new.secrecy.internal': 'Internal',
  'doc.new.secrecy.secret': 'Secret',
  'doc.new.secrecy.confidential': 'Confidential',
  'doc.new.secrecy.top_secret': 'Top secret',
  'doc.new.secrecy.hint':
    'Classified documents (secret and above) are not drafted here; handle them offline.',
  'doc.new.main_recipients.label': 'Main recipients',
  'doc.new.main_recipients.placeholder': 'e.g. the township water stations',
  'doc.new.copy_to.label': 'Copy to',
  'doc.new.countersign.label': 'Countersigning departments',
  'doc.new.countersign.placeholder': 'Choose departments (up to {max})',
  'doc.new.countersign.hint': 'When the draft touches other departments’ duties, their heads countersign it.',
  'doc.new.draft_link.label': 'Link to the draft',
  'doc.new.draft_link.hint': 'A web address or Slack file link, starting with http:// or https://.',
  'doc.new.copies.label': 'Copies',
  'doc.new.copies.placeholder': 'e.g. 30',
  'doc.new.error.title_required': 'Please enter a title.',
  'doc.new.error.too_long': 'At most {max} characters.',
  'doc.new.error.doc_type_unknown': 'Choose a document type from the list.',
  'doc.new.error.direction_unknown': 'Choose a direction: upward, downward or parallel.',
  'doc.new.error.urgency_unknown': 'Choose an urgency: extra urgent, urgent or normal.',
  'doc.new.error.secrecy_not_allowed':
    'Only public or internal documents are drafted here; handle classified ones offline.',
  'doc.new.error.main_recipients_required': 'Please enter the main recipients.',
  'doc.new.error.department_unknown': 'That department is not in the office directory. Please choose again.',
  'doc.new.error.too_many_departments': 'Choose at most {max} countersigning departments.',
  'doc.new.error.draft_link_invalid': 'Enter a web address starting with http:// or https://.',
  'doc.new.error.copies_invalid': 'Copies must be a whole number from 1 to {max}.',
  'doc.list.header': '*Waiting for me* ({count})',
  'doc.list.empty': 'Nothing is waiting for you right now.',
  'doc.list.more': '{count} more not shown.',
  'doc.list.open': 'Open',
  'doc.list.overdue': '⚠ overdue',
  'doc.list.deadline': 'due {time}',
  'doc.list.classified_title': 'Classified item {reference}',
  'doc.list.untitled': '(untitled)',
  'doc.list.number': 'No. {number}',
  'doc.list.waiting_you': 'waiting for you to resubmit or cancel',
  'doc.list.hint':
    'Open moves the card to the bottom of your direct messages with me. `/doc mine` lists what you started; `/doc find <words>` searches.',
  'doc.list.opened': 'The card was sent again to the bottom of your direct messages with me.',
  'doc.list.not_holder': 'You hold no card for this item, so it cannot be opened.',
  'doc.mine.header': '*Started by me* ({count})',
  'doc.mine.empty':
    'You have not started anything yet. Type `/doc new` to draft a document or `/doc approve <title>` to start an approval.',
  'doc.find.header': '*Search “{words}”* ({count})',
  'doc.find.empty': 'Nothing you may see has “{words}” in its title or number.',
  'doc.find.usage':
    'Usage: `/doc find <words>` searches titles and document numbers; separate words with spaces, e.g. `/doc find flood notice` or `/doc find 〔2026〕12号`.',
  'doc.register.usage':
    'Usage: `/doc register out [year] [department] [running|sent|all]`, in any order, e.g. `/doc register out 2026 office sent`. Left out: this year, every department, every state.',
  'doc.register.unknown_arg':
    'Could not read “{arg}”: write a 4-digit year, a department name or id, or running/sent/all.',
  'doc.register.repeated_arg': '“{arg}” repeats a condition given before; give each kind once.',
  'doc.register.forbidden':
    'Only the office head, the office secretary and the archivist may export registers. Ask the general office for one.',
  'doc.register.generating': 'Making the {register} for {year}… it will arrive in our direct messages.',
  'doc.register.ready': 'The {register} for {year} ({scope}): {count} rows.',
  'doc.register.name.out': 'outgoing register',
  'doc.register.name.in': 'incoming register',
  'doc.register.truncated':
    'The register is too large: only the first {max} rows were exported. Export by department or state instead.',
  'doc.register.empty': 'No documents in {year} match ({scope}); no file was made.',
  'doc.register.all_departments': 'every department',
  'doc.register.state.running': 'in progress',
  'doc.register.state.sent': 'sent',
  'doc.register.state.all': 'every state',
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
  ...WORKFLOW_MESSAGES_EN,
};

/** Both catalogs, for tests and tools that compare them. */
export const catalogs: { readonly zh: Readonly<Record<MessageKey, string>>; readonly en: typeof en } = {
  zh,
  en,
};

/**
 * The message `key` in `locale`, with its `{placeholders}` filled from `params`. English falls back
 * to Chinese for a missing entry; a placeholder without a value stays visible rather than vanishing.
 */
export function t<K extends MessageKey>(locale: Locale, key: K, ...[params]: ParamsArg<K>): string {
  const template = (locale === 'en' ? en[key] : undefined) ?? zh[key];
  return fill(template, params);
}

/** True when `key` names a message in the catalog (keys from AppError arrive as plain strings). */
export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(zh, key);
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
  if (!isMessageKey(key)) return undefined;
  const template = (locale === 'en' ? en[key] : undefined) ?? zh[key];
  return fill(template, params);
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
