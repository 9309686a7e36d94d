// The report as a CSV file (UTF-8 with a byte-order mark, so spreadsheet programs on Windows read
// the Chinese right, as the registers do): one row per department, then the total.

import { stringify } from 'csv-stringify/sync';
import type { DepartmentFigures } from '../../domain/reports/figures.ts';
import { defuseCsvCell } from '../../shared/csv-cell.ts';
import { type Locale, t } from '../../shared/i18n.ts';
import type { Report } from './queries.ts';

const BOM = '\uFEFF';

/** The header row, in `locale`. */
export function reportCsvHeader(locale: Locale): string[] {
  return [
    t(locale, 'report.csv.department'),
    t(locale, 'report.csv.on_time'),
    t(locale, 'report.csv.late'),
    t(locale, 'report.csv.overdue'),
    t(locale, 'report.csv.average_hours'),
  ];
}

function cells(name: string, row: Omit<DepartmentFigures, 'departmentId' | 'name' | 'nameEn'>): string[] {
  return [
    name,
    String(row.onTime),
    String(row.late),
    String(row.overdue),
    // Empty rather than 0 when nothing finished: 0 hours would read as instant handling.
    row.averageHours === null ? '' : row.averageHours.toFixed(1),
  ];
}

/** The CSV bytes of `report`. */
export function reportCsv(report: Report, locale: Locale): Buffer {
  const { meetings } = report;
  // A month's meetings, when the report has them: planned, held as planned, unplanned.
  const meetingCells = (departmentId: string | null): string[] => {
    if (!meetings) return [];
    const rows = departmentId === null ? meetings : meetings.filter((m) => m.departmentId === departmentId);
    const sum = (key: 'planned' | 'heldPlanned' | 'heldUnplanned') =>
      String(rows.reduce((total, m) => total + m[key], 0));
    return [sum('planned'), sum('heldPlanned'), sum('heldUnplanned')];
  };
  const meetingHeader = meetings
    ? [
        t(locale, 'report.csv.meetings_planned'),
        t(locale, 'report.csv.meetings_held'),
        t(locale, 'report.csv.meetings_unplanned'),
      ]
    : [];
  const rows = [
    [...reportCsvHeader(locale), ...meetingHeader],
    ...report.departments.map((d) => [
      ...cells(locale === 'en' ? (d.nameEn ?? d.name) : d.name, d),
      ...meetingCells(d.departmentId),
    ]),
    [...cells(t(locale, 'report.csv.total'), report.total), ...meetingCells(null)],
  ];
  return Buffer.from(
    BOM +
      stringify(
        rows.map((row) => row.map((cell) => defuseCsvCell(cell))),
        { record_delimiter: '\r\n' },
      ),
    'utf8',
  );
}

/** `定期通报-2026-W49.csv`: the file is a Chinese document, so is its name. */
export function reportFileName(report: Pick<Report, 'period'>, extension: 'csv' | 'png'): string {
  return `定期通报-${report.period.label}.${extension}`;
}
