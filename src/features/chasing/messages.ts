// User texts of chasing (催办/督办): reminders, nudges, escalations, digests and the list of
// pending reminders, in Chinese (the default) and English.
//
// The composition root installs them beside the core catalog (src/shared/i18n.ts) when the feature
// is enabled; the declaration at the end adds their keys to the catalog's type, so `t` checks them.

import { defineMessages } from '../../shared/i18n.ts';

const zh = {
  // Chasing (催办/督办): reminders, nudges, escalations, digests
  'chase.button': '催一下',
  'chase.button_wait': '催一下（{time} 后可再催）',
  'chase.now_button': '立即催办',
  'chase.done': '已催办：{names}。',
  'chase.remind.before': '⏰ 提醒：「{title}」（{step}）将于 {deadline} 到期，请及时办理。',
  'chase.remind.due': '⏰ 「{title}」（{step}）已到办理时限 {deadline}，尚未办结，请抓紧办理。',
  'chase.remind.overdue':
    '❗ 催办：「{title}」（{step}）已超期 {days} 个工作日（时限 {deadline}），请尽快办理。',
  'chase.remind.overdue.one':
    '❗ 催办：「{title}」（{step}）已超期 {days} 个工作日（时限 {deadline}），请尽快办理。',
  'chase.remind.nudge': '👉 {by}催办「{title}」（{step}），请尽快办理。',
  'chase.remind.escalation':
    '🚨 督办：{assignee}办理的「{title}」（{step}）已超期 {days} 个工作日（时限 {deadline}），请督促办理。',
  'chase.remind.escalation.one':
    '🚨 督办：{assignee}办理的「{title}」（{step}）已超期 {days} 个工作日（时限 {deadline}），请督促办理。',
  'chase.digest.header': '☀️ 早上好！今天有 {count} 件事项待你办理（超期的在前）：',
  'chase.loan_before': '📚 你借阅的档案 {record} 将于 {due} 到期，请按时归还。',
  'chase.loan_overdue': '📚 你借阅的档案 {record} 已于 {due} 到期，请尽快归还。',
  'chase.loan_escalation': '📚 督办：{borrower}借阅的档案 {record} 已于 {due} 到期，至今未还，请催还。',
  'chase.owed': '📦 仍有 {count} 条领用欠发记录，请安排补发（`/supply owed` 查看）。',
  'reminders.header': '{title}（共 {total} 条待发，{zone} 时间）',
  'reminders.header.title': '接下来要发出的提醒',
  'reminders.none': '目前没有待发的提醒。',
  'reminders.row': '{time}  {kind} → {to}：{item}',
  'reminders.more': '……还有 {count} 条未列出。',
  'reminders.folded': '（并入早间汇总）',
  'reminders.digest_note': '另有早间待办汇总：每个工作日 {time} 发给有待办事项的人。',
  'reminders.forbidden': '只有办公室负责人可以查看待发的提醒。',
  'reminders.nobody': '—',
  'reminders.kind.before': '到期前提醒',
  'reminders.kind.due': '到期提醒',
  'reminders.kind.overdue': '超期催办',
  'reminders.kind.overdue_n': '超期催办（第 {n} 次）',
  'reminders.kind.escalation': '督办',
  'reminders.kind.digest': '早间待办汇总',
  'reminders.kind.loan_before': '借阅到期提醒',
  'reminders.kind.loan_overdue': '借阅超期催还',
  'reminders.kind.loan_escalation': '借阅超期督办',
  'reminders.kind.owed': '欠发用品提醒',
  'reminders.kind.report': '定期通报',
  'reminders.kind.chase_offer': '「催一下」出现（刷新卡片）',
  'error.chase_not_running': '这件事项已办结或不存在，无需催办。',
  'error.chase_not_allowed': '只有申请人、办公室秘书或督办领导可以催办。',
  'error.chase_nobody': '这件事项现在不等待其他人办理。',
  'error.chase_too_soon': '你刚催过这件事项，每 4 小时最多催一次，{time} 后可再催。',
  'error.chase_not_yet': '这一步刚开始办理，{time} 后（或临近办理期限时）才能催办。',
} as const;

const en: { readonly [K in keyof typeof zh]: string } = {
  // Chasing (催办/督办)
  'chase.button': 'Chase',
  'chase.button_wait': 'Chase (again after {time})',
  'chase.now_button': 'Chase now',
  'chase.done': 'Chased: {names}.',
  'chase.remind.before': '⏰ Reminder: “{title}” ({step}) is due {deadline}.',
  'chase.remind.due': '⏰ “{title}” ({step}) reached its deadline {deadline} and is not done yet.',
  'chase.remind.overdue': '❗ Overdue: “{title}” ({step}) is {days} working days late (due {deadline}).',
  'chase.remind.overdue.one': '❗ Overdue: “{title}” ({step}) is {days} working day late (due {deadline}).',
  'chase.remind.nudge': '👉 {by} chases “{title}” ({step}): please handle it soon.',
  'chase.remind.escalation':
    '🚨 Supervision: “{title}” ({step}), with {assignee}, is {days} working days late (due {deadline}).',
  'chase.remind.escalation.one':
    '🚨 Supervision: “{title}” ({step}), with {assignee}, is {days} working day late (due {deadline}).',
  'chase.digest.header': '☀️ Good morning! {count} items wait on you (overdue first):',
  'chase.loan_before': '📚 The archive record {record} you borrowed is due back {due}.',
  'chase.loan_overdue': '📚 The archive record {record} you borrowed was due back {due}; please return it.',
  'chase.loan_escalation':
    '📚 Supervision: {borrower} has not returned the archive record {record}, due {due}.',
  'chase.owed': '📦 {count} issue lines still owe supplies; please issue them (`/supply owed`).',
  'reminders.header': '{title} ({total} pending, {zone} time)',
  'reminders.header.title': 'Reminders to be sent next',
  'reminders.none': 'No reminders are pending.',
  'reminders.row': '{time}  {kind} → {to}: {item}',
  'reminders.more': '… and {count} more not listed.',
  'reminders.folded': ' (in the morning digest)',
  'reminders.digest_note':
    'Besides, the morning digest goes on working days at {time} to everyone something waits on.',
  'reminders.forbidden': 'Only the office head can see the pending reminders.',
  'reminders.nobody': '—',
  'reminders.kind.before': 'Reminder before the deadline',
  'reminders.kind.due': 'Deadline reminder',
  'reminders.kind.overdue': 'Overdue chase',
  'reminders.kind.overdue_n': 'Overdue chase (no. {n})',
  'reminders.kind.escalation': 'Escalation (督办)',
  'reminders.kind.digest': 'Morning digest',
  'reminders.kind.loan_before': 'Loan due reminder',
  'reminders.kind.loan_overdue': 'Loan overdue reminder',
  'reminders.kind.loan_escalation': 'Loan overdue escalation',
  'reminders.kind.owed': 'Owed supplies reminder',
  'reminders.kind.report': 'Periodic report',
  'reminders.kind.chase_offer': 'Chase button appears (card redrawn)',
  'error.chase_not_running': 'This item is finished or does not exist; nothing to chase.',
  'error.chase_not_allowed': 'Only the requester, a secretary or a supervising leader can chase.',
  'error.chase_nobody': 'This item does not wait on anyone else now.',
  'error.chase_too_soon': 'You chased this item less than 4 hours ago; you can chase again at {time}.',
  'error.chase_not_yet':
    'This step has only just begun; you can chase it from {time} (or once its deadline is near).',
};

/** This feature's messages, for its module's `messages` contribution. */
export const CHASING_MESSAGES = defineMessages({ zh, en });

type ChasingMessages = typeof zh;

declare module '../../shared/i18n.ts' {
  interface Messages extends ChasingMessages {}
}
