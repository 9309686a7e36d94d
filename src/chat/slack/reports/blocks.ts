// The report (定期通报) as a Block Kit message: a header naming the period, the unit's totals, a
// section per department (按时办结 / 超时办结 / 仍超期 / 平均办理时长 as fields), the longest-overdue
// items and the counting rules. Pure: the same builder serves the weekly channel post and the
// direct message of `/doc report`.
//
// Secrecy: items at 秘密 and above are named by reference only, everywhere. In the channel, where
// everyone reads, 内部 items are also named by reference only (as the workflow's channel copies
// exist only for 公开 items); in the direct message to the office head, secretary or leader who
// asked, 内部 titles are shown.

import { DateTime } from 'luxon';
import type { DepartmentFigures, ReportFigures } from '../../../domain/reports/figures.ts';
import type { ReportPeriod } from '../../../domain/reports/period.ts';
import type { Report } from '../../../features/reports/queries.ts';
import { type Locale, t } from '../../../shared/i18n.ts';
import { BLOCK_KIT_LIMITS, truncateText } from '../blocks/limits.ts';
import { type Block, mrkdwn, plainText, type SlackMessage } from '../blocks/message.ts';
import { bold, escapeMrkdwn } from '../blocks/mrkdwn.ts';

/** Where the report goes: the office channel, or a direct message to someone allowed to ask. */
export type ReportAudience = 'channel' | 'direct';

/** Department sections a message holds at most; the rest are in the CSV (50 blocks and about 13,200 characters per message). */
export const MAX_DEPARTMENT_SECTIONS = 20;

/** The period in words: `2026年第48周（11月23日至11月29日）`, `2026年11月`. */
export function describePeriod(
  period: Pick<ReportPeriod, 'kind' | 'label'> & { start: Date | string; end: Date | string },
  locale: Locale,
  timeZone: string,
): string {
  const start = DateTime.fromJSDate(new Date(period.start)).setZone(timeZone);
  if (period.kind === 'month') {
    return t(locale, 'report.period.month', { year: start.year, month: start.toFormat('MM') });
  }
  const last = DateTime.fromJSDate(new Date(period.end)).setZone(timeZone).minus({ days: 1 });
  // English month names whatever the machine's locale.
  const day = (d: DateTime) =>
    locale === 'en' ? d.setLocale('en').toFormat('d LLL') : `${d.month}月${d.day}日`;
  return t(locale, 'report.period.week', {
    year: start.weekYear,
    week: start.weekNumber,
    from: day(start),
    to: day(last),
  });
}

function hoursText(hours: number | null, locale: Locale): string {
  return hours === null
    ? t(locale, 'report.no_value')
    : t(locale, 'report.hours', { hours: hours.toFixed(1) });
}

function departmentName(d: Pick<DepartmentFigures, 'name' | 'nameEn'>, locale: Locale): string {
  return locale === 'en' ? (d.nameEn ?? d.name) : d.name;
}

function lateText(hoursOverdue: number, locale: Locale): string {
  const days = Math.floor(hoursOverdue / 24);
  const hours = hoursOverdue % 24;
  return days > 0
    ? t(locale, 'report.late.days_hours', { days, hours })
    : t(locale, 'report.late.hours', { hours });
}

/** How an overdue item is named for `audience`: its title, or its reference only. */
export function overdueItemLabel(
  item: ReportFigures['longestOverdue'][number],
  locale: Locale,
  audience: ReportAudience,
): string {
  const reference = escapeMrkdwn(item.reference ?? `#${item.instanceId.slice(0, 8)}`);
  if (item.classified || item.title === null) return t(locale, 'report.overdue.classified', { reference });
  if (audience === 'channel' && item.secrecy !== 'public') {
    return t(locale, 'report.overdue.internal', { reference });
  }
  return `「${escapeMrkdwn(truncateText(item.title, 80))}」`;
}

/** The report message for `audience` in `locale`. */
export function buildReportMessage(input: {
  report: Report;
  locale: Locale;
  timeZone: string;
  audience: ReportAudience;
}): SlackMessage {
  const { report, locale, timeZone, audience } = input;
  const period = describePeriod(report.period, locale, timeZone);
  const header = truncateText(t(locale, 'report.header', { period }), BLOCK_KIT_LIMITS.headerText);
  const summary = t(locale, 'report.summary', {
    title: bold(t(locale, 'report.summary.title')),
    onTime: report.total.onTime,
    late: report.total.late,
    overdue: report.total.overdue,
    average: hoursText(report.total.averageHours, locale),
  });
  const blocks: Block[] = [
    { type: 'header', text: plainText(header) },
    { type: 'section', text: mrkdwn(summary) },
    { type: 'divider' },
  ];
  const shown = report.departments.slice(0, MAX_DEPARTMENT_SECTIONS);
  for (const d of shown) {
    const field = (label: string, value: string) => mrkdwn(`*${label}*\n${value}`);
    blocks.push({
      type: 'section',
      text: mrkdwn(`*${escapeMrkdwn(truncateText(departmentName(d, locale), 60))}*`),
      fields: [
        field(t(locale, 'report.field.on_time'), String(d.onTime)),
        field(t(locale, 'report.field.late'), String(d.late)),
        field(t(locale, 'report.field.overdue'), String(d.overdue)),
        field(t(locale, 'report.field.average'), hoursText(d.averageHours, locale)),
      ],
    });
  }
  if (report.departments.length > shown.length) {
    blocks.push({
      type: 'context',
      elements: [
        mrkdwn(t(locale, 'report.departments_cut', { count: report.departments.length - shown.length })),
      ],
    });
  }
  blocks.push({ type: 'divider' });
  blocks.push({ type: 'section', text: mrkdwn(overdueText(report, locale, timeZone, audience)) });
  const at = DateTime.fromISO(report.generatedAt).setZone(timeZone).toFormat('yyyy-MM-dd HH:mm');
  blocks.push({ type: 'context', elements: [mrkdwn(t(locale, 'report.footnote', { at }))] });
  return { text: `${header}\n${summary.replace(/\*/g, '')}`, blocks };
}

function overdueText(report: Report, locale: Locale, timeZone: string, audience: ReportAudience): string {
  const lines = [bold(t(locale, 'report.overdue.heading'))];
  if (report.longestOverdue.length === 0) {
    lines.push(t(locale, 'report.overdue.none'));
    return lines.join('\n');
  }
  const departments = new Map(report.departments.map((d) => [d.departmentId, d]));
  report.longestOverdue.forEach((item, index) => {
    const department = departments.get(item.departmentId);
    const people = item.waitingOn
      .map((id) => {
        const person = report.people[id];
        return person ? (locale === 'en' ? (person.nameEn ?? person.name) : person.name) : id;
      })
      .join(locale === 'en' ? ', ' : '、');
    lines.push(
      t(locale, 'report.overdue.line', {
        rank: index + 1,
        item: overdueItemLabel(item, locale, audience),
        department: escapeMrkdwn(department ? departmentName(department, locale) : item.departmentId),
        step: escapeMrkdwn(locale === 'en' ? item.stepName.en : item.stepName.zh),
        people: escapeMrkdwn(people || t(locale, 'report.no_value')),
        deadline: DateTime.fromISO(item.deadline).setZone(timeZone).toFormat('yyyy-MM-dd HH:mm'),
        late: lateText(item.hoursOverdue, locale),
      }),
    );
  });
  if (report.total.overdue > report.longestOverdue.length) {
    lines.push(
      t(locale, 'report.overdue.more', { count: report.total.overdue, shown: report.longestOverdue.length }),
    );
  }
  // Ten lines fit easily; the cut only guards against very long names.
  return truncateText(lines.join('\n'), BLOCK_KIT_LIMITS.sectionText);
}
