// User texts of the sign-in (签到): the button and the card's lines, the secretary's form, the
// reminder to those not signed in, the organiser's attendance, and the refusals, in Chinese (the
// default) and English. Installed with the feature's other texts (see meeting-module).

import { defineMessages } from '../../shared/i18n.ts';

const zh = {
  'meeting.signin.button': '签到',
  'meeting.signin.field': '签到',
  'meeting.signin.done_at': '已签到（{at}）',
  'meeting.signin.done': '已签到：《{title}》。',
  'meeting.signin.same': '您已签到过《{title}》，无需重复签到。',
  'meeting.signin.done_others': '已为 {count} 人签到《{title}》：{names}。',
  'meeting.signin.none_new': '所选人员均已签到《{title}》，没有变化。',
  'meeting.signin.done_leave_withdrawn':
    '已签到：《{title}》。您此前请了假，现已到会，请假已撤回，记为参加。',
  'meeting.signin.leave_withdrawn': '其中请过假的已到会，请假撤回，记为参加：{names}。',
  'meeting.signin.already_others': '已签到过，无需重复：{names}。',
  'meeting.signin.refused_others': '未能签到《{title}》：{entries}。',
  'meeting.signin.refused_entry': '{name}（{why}）',
  'meeting.signin.refused.not_invited': '不在这次会议的参会名单中',
  'meeting.signin.refused.delegated': '已委派{name}代为参会',
  'meeting.signin.state.signed': '已签到',
  'meeting.signin.attendance_title': '出席',
  'meeting.signin.attendance_counts':
    '应到 {expected} 人，实到 {present} 人，请假 {leave} 人，缺席 {absent} 人',
  'meeting.signin.attendance':
    '应到 {expected} 人，实到 {present} 人（{presentNames}），请假 {leave} 人（{leaveNames}），缺席 {absent} 人（{absentNames}）',
  'meeting.signin.absent_reminder':
    '会议《{title}》（{timeZh}）已经开始，您尚未签到。到场后请在下方的会议通知卡片上点 签到。',
  'meeting.signin.attendance_report': '会议《{title}》（{timeZh}）开始 10 分钟的出席情况：{attendanceZh}。',
  'meeting.signin.form.title': '代为签到',
  'meeting.signin.form.intro': '会议《{title}》（{time}）。勾选到场的人员，签到记为由您代签。',
  'meeting.signin.form.signed': '已签到：{names}',
  'meeting.signin.form.people': '到场人员',
  'meeting.signin.form.submit': '签到',
  'meeting.signin.form.error.people': '请至少勾选一位到场的人员。',
  'meeting.signin.state.pending': '未回复',
  'meeting.signin.state.attending': '已确认参加',
  'meeting.signin.state.leave': '请假',
  'meeting.signin.option': '{name}（{state}）',
  'meeting.signin.none_open': '现在没有可签到的会议：签到从会议开始前 30 分钟开放，至会议结束。',
  'meeting.signin.which':
    '现在有几场会议可签到，请写明会议名称：/meeting signin <会议名称>。可签到的会议：{titles}',
  'meeting.signin.all_signed': '《{title}》的参会人员都已签到。',
  'error.meeting_signin_closed':
    '签到时间为会议开始前 30 分钟至会议结束（会议时间 {timeZh}），现在不能签到。',
  'error.meeting_signin_not_invited': '您不在这次会议的参会名单中，不能签到。',
  'error.meeting_signin_forbidden': '只有办公室秘书或会议的组织者可以代他人签到。',
} as const;

const en: { readonly [K in keyof typeof zh]: string } = {
  'meeting.signin.button': 'Sign in',
  'meeting.signin.field': 'Sign-in',
  'meeting.signin.done_at': 'Signed in ({at})',
  'meeting.signin.done': 'Signed in to “{title}”.',
  'meeting.signin.same': 'You are already signed in to “{title}”.',
  'meeting.signin.done_others': 'Signed {count} in to “{title}”: {names}.',
  'meeting.signin.none_new': 'Everyone chosen was already signed in to “{title}”; nothing changed.',
  'meeting.signin.done_leave_withdrawn':
    'Signed in to “{title}”. You had asked for leave and came after all: your leave is withdrawn and you count as attending.',
  'meeting.signin.leave_withdrawn':
    'Of them, these had asked for leave and came after all; their leave is withdrawn: {names}.',
  'meeting.signin.already_others': 'Already signed in, nothing changed: {names}.',
  'meeting.signin.refused_others': 'Not signed in to “{title}”: {entries}.',
  'meeting.signin.refused_entry': '{name} ({why})',
  'meeting.signin.refused.not_invited': 'not among this meeting’s attendees',
  'meeting.signin.refused.delegated': 'delegated the meeting to {name}',
  'meeting.signin.state.signed': 'signed in',
  'meeting.signin.attendance_title': 'Attendance',
  'meeting.signin.attendance_counts':
    'expected {expected}, present {present}, on leave {leave}, absent {absent}',
  'meeting.signin.attendance':
    'expected {expected}, present {present} ({presentNames}), on leave {leave} ({leaveNames}), absent {absent} ({absentNames})',
  'meeting.signin.absent_reminder':
    '“{title}” ({timeEn}) has started and you have not signed in. Once there, press Sign in on the meeting’s card below.',
  'meeting.signin.attendance_report':
    'Attendance of “{title}” ({timeEn}) ten minutes after the start: {attendanceEn}.',
  'meeting.signin.form.title': 'Sign people in',
  'meeting.signin.form.intro': '“{title}” ({time}). Tick those present; they are signed in by you.',
  'meeting.signin.form.signed': 'Signed in: {names}',
  'meeting.signin.form.people': 'Present',
  'meeting.signin.form.submit': 'Sign in',
  'meeting.signin.form.error.people': 'Please tick at least one person present.',
  'meeting.signin.state.pending': 'no answer',
  'meeting.signin.state.attending': 'attending',
  'meeting.signin.state.leave': 'on leave',
  'meeting.signin.option': '{name} ({state})',
  'meeting.signin.none_open':
    'No meeting is open for sign-in now: sign-in opens 30 minutes before a meeting starts and closes at its end.',
  'meeting.signin.which':
    'Several meetings are open for sign-in; name one: /meeting signin <name>. Open: {titles}',
  'meeting.signin.all_signed': 'Everyone invited to “{title}” is signed in.',
  'error.meeting_signin_closed':
    'Sign-in is open from 30 minutes before the start until the end (the meeting is {timeEn}); not now.',
  'error.meeting_signin_not_invited': 'You are not among this meeting’s attendees, so you cannot sign in.',
  'error.meeting_signin_forbidden': 'Only an office secretary or the meeting’s organiser may sign others in.',
};

/** The sign-in's texts, installed with the feature's others. */
export const MEETING_SIGN_IN_MESSAGES = defineMessages({ zh, en });

type MeetingSignInMessages = typeof zh;

declare module '../../shared/i18n.ts' {
  interface Messages extends MeetingSignInMessages {}
}
