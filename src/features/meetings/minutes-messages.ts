// User texts of minutes (会议纪要) and decisions (决定事项): the form and its checks, the notices
// of signed minutes and of a decision done, `/meeting minutes`, `/meeting decisions` and the
// refusals, in Chinese (the default) and English. Installed with the meetings feature's texts.

import { defineMessages } from '../../shared/i18n.ts';
import { MEETING_ATTENDEE_MESSAGES } from './attendee-messages.ts';
import { MEETING_COST_MESSAGES } from './cost-messages.ts';
import { MEETING_MESSAGES } from './messages.ts';

const zh = {
  'meeting.minutes.form.title': '会议纪要',
  'meeting.minutes.button': '写纪要',
  'meeting.minutes.form.submit': '送主持领导审签',
  'meeting.minutes.form.intro':
    '写明会议的主要内容和决定事项；每项决定写明责任人（或责任部门，由其负责人落实）和办理时限（工作日，自审签之日起算）。主持领导审签后，纪要发送参会人员，决定事项逐项交责任人办理并跟踪督办。',
  'meeting.minutes.field.summary': '纪要内容',
  'meeting.minutes.field.decision': '决定事项 {n}',
  'meeting.minutes.field.owner': '决定事项 {n}：责任人或责任部门',
  'meeting.minutes.field.owner_department': '{name}（部门负责人）',
  'meeting.minutes.field.days': '决定事项 {n}：办理时限（工作日）',
  'meeting.minutes.field.range_people': '另送人员（参会人员之外）',
  'meeting.minutes.field.range_departments': '另送部门（全体人员）',
  'meeting.minutes.error.summary': '请填写纪要内容。',
  'meeting.minutes.error.decision': '请写明这项决定的内容。',
  'meeting.minutes.error.owner': '请从列表中选择这项决定的责任人或责任部门。',
  'meeting.minutes.error.no_head': '该部门没有负责人，请改选责任人。',
  'meeting.minutes.error.days': '办理时限应为 1 到 {max} 个工作日。',
  'meeting.minutes.started': '《{title}》的会议纪要已送 {person} 审签。',
  'meeting.minutes.resent': '《{title}》的会议纪要已修改，重新送 {person} 审签。',
  'meeting.minutes.none': '目前没有需要你写纪要的会议（会议须已批准并已开始，你是组织者或主办部门人员）。',
  'meeting.minutes.choose': '可以写纪要的会议（用 /meeting minutes 会议名称 打开）：',
  'meeting.minutes.choose_row': '《{title}》 {time}',
  'meeting.minutes.notice':
    '会议纪要：《{title}》（{time}），{signer}已审签。\n{summary}\n决定事项：\n{decisions}',
  'meeting.minutes.notice_plain': '会议纪要：《{title}》（{time}），{signer}已审签。\n{summary}',
  'meeting.minutes.notice_decision': '{n}. {text}（责任人：{owner}，{days} 个工作日内办结）',
  'meeting.minutes.notice_decision.one': '{n}. {text}（责任人：{owner}，{days} 个工作日内办结）',
  'meeting.minutes.card.summary': '纪要内容',
  'meeting.minutes.card.decisions': '决定事项',
  'meeting.minutes.card.range': '另送',
  'card.requester.meeting_minutes': '起草人：{name}',
  'card.waiting_on_requester.meeting_minutes': '等待起草人 {name} 修改纪要',
  'card.status.returned.meeting_minutes': '已退回，待起草人修改后重新送审签',
  'card.status.approved.meeting_minutes': '已审签',
  'card.requester.meeting_decision': '会议组织者：{name}',
  'card.status.approved.meeting_decision': '已办结',
  'meeting.decision.card.meeting': '会议',
  'meeting.decision.card.days': '办理时限',
  'meeting.decision.card.days_value': '{days} 个工作日',
  'meeting.decision.card.days_value.one': '{days} 个工作日',
  'meeting.minutes.signed_notice':
    '《{title}》的会议纪要已由{by}审签，已发送参会人员，决定事项已交责任人办理。',
  'meeting.minutes.returned_notice':
    '《{title}》的会议纪要被{by}退回：{opinion}\n请用 /meeting minutes {title} 修改后重新送审签。',
  'meeting.decision.done': '「{meeting}」的决定事项「{title}」已由{by}办结：{result}',
  'meeting.archive.handed':
    '《{title}》的会议材料（通知、议程、签到表、纪要）已移交归档，待接收（/archive intake）。',
  'meeting.decisions.title': '未办结的会议决定事项（{count} 项）：',
  'meeting.decisions.title_mine': '你负责的未办结会议决定事项（{count} 项）：',
  'meeting.decisions.row': '《{meeting}》 {text} — {owner} — 截止 {deadline}{overdue}',
  'meeting.decisions.overdue': '（已超期）',
  'meeting.decisions.no_deadline': '无',
  'meeting.decisions.none': '没有未办结的会议决定事项。',
  'meeting.decisions.none_mine': '你没有未办结的会议决定事项。',
  'error.minutes_classified': '秘密及以上的会议只按编号管理，会议纪要不在本系统中起草和分发。',
  'error.minutes_not_started': '会议在 {timeZh} 召开，开始后才能写纪要。',
  'error.minutes_not_allowed': '会议纪要由会议组织者或主办部门人员起草。',
  'error.minutes_signing': '这次会议的纪要已送主持领导审签，审签或退回后才能再改。',
  'error.minutes_signed': '这次会议的纪要已审签发出，不能再改。',
  'error.minutes_drafted_by': '这次会议的纪要由{personZh}起草，已退回起草人修改。',
  'error.minutes_meeting_unknown': '没有找到已批准的会议“{word}”。用 /meeting minutes 查看可以写纪要的会议。',
  'error.minutes_meeting_ambiguous': '有几次会议都符合：{titles}，请写出完整的会议名称。',
  'error.minutes_exists': '这次会议已经有纪要了。',
  'error.decisions_office_only':
    '全部决定事项只有办公室和局领导可以查看；用 /meeting decisions mine 查看你负责的。',
} as const;

const en: { readonly [K in keyof typeof zh]: string } = {
  'meeting.minutes.form.title': 'Meeting minutes',
  'meeting.minutes.button': 'Minutes',
  'meeting.minutes.form.submit': 'Send to the chair to sign',
  'meeting.minutes.form.intro':
    'Give the main points of the meeting and its decisions; each decision names who carries it out (a person, or a department, meaning its head) and the time allowed in working days from signing. Once the chairing leader signs, the minutes go to the attendees and each decision to its owner, followed up until done.',
  'meeting.minutes.field.summary': 'Minutes',
  'meeting.minutes.field.decision': 'Decision {n}',
  'meeting.minutes.field.owner': 'Decision {n}: who carries it out',
  'meeting.minutes.field.owner_department': '{name} (its head)',
  'meeting.minutes.field.days': 'Decision {n}: working days allowed',
  'meeting.minutes.field.range_people': 'Also send to (beyond the attendees)',
  'meeting.minutes.field.range_departments': 'Also send to departments (everyone)',
  'meeting.minutes.error.summary': 'Please write the minutes.',
  'meeting.minutes.error.decision': 'Please say what was decided.',
  'meeting.minutes.error.owner': 'Please pick who carries this decision out.',
  'meeting.minutes.error.no_head': 'That department has no head; please pick a person.',
  'meeting.minutes.error.days': 'The time allowed must be from 1 to {max} working days.',
  'meeting.minutes.started': 'The minutes of “{title}” were sent to {person} to sign.',
  'meeting.minutes.resent': 'The minutes of “{title}” were revised and sent to {person} again.',
  'meeting.minutes.none':
    'No meeting is waiting for minutes from you (the meeting must be approved and have started, and you its organiser or of its host department).',
  'meeting.minutes.choose': 'Meetings you can write minutes for (open one with /meeting minutes <name>):',
  'meeting.minutes.choose_row': '“{title}” {time}',
  'meeting.minutes.notice':
    'Minutes of “{title}” ({time}), signed by {signer}.\n{summary}\nDecisions:\n{decisions}',
  'meeting.minutes.notice_plain': 'Minutes of “{title}” ({time}), signed by {signer}.\n{summary}',
  'meeting.minutes.notice_decision': '{n}. {text} (owner: {owner}, within {days} working days)',
  'meeting.minutes.notice_decision.one': '{n}. {text} (owner: {owner}, within {days} working day)',
  'meeting.minutes.card.summary': 'Minutes',
  'meeting.minutes.card.decisions': 'Decisions',
  'meeting.minutes.card.range': 'Also sent to',
  'card.requester.meeting_minutes': 'Drafted by: {name}',
  'card.waiting_on_requester.meeting_minutes': 'Waiting on the drafter, {name}, to revise the minutes',
  'card.status.returned.meeting_minutes': 'Returned: waiting for the drafter to revise and send them again',
  'card.status.approved.meeting_minutes': 'Signed',
  'card.requester.meeting_decision': 'Organiser: {name}',
  'card.status.approved.meeting_decision': 'Done',
  'meeting.decision.card.meeting': 'Meeting',
  'meeting.decision.card.days': 'Time allowed',
  'meeting.decision.card.days_value': '{days} working days',
  'meeting.decision.card.days_value.one': '{days} working day',
  'meeting.minutes.signed_notice':
    'The minutes of “{title}” were signed by {by}; they went to the attendees and each decision to its owner.',
  'meeting.minutes.returned_notice':
    'The minutes of “{title}” were returned by {by}: {opinion}\nRevise them with /meeting minutes {title} and send them again.',
  'meeting.decision.done': 'The decision “{title}” of “{meeting}” was done by {by}: {result}',
  'meeting.archive.handed':
    'The materials of the meeting “{title}” (notice, agenda, sign-in sheet, minutes) were handed to the archive (/archive intake).',
  'meeting.decisions.title': 'Open meeting decisions ({count}):',
  'meeting.decisions.title_mine': 'Open meeting decisions you carry out ({count}):',
  'meeting.decisions.row': '“{meeting}” {text} — {owner} — due {deadline}{overdue}',
  'meeting.decisions.overdue': ' (overdue)',
  'meeting.decisions.no_deadline': 'none',
  'meeting.decisions.none': 'No meeting decision is open.',
  'meeting.decisions.none_mine': 'You have no open meeting decision.',
  'error.minutes_classified':
    'A meeting at 秘密 or above is kept by its number only; its minutes are not drafted or sent here.',
  'error.minutes_not_started':
    'The meeting is held {timeEn}; its minutes can be written once it has started.',
  'error.minutes_not_allowed': 'The minutes are drafted by the organiser or someone of the host department.',
  'error.minutes_signing':
    'The minutes of this meeting are with the chairing leader; they can be changed once signed or returned.',
  'error.minutes_signed': 'The minutes of this meeting are signed and sent; they cannot be changed.',
  'error.minutes_drafted_by': 'The minutes of this meeting were drafted by {personEn} and returned to them.',
  'error.minutes_meeting_unknown':
    'No approved meeting “{word}”. /meeting minutes lists the meetings you can write minutes for.',
  'error.minutes_meeting_ambiguous': 'Several meetings match: {titles}. Please give the full name.',
  'error.minutes_exists': 'This meeting has its minutes already.',
  'error.decisions_office_only':
    'Every decision is listed for the office and the leaders only; /meeting decisions mine lists yours.',
};

/** Every text of the meetings feature: requests and rooms, attendees, actual costs, minutes and decisions. */
export const MEETINGS_FEATURE_MESSAGES = defineMessages({
  zh: { ...MEETING_MESSAGES.zh, ...MEETING_ATTENDEE_MESSAGES.zh, ...MEETING_COST_MESSAGES.zh, ...zh },
  en: { ...MEETING_MESSAGES.en, ...MEETING_ATTENDEE_MESSAGES.en, ...MEETING_COST_MESSAGES.en, ...en },
});

type MinutesMessages = typeof zh;

declare module '../../shared/i18n.ts' {
  interface Messages extends MinutesMessages {}
}
