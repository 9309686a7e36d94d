// User texts of the meetings' records: yearly plans (`/meeting plan`), the register
// (`/meeting register`), similar meetings on the approvers' card and secret meetings, in Chinese
// (the default) and English. Installed with the feature's other messages (messages.ts).

import { defineMessages } from '../../shared/i18n.ts';

const zh = {
  'meeting.plan.form.title': '{year} 年度会议计划',
  'meeting.plan.form.submit': '提交计划',
  'meeting.plan.form.intro':
    '{department} {year} 年度会议计划：每行一个会议，至多 {lines} 个；再次提交将替换本部门该年度的计划。',
  'meeting.plan.field.name': '会议 {n}：名称',
  'meeting.plan.field.content': '会议 {n}：内容',
  'meeting.plan.field.timing': '会议 {n}：预计月份或日期',
  'meeting.plan.field.timing_hint': '如 3月 或 2027-03-15',
  'meeting.plan.field.place': '会议 {n}：地点',
  'meeting.plan.field.attendees': '会议 {n}：参会范围',
  'meeting.plan.field.size': '会议 {n}：预计人数',
  'meeting.plan.field.budget': '会议 {n}：预算（元）',
  'meeting.plan.error.name': '请填写会议名称。',
  'meeting.plan.error.content': '请填写会议内容。',
  'meeting.plan.error.place': '请填写会议地点。',
  'meeting.plan.error.attendees': '请填写参会范围。',
  'meeting.plan.error.timing': '请填写 {year} 年内的月份或日期，如 3月 或 {year}-03-15。',
  'meeting.plan.error.size': '预计人数应为 1 到 {max} 的整数。',
  'meeting.plan.error.empty': '请至少填写一个会议。',
  'meeting.plan.done': '已提交{department} {year} 年度会议计划：{count} 个会议，预算合计 {budget} 元。',
  'meeting.plan.bad_year': '“{word}”不是年份，请写如 /meeting plan 2027。',
  'meeting.plan.summary.title':
    '{year} 年度会议计划：{submitted}/{departments} 个部门已提交，共 {entries} 个会议，预算合计 {budget} 元。',
  'meeting.plan.summary.row': '{department}：{entries} 个会议，预算 {budget} 元',
  'meeting.plan.summary.missing': '未提交：{departments}',
  'meeting.plan.summary.all_in': '各部门均已提交。',
  'meeting.plan.summary.more':
    '查看某部门的计划：/meeting plan 年份 部门；填报本部门计划：/meeting plan 年份 填报。',
  'meeting.plan.unknown_department': '没有找到部门“{word}”。部门有：{departments}。',
  'meeting.plan.department.none': '{department}尚未提交 {year} 年度会议计划。',
  'meeting.plan.department.title': '{department} {year} 年度会议计划（{count} 个会议）',
  'meeting.plan.department.row': '{n}. {name}｜{timing}｜{place}｜{attendees}{size}{budget}',
  'meeting.plan.department.size': '｜{size} 人',
  'meeting.plan.department.budget': '｜{budget} 元',
  'meeting.register.bad_year': '“{word}”不是年份，请写如 /meeting register 2026。',
  'meeting.register.forbidden': '会议台账由办公室负责人、办公室秘书导出；部门负责人可导出本部门的台账。',
  'meeting.register.own_department': '部门负责人只能导出本部门的会议台账。',
  'meeting.register.empty': '{year} 年没有会议。',
  'meeting.register.ready': '会议台账 {file}（{count} 场会议）。',
  'meeting.card.planned_entry': '年度计划内：{entry}',
  'meeting.card.similar': '合并或套开？',
  'meeting.card.similar_value':
    '同一周有相近的会议《{name}》（编号 {number}，{time}），参会人员大多相同，可考虑合并或套开。',
  'meeting.similar.button': '查看相近会议',
  'meeting.similar.title': '相近会议《{title}》（编号 {number}，{state}）',
  'meeting.similar.fact': '{label}：{value}',
  'meeting.similar.state.running': '审批中',
  'meeting.similar.state.approved': '已批准',
  'meeting.similar.state.closed': '已不再进行',
  'error.meeting_similar_forbidden': '只有这份会议申请的组织者和审批人可以查看相近会议。',
  'error.meeting_similar_gone': '相近的会议已不存在。',
  'meeting.secrecy.label': '密级',
  'meeting.secrecy.hint': '秘密及以上的会议只填写会议编号，不填写会议名称、议程、材料和理由。',
  'meeting.secrecy.public': '公开',
  'meeting.secrecy.internal': '内部',
  'meeting.secrecy.secret': '秘密',
  'meeting.secrecy.confidential': '机密',
  'meeting.secrecy.top_secret': '绝密',
  'meeting.secrecy.reference': '会议编号（秘密及以上必填）',
  'meeting.secrecy.error.level': '请选择密级。',
  'meeting.secrecy.error.reference': '秘密及以上的会议须填写会议编号。',
  'meeting.secrecy.error.classified_text': '秘密及以上的会议不得填写此项，只填写会议编号。',
  'error.meeting_plan_no_department': '你不在组织文件的任何部门中，不能填报会议计划。',
} as const;

const en: { readonly [K in keyof typeof zh]: string } = {
  'meeting.plan.form.title': 'Meeting plan for {year}',
  'meeting.plan.form.submit': 'Submit the plan',
  'meeting.plan.form.intro':
    '{department}’s meetings planned for {year}: one meeting a line, {lines} at most; submitting again replaces the department’s plan for the year.',
  'meeting.plan.field.name': 'Meeting {n}: name',
  'meeting.plan.field.content': 'Meeting {n}: content',
  'meeting.plan.field.timing': 'Meeting {n}: expected month or date',
  'meeting.plan.field.timing_hint': 'e.g. 3月 or 2027-03-15',
  'meeting.plan.field.place': 'Meeting {n}: place',
  'meeting.plan.field.attendees': 'Meeting {n}: attendees',
  'meeting.plan.field.size': 'Meeting {n}: expected number of people',
  'meeting.plan.field.budget': 'Meeting {n}: budget (yuan)',
  'meeting.plan.error.name': 'Please give the meeting’s name.',
  'meeting.plan.error.content': 'Please give the meeting’s content.',
  'meeting.plan.error.place': 'Please give the place.',
  'meeting.plan.error.attendees': 'Please say who attends.',
  'meeting.plan.error.timing': 'Please give a month or a date in {year}, e.g. 3月 or {year}-03-15.',
  'meeting.plan.error.size': 'The number of people must be a whole number from 1 to {max}.',
  'meeting.plan.error.empty': 'Please give one meeting at least.',
  'meeting.plan.done':
    '{department}’s meeting plan for {year} submitted: {count} meetings, {budget} yuan in all.',
  'meeting.plan.bad_year': '“{word}” is not a year; write e.g. /meeting plan 2027.',
  'meeting.plan.summary.title':
    'Meeting plans for {year}: {submitted} of {departments} departments submitted, {entries} meetings, {budget} yuan in all.',
  'meeting.plan.summary.row': '{department}: {entries} meetings, {budget} yuan',
  'meeting.plan.summary.missing': 'Not submitted: {departments}',
  'meeting.plan.summary.all_in': 'Every department has submitted.',
  'meeting.plan.summary.more':
    'One department’s plan: /meeting plan <year> <department>; your own department’s form: /meeting plan <year> edit.',
  'meeting.plan.unknown_department': 'No department “{word}”. The departments are: {departments}.',
  'meeting.plan.department.none': '{department} has not submitted a meeting plan for {year}.',
  'meeting.plan.department.title': '{department}’s meeting plan for {year} ({count} meetings)',
  'meeting.plan.department.row': '{n}. {name} | {timing} | {place} | {attendees}{size}{budget}',
  'meeting.plan.department.size': ' | {size} people',
  'meeting.plan.department.budget': ' | {budget} yuan',
  'meeting.register.bad_year': '“{word}” is not a year; write e.g. /meeting register 2026.',
  'meeting.register.forbidden':
    'The meeting register is exported by the office head and the office secretaries; a department head may export their own department’s.',
  'meeting.register.own_department': 'A department head may export their own department’s register only.',
  'meeting.register.empty': 'No meetings in {year}.',
  'meeting.register.ready': 'Meeting register {file} ({count} meetings).',
  'meeting.card.planned_entry': 'In this year’s plan: {entry}',
  'meeting.card.similar': 'Merge or hold together?',
  'meeting.card.similar_value':
    'A similar meeting, “{name}” (no. {number}, {time}), is in the same week with mostly the same attendees: consider merging them or holding them back to back.',
  'meeting.similar.button': 'View similar meeting',
  'meeting.similar.title': 'Similar meeting “{title}” (no. {number}, {state})',
  'meeting.similar.fact': '{label}: {value}',
  'meeting.similar.state.running': 'under review',
  'meeting.similar.state.approved': 'approved',
  'meeting.similar.state.closed': 'no longer going ahead',
  'error.meeting_similar_forbidden':
    'Only the organiser and the approvers of this meeting request may view the similar meeting.',
  'error.meeting_similar_gone': 'The similar meeting no longer exists.',
  'meeting.secrecy.label': 'Secrecy',
  'meeting.secrecy.hint':
    'A meeting at secret or above gives its number only: no name, agenda, materials or reason.',
  'meeting.secrecy.public': 'Public',
  'meeting.secrecy.internal': 'Internal',
  'meeting.secrecy.secret': 'Secret',
  'meeting.secrecy.confidential': 'Confidential',
  'meeting.secrecy.top_secret': 'Top secret',
  'meeting.secrecy.reference': 'Meeting number (required at secret and above)',
  'meeting.secrecy.error.level': 'Please pick the secrecy level.',
  'meeting.secrecy.error.reference': 'A meeting at secret or above needs its number.',
  'meeting.secrecy.error.classified_text':
    'A meeting at secret or above leaves this empty: give its number only.',
  'error.meeting_plan_no_department':
    'You are in no department of the organisation file and cannot submit a meeting plan.',
};

/** The messages of the meetings' records. */
export const MEETING_RECORD_MESSAGES = defineMessages({ zh, en });

type MeetingRecordMessages = typeof zh;

declare module '../../shared/i18n.ts' {
  interface Messages extends MeetingRecordMessages {}
}
