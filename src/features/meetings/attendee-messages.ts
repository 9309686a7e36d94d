// User texts of a meeting's attendees and organiser (会议通知、回执、变更、取消): the answer on each
// attendee's copy of the card, the organiser's tally, the 请假 and 委派 forms, reminders, changes
// and cancellations, and the refusals, in Chinese (the default) and English. Installed with the
// feature's other texts (see meeting-module).

import { defineMessages } from '../../shared/i18n.ts';

const zh = {
  'meeting.notice.your_answer': '我的答复',
  'meeting.notice.delegated_by': '委派人',
  'meeting.notice.attend': '参加',
  'meeting.notice.leave': '请假',
  'meeting.notice.delegate': '委派',
  'meeting.notice.delegated_to_you': '{by} 委派您代为参加会议《{title}》，会议通知见随后的卡片。',
  'meeting.answer.pending': '未回复',
  'meeting.answer.attending': '参加',
  'meeting.answer.leave': '请假：{reason}',
  'meeting.answer.delegated': '已委派 {name} 代为参会',
  'meeting.answered.attending': '已确认参加《{title}》。',
  'meeting.answered.leave': '已就《{title}》向组织者请假。',
  'meeting.answered.delegated': '已委派 {name} 代为参加《{title}》，会议通知已发给对方。',
  'meeting.answered.same': '您对《{title}》的答复已记录，没有变化。',
  'meeting.tally.title': '回执',
  'meeting.tally.line': '{group}：{names}',
  'meeting.tally.attending': '已确认（{count}）',
  'meeting.tally.leave': '请假（{count}）',
  'meeting.tally.delegated': '已委派（{count}）',
  'meeting.tally.pending': '未回复（{count}）',
  'meeting.tally.none': '无',
  'meeting.tally.with_reason': '{name}（{reason}）',
  'meeting.tally.delegated_to': '{name} → {to}',
  'meeting.leave.title': '请假',
  'meeting.leave.intro': '会议《{title}》（{time}）。请写明请假理由，组织者会看到。',
  'meeting.leave.reason': '请假理由',
  'meeting.leave.submit': '提交',
  'meeting.leave.error.reason': '请填写请假理由。',
  'meeting.delegate.title': '委派他人参会',
  'meeting.delegate.intro': '会议《{title}》（{time}）。被委派的人会收到会议通知并成为参会人员。',
  'meeting.delegate.person': '代为参会人员',
  'meeting.delegate.submit': '委派',
  'meeting.delegate.error.person': '请从列表中选择代为参会的人员。',
  'meeting.remind.before': '会前提醒：会议《{title}》将于 {timeZh} 召开，请准时参加。会议通知见下方卡片。',
  'meeting.remind.unanswered':
    '请确认是否参加会议《{title}》（{timeZh}）：在下方的会议通知卡片上选择 参加、请假 或 委派。',
  'error.meeting_not_found': '没有找到这个会议。',
  'error.meeting_not_approved': '会议尚未批准，还不能答复。',
  'error.meeting_cancelled': '会议已取消。',
  'error.meeting_ended': '会议已于 {timeZh} 结束，不能再答复。',
  'error.meeting_not_invited': '您不在这次会议的参会名单中，不能答复。',
  'error.meeting_delegate_self': '不能委派自己，请选择其他人员。',
  'error.meeting_delegate_invited': '{name} 已在参会名单中，请选择其他人员。',
  'error.meeting_delegate_unknown': '代为参会人员不在组织文件中，请从列表中选择。',
  'error.meeting_already_delegated': '您已委派他人代为参会，不能再次委派。',
} as const;

const en: { readonly [K in keyof typeof zh]: string } = {
  'meeting.notice.your_answer': 'Your answer',
  'meeting.notice.delegated_by': 'Delegated by',
  'meeting.notice.attend': 'Attend',
  'meeting.notice.leave': 'Ask for leave',
  'meeting.notice.delegate': 'Send a stand-in',
  'meeting.notice.delegated_to_you':
    '{by} asks you to attend “{title}” in their place; the meeting’s notice follows.',
  'meeting.answer.pending': 'Not answered',
  'meeting.answer.attending': 'Attending',
  'meeting.answer.leave': 'On leave: {reason}',
  'meeting.answer.delegated': '{name} attends in your place',
  'meeting.answered.attending': 'You will attend “{title}”.',
  'meeting.answered.leave': 'Your leave from “{title}” is recorded for the organiser.',
  'meeting.answered.delegated': '{name} will attend “{title}” in your place and has been sent the notice.',
  'meeting.answered.same': 'Your answer to “{title}” was already recorded; nothing changed.',
  'meeting.tally.title': 'Answers',
  'meeting.tally.line': '{group}: {names}',
  'meeting.tally.attending': 'Confirmed ({count})',
  'meeting.tally.leave': 'On leave ({count})',
  'meeting.tally.delegated': 'Sent a stand-in ({count})',
  'meeting.tally.pending': 'Not answered ({count})',
  'meeting.tally.none': 'None',
  'meeting.tally.with_reason': '{name} ({reason})',
  'meeting.tally.delegated_to': '{name} → {to}',
  'meeting.leave.title': 'Ask for leave',
  'meeting.leave.intro': '“{title}” ({time}). Give your reason; the organiser sees it.',
  'meeting.leave.reason': 'Reason',
  'meeting.leave.submit': 'Send',
  'meeting.leave.error.reason': 'Please give the reason for your leave.',
  'meeting.delegate.title': 'Send a stand-in',
  'meeting.delegate.intro':
    '“{title}” ({time}). The person you name is sent the notice and becomes an attendee.',
  'meeting.delegate.person': 'Stand-in',
  'meeting.delegate.submit': 'Delegate',
  'meeting.delegate.error.person': 'Please pick the stand-in from the list.',
  'meeting.remind.before': 'Reminder: “{title}” takes place {timeEn}; please be on time. The notice follows.',
  'meeting.remind.unanswered':
    'Will you attend “{title}” ({timeEn})? Answer on the notice below: Attend, Ask for leave or Send a stand-in.',
  'error.meeting_not_found': 'No such meeting.',
  'error.meeting_not_approved': 'The meeting is not approved yet; it cannot be answered.',
  'error.meeting_cancelled': 'The meeting has been cancelled.',
  'error.meeting_ended': 'The meeting ended at {timeEn}; answers are closed.',
  'error.meeting_not_invited': 'You are not among this meeting’s attendees, so you cannot answer.',
  'error.meeting_delegate_self': 'You cannot delegate to yourself; please pick someone else.',
  'error.meeting_delegate_invited': '{name} is already an attendee; please pick someone else.',
  'error.meeting_delegate_unknown':
    'The stand-in is not in the organisation file; please pick from the list.',
  'error.meeting_already_delegated': 'You have already sent a stand-in and cannot delegate again.',
};

/** The attendees' and organisers' texts, installed with the feature's others. */
export const MEETING_ATTENDEE_MESSAGES = defineMessages({ zh, en });

type MeetingAttendeeMessages = typeof zh;

declare module '../../shared/i18n.ts' {
  interface Messages extends MeetingAttendeeMessages {}
}
