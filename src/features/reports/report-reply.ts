// The report (定期通报) as a reply every platform can draw: a heading naming the period, the unit's
// totals, a paragraph per department (按时办结 / 超时办结 / 仍超期 / 平均办理时长 as fields), the
// longest-overdue items and the counting rules. Pure: the same reply serves the weekly post in
// the office's group conversation and the direct message of `/doc report`.
//
// Secrecy: items at 秘密 and above are named by reference only, everywhere. In the group
// conversation, where everyone reads, 内部 items are also named by reference only (as the
// workflow's group copies exist only for 公开 items); in the direct message to the office head,
// secretary or leader who asked, 内部 titles are shown.

import { DateTime } from 'luxon';
import {
  joinRich,
  plainOf,
  REPLY_LIMITS,
  type Reply,
  type ReplyBlock,
  type RichText,
  richT,
  strong,
  truncateText,
} from '../../chat/core/reply.ts';
import type { DepartmentFigures, ReportFigures } from '../../domain/reports/figures.ts';
import type { ReportPeriod } from '../../domain/reports/period.ts';
import { type Locale, t } from '../../shared/i18n.ts';
import type { Report } from './queries.ts';

/** Where the report goes: the office's group conversation, or a direct message to someone allowed to ask. */
export type ReportAudience = 'channel' | 'direct';

/**
 * Department paragraphs a reply holds at most; the rest are in the CSV (a message of 50 blocks
 * and about 13,200 characters).
 */
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
): RichText {
  const reference = item.reference ?? `#${item.instanceId.slice(0, 8)}`;
  if (item.classified || item.title === null)
    return richT(locale, 'report.overdue.classified', { reference });
  if (audience === 'channel' && item.secrecy !== 'public') {
    return richT(locale, 'report.overdue.internal', { reference });
  }
  return [`「${truncateText(item.title, 80)}」`];
}

/** The report for `audience` in `locale`. */
export function reportReply(input: {
  report: Report;
  locale: Locale;
  timeZone: string;
  audience: ReportAudience;
}): Reply {
  const { report, locale, timeZone, audience } = input;
  const period = describePeriod(report.period, locale, timeZone);
  const header = truncateText(t(locale, 'report.header', { period }), REPLY_LIMITS.headerText);
  const summary = (title: RichText) =>
    richT(locale, 'report.summary', {
      title,
      onTime: report.total.onTime,
      late: report.total.late,
      overdue: report.total.overdue,
      average: hoursText(report.total.averageHours, locale),
    });
  const summaryTitle = t(locale, 'report.summary.title');
  const blocks: ReplyBlock[] = [
    { kind: 'header', text: header },
    { kind: 'section', text: summary([strong(summaryTitle)]) },
    { kind: 'divider' },
  ];
  const shown = report.departments.slice(0, MAX_DEPARTMENT_SECTIONS);
  for (const d of shown) {
    const field = (label: string, value: string): RichText => [strong(label), '\n', value];
    blocks.push({
      kind: 'section',
      text: [strong(truncateText(departmentName(d, locale), 60))],
      fields: [
        field(t(locale, 'report.field.on_time'), String(d.onTime)),
        field(t(locale, 'report.field.late'), String(d.late)),
        field(t(locale, 'report.field.overdue'), String(d.overdue)),
        field(t(locale, 'report.field.average'), hoursText(d.averageHours, locale)),
        ...meetingFields(report, d.departmentId, locale, field),
      ],
    });
  }
  if (report.departments.length > shown.length) {
    blocks.push({
      kind: 'context',
      items: [richT(locale, 'report.departments_cut', { count: report.departments.length - shown.length })],
    });
  }
  blocks.push({ kind: 'divider' });
  blocks.push({ kind: 'section', text: overdueText(report, locale, timeZone, audience) });
  const at = DateTime.fromISO(report.generatedAt).setZone(timeZone).toFormat('yyyy-MM-dd HH:mm');
  blocks.push({ kind: 'context', items: [richT(locale, 'report.footnote', { at })] });
  // The notification's text: the heading and the totals, without emphasis.
  return { text: [header, '\n', ...summary([summaryTitle])], blocks };
}

/** The department's meetings of the month (计划 / 计划内召开 / 临时), when the report has them. */
function meetingFields(
  report: Report,
  departmentId: string,
  locale: Locale,
  field: (label: string, value: string) => RichText,
): RichText[] {
  if (!report.meetings) return [];
  const m = report.meetings.find((x) => x.departmentId === departmentId);
  return [
    field(
      t(locale, 'report.field.meetings'),
      t(locale, 'report.meetings.value', {
        planned: m?.planned ?? 0,
        held: m?.heldPlanned ?? 0,
        unplanned: m?.heldUnplanned ?? 0,
      }) +
        (m?.present !== undefined && m.expectedPresent
          ? t(locale, 'report.meetings.attendance', {
              rate: Math.round((m.present / m.expectedPresent) * 100),
            })
          : ''),
    ),
  ];
}

function overdueText(report: Report, locale: Locale, timeZone: string, audience: ReportAudience): RichText {
  const lines: RichText[] = [[strong(t(locale, 'report.overdue.heading'))]];
  if (report.longestOverdue.length === 0) {
    lines.push(richT(locale, 'report.overdue.none'));
    return joinRich(lines, '\n');
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
      richT(locale, 'report.overdue.line', {
        rank: index + 1,
        item: overdueItemLabel(item, locale, audience),
        department: department ? departmentName(department, locale) : item.departmentId,
        step: locale === 'en' ? item.stepName.en : item.stepName.zh,
        people: people || t(locale, 'report.no_value'),
        deadline: DateTime.fromISO(item.deadline).setZone(timeZone).toFormat('yyyy-MM-dd HH:mm'),
        late: lateText(item.hoursOverdue, locale),
      }),
    );
  });
  if (report.total.overdue > report.longestOverdue.length) {
    lines.push([
      t(locale, 'report.overdue.more', { count: report.total.overdue, shown: report.longestOverdue.length }),
    ]);
  }
  // Ten lines fit easily; the cut only guards against very long names.
  return truncateRich(joinRich(lines, '\n'), REPLY_LIMITS.sectionText);
}

/** `text` cut as {@link truncateText} cuts its words, its runs' emphasis kept. */
function truncateRich(text: RichText, max: number): RichText {
  const plain = plainOf(text);
  const cut = truncateText(plain, max);
  if (cut === plain) return text;
  let room = cut.length - 1; // what is kept before the ellipsis
  const kept: RichText[number][] = [];
  for (const run of text) {
    if (room <= 0) break;
    const words = typeof run === 'string' ? run : run.text;
    const part = words.slice(0, room);
    kept.push(typeof run === 'string' ? part : { ...run, text: part });
    room -= part.length;
  }
  return [...kept, '…'];
}
