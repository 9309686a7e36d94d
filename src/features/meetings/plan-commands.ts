// `/meeting plan [year] [department | 填报]`: a department's yearly meeting plan. Anyone submits the
// plan of their own department (the form, filled with what it holds so far); the office head and
// the office secretaries see instead each department's count of meetings and budget and who has
// not submitted, one department's entries by naming it, and the form by adding `填报` (edit).

import { type CommandAnswer, formAnswer, textAnswer } from '../../chat/core/commands.ts';
import { truncateText } from '../../chat/core/reply.ts';
import { readPlanYear } from '../../domain/meetings/plan.ts';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import { isAppError } from '../../shared/errors.ts';
import { type Locale, t } from '../../shared/i18n.ts';
import { MEETING_PLAN_FORM_ID, meetingPlanFormSpec } from './plan-form.ts';
import { isMeetingOffice, meetingPlanSummary, planDepartmentOf, planEntriesOf } from './plan-service.ts';

/** Words after the year that ask for the form even for the office. */
const EDIT_WORDS = new Set(['填报', '编辑', 'edit', 'submit', '提交']);

/** What plan commands need. */
export interface PlanCommandDeps {
  prisma: PrismaClient;
  /** The year a plan is for when none is typed. */
  defaultPlanYear(): number;
}

const localName = (d: { name: string; nameEn: string | null }, locale: Locale) =>
  locale === 'en' ? (d.nameEn ?? d.name) : d.name;

/** The plan form of `personId`'s department for `year`, filled with its plan so far. */
export async function planFormAnswer(
  deps: PlanCommandDeps,
  personId: string,
  year: number,
  locale: Locale,
): Promise<CommandAnswer> {
  try {
    const department = await planDepartmentOf(deps.prisma, personId);
    const entries = await planEntriesOf(deps.prisma, department.id, year);
    return formAnswer(
      MEETING_PLAN_FORM_ID,
      meetingPlanFormSpec({ year, department: { zh: department.name, en: department.nameEn }, entries }),
      { year: String(year) },
    );
  } catch (error) {
    if (isAppError(error) && error.code === 'meeting_plan_no_department') {
      return textAnswer(t(locale, 'error.meeting_plan_no_department'));
    }
    throw error;
  }
}

/** `/meeting plan …` for `personId`. */
export async function answerPlan(
  deps: PlanCommandDeps,
  personId: string,
  words: readonly string[],
  locale: Locale,
): Promise<CommandAnswer> {
  const read = yearAndRest(words);
  if (!read.ok) return textAnswer(t(locale, 'meeting.plan.bad_year', { word: truncateText(read.word, 20) }));
  const { year, rest } = read;
  const planYear = year ?? deps.defaultPlanYear();
  const office = await isMeetingOffice(deps.prisma, personId);
  const asked = rest.join(' ').trim();
  if (!office || EDIT_WORDS.has(asked.toLowerCase())) return planFormAnswer(deps, personId, planYear, locale);
  if (asked === '') return planSummaryAnswer(deps, planYear, locale);
  return planDepartmentAnswer(deps, planYear, asked, locale);
}

async function planSummaryAnswer(
  deps: PlanCommandDeps,
  year: number,
  locale: Locale,
): Promise<CommandAnswer> {
  const rows = await meetingPlanSummary(deps.prisma, year);
  const submitted = rows.filter((r) => r.entries !== null);
  const missing = rows.filter((r) => r.entries === null);
  const separator = locale === 'en' ? ', ' : '、';
  const lines = [
    t(locale, 'meeting.plan.summary.title', {
      year,
      submitted: submitted.length,
      departments: rows.length,
      entries: submitted.reduce((sum, r) => sum + (r.entries ?? 0), 0),
      budget: submitted.reduce((sum, r) => sum + r.budget, 0),
    }),
    ...submitted.map((r) =>
      t(locale, 'meeting.plan.summary.row', {
        department: localName(r, locale),
        entries: r.entries ?? 0,
        budget: r.budget,
      }),
    ),
    missing.length === 0
      ? t(locale, 'meeting.plan.summary.all_in')
      : t(locale, 'meeting.plan.summary.missing', {
          departments: missing.map((r) => localName(r, locale)).join(separator),
        }),
    t(locale, 'meeting.plan.summary.more'),
  ];
  return textAnswer(lines.join('\n'));
}

async function planDepartmentAnswer(
  deps: PlanCommandDeps,
  year: number,
  asked: string,
  locale: Locale,
): Promise<CommandAnswer> {
  const departments = await activeDepartments(deps.prisma);
  const department = departmentMatching(asked, departments);
  if (!department) return textAnswer(unknownDepartmentText(asked, departments, locale));
  const entries = await planEntriesOf(deps.prisma, department.id, year);
  const name = localName(department, locale);
  if (entries.length === 0)
    return textAnswer(t(locale, 'meeting.plan.department.none', { year, department: name }));
  const lines = [
    t(locale, 'meeting.plan.department.title', { year, department: name, count: entries.length }),
    ...entries.map((e) =>
      t(locale, 'meeting.plan.department.row', {
        n: e.position,
        name: e.name,
        timing: e.timing,
        place: e.place,
        attendees: e.attendees,
        size: e.size === null ? '' : t(locale, 'meeting.plan.department.size', { size: e.size }),
        budget: e.budget === null ? '' : t(locale, 'meeting.plan.department.budget', { budget: e.budget }),
      }),
    ),
  ];
  return textAnswer(lines.join('\n'));
}

type NamedDepartment = { id: string; name: string; nameEn: string | null };

/** The active departments, in file order. */
export function activeDepartments(prisma: PrismaClient): Promise<NamedDepartment[]> {
  return prisma.department.findMany({
    where: { active: true },
    orderBy: [{ sortOrder: 'asc' }, { id: 'asc' }],
    select: { id: true, name: true, nameEn: true },
  });
}

/** The one department `asked` names (its id, its name or a part of it); undefined when none or several. */
export function departmentMatching<T extends NamedDepartment>(
  asked: string,
  departments: readonly T[],
): T | undefined {
  const typed = asked.normalize('NFKC').trim().toLowerCase();
  if (typed === '') return undefined;
  const exact = departments.filter(
    (d) => d.id === typed || d.name === asked.trim() || d.nameEn?.toLowerCase() === typed,
  );
  const matched =
    exact.length > 0
      ? exact
      : departments.filter((d) => d.name.includes(asked.trim()) || d.nameEn?.toLowerCase().includes(typed));
  return matched.length === 1 ? matched[0] : undefined;
}

/** That no department is called `asked`, with the departments there are. */
export function unknownDepartmentText(
  asked: string,
  departments: readonly NamedDepartment[],
  locale: Locale,
): string {
  return t(locale, 'meeting.plan.unknown_department', {
    word: truncateText(asked, 40),
    departments: departments.map((d) => localName(d, locale)).join(locale === 'en' ? ', ' : '、'),
  });
}

/** A year among `words` (the first that reads as one) and the other words; refused when a number is not a year. */
export function yearAndRest(
  words: readonly string[],
): { ok: true; year: number | null; rest: string[] } | { ok: false; word: string } {
  let year: number | null = null;
  const rest: string[] = [];
  for (const word of words) {
    const read: number | null = year === null ? readPlanYear(word) : null;
    if (read !== null) year = read;
    else if (year === null && /^\d+年?$/u.test(word.normalize('NFKC'))) return { ok: false, word };
    else rest.push(word);
  }
  return { ok: true, year, rest };
}
