// User texts of reports (定期通报): the weekly post, /doc report, its chart and its CSV, in
// Chinese (the default) and English.
//
// The composition root installs them beside the core catalog (src/shared/i18n.ts) when the feature
// is enabled; the declaration at the end adds their keys to the catalog's type, so `t` checks them.

import { defineMessages } from '../../shared/i18n.ts';

const zh = {
  'report.header': '定期通报 · {period}',
  'report.period.week': '{year}年第{week}周（{from}至{to}）',
  'report.period.month': '{year}年{month}月',
  'report.summary.title': '全局合计',
  'report.summary':
    '{title}：按时办结 {onTime} 件，超时办结 {late} 件，仍超期 {overdue} 件，平均办理时长 {average}。',
  'report.field.on_time': '按时办结',
  'report.field.late': '超时办结',
  'report.field.overdue': '仍超期',
  'report.field.average': '平均办理时长',
  'report.field.meetings': '会议',
  'report.meetings.value': '计划 {planned} 场，计划内召开 {held} 场，临时 {unplanned} 场',
  'report.meetings.attendance': '，出席率 {rate}%',
  'report.hours': '{hours} 小时',
  'report.no_value': '—',
  'report.departments_cut': '另有 {count} 个部门未列出，详见 CSV 文件。',
  'report.overdue.heading': '超期时间最长的事项',
  'report.overdue.none': '目前没有超期事项。',
  'report.overdue.line':
    '{rank}. {item} · {department} · {step}，待{people}办理 · 截止 {deadline} · 已超期 {late}',
  'report.overdue.classified': '密件 {reference}',
  'report.overdue.internal': '内部件 {reference}',
  'report.overdue.more': '共 {count} 件超期，以上为超期时间最长的 {shown} 件。',
  'report.late.days_hours': '{days} 天 {hours} 小时',
  'report.late.hours': '{hours} 小时',
  'report.footnote':
    '统计口径：办结时间在本期内的事项；任一环节在截止时间后办理即为超时办结；仍超期按 {at} 计；办理时长从发起到办结，按自然小时计。',
  'report.chart.title': '各部门办理情况 {period}',
  'report.chart.on_time': '按时办结',
  'report.chart.late': '超时办结',
  'report.chart.overdue': '仍超期',
  'report.chart.comment': '{period}各部门办理情况图',
  'report.csv.department': '部门',
  'report.csv.on_time': '按时办结',
  'report.csv.late': '超时办结',
  'report.csv.overdue': '仍超期',
  'report.csv.average_hours': '平均办理时长（小时）',
  'report.csv.meetings_planned': '计划会议（场）',
  'report.csv.meetings_held': '计划内召开（场）',
  'report.csv.meetings_unplanned': '临时会议（场）',
  'report.csv.total': '合计',
  'report.usage':
    '用法：`/doc report [week|month]`（本周或本月，默认本周），或指定期间，如 `/doc report 2026-W48`、`/doc report 2026-11`。',
  'report.bad_arg': '看不懂“{arg}”。',
  'report.forbidden': '只有办公室负责人、办公室秘书和局领导可以查看定期通报。',
  'report.generating': '正在生成{period}的通报，稍后发到你的私信。',
  'report.ready': '{period}的通报如下，统计表见附件 CSV。',
} as const;

const en: { readonly [K in keyof typeof zh]: string } = {
  'report.header': 'Report · {period}',
  'report.period.week': 'week {week} of {year} ({from} to {to})',
  'report.period.month': '{year}-{month}',
  'report.summary.title': 'Whole unit',
  'report.summary':
    '{title}: {onTime} finished on time, {late} finished late, {overdue} still overdue; average handling time {average}.',
  'report.field.on_time': 'On time',
  'report.field.late': 'Late',
  'report.field.overdue': 'Still overdue',
  'report.field.average': 'Average handling time',
  'report.field.meetings': 'Meetings',
  'report.meetings.value': '{planned} planned, {held} held as planned, {unplanned} unplanned',
  'report.meetings.attendance': ', attendance {rate}%',
  'report.hours': '{hours} h',
  'report.no_value': '—',
  'report.departments_cut': '{count} more departments are not listed here; see the CSV file.',
  'report.overdue.heading': 'Longest overdue',
  'report.overdue.none': 'Nothing is overdue.',
  'report.overdue.line':
    '{rank}. {item} · {department} · {step}, waiting on {people} · due {deadline} · {late} late',
  'report.overdue.classified': 'Classified item {reference}',
  'report.overdue.internal': 'Internal item {reference}',
  'report.overdue.more': '{count} items are overdue; these are the {shown} longest overdue.',
  'report.late.days_hours': '{days} d {hours} h',
  'report.late.hours': '{hours} h',
  'report.footnote':
    'Counted: items finished in the period; finished late when any step was done after its deadline; still overdue as of {at}; handling time from start to finish, in hours.',
  'report.chart.title': 'Items by department {period}',
  'report.chart.on_time': 'On time',
  'report.chart.late': 'Late',
  'report.chart.overdue': 'Still overdue',
  'report.chart.comment': 'Chart of {period} by department',
  'report.csv.department': 'Department',
  'report.csv.on_time': 'Finished on time',
  'report.csv.late': 'Finished late',
  'report.csv.overdue': 'Still overdue',
  'report.csv.average_hours': 'Average handling time (hours)',
  'report.csv.meetings_planned': 'Meetings planned',
  'report.csv.meetings_held': 'Held as planned',
  'report.csv.meetings_unplanned': 'Unplanned meetings',
  'report.csv.total': 'Total',
  'report.usage':
    'Usage: `/doc report [week|month]` (this week or this month; this week by default), or a period such as `/doc report 2026-W48` or `/doc report 2026-11`.',
  'report.bad_arg': 'Cannot read “{arg}”.',
  'report.forbidden': 'Only the office head, the office secretaries and the leaders can see the reports.',
  'report.generating': 'Preparing the report for {period}; it will arrive in your direct messages.',
  'report.ready': 'The report for {period}; the table is in the attached CSV.',
};

/** This feature's messages, for its module's `messages` contribution. */
export const REPORTS_MESSAGES = defineMessages({ zh, en });

type ReportsMessages = typeof zh;

declare module '../../shared/i18n.ts' {
  interface Messages extends ReportsMessages {}
}
