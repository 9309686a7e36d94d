// Yearly meeting plans (年度会议计划) in the database: a department's plan for a year (submitting
// again replaces its entries, as supply plans do), one department's entries, and the office's
// summary: entries and budget per department and who has not submitted.

import type { Db } from '../../db/types.ts';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import { AppError } from '../../shared/errors.ts';
import type { PlanEntryInput } from './plan-form.ts';

/** Who sees every department's plan and the register: the office head and the office secretaries. */
export const MEETING_OFFICE_ROLES: readonly string[] = ['office_head', 'secretary'];

/** Whether `personId` is an active member of the office who keeps the meeting records. */
export async function isMeetingOffice(db: Db, personId: string): Promise<boolean> {
  const person = await db.person.findUnique({
    where: { id: personId },
    select: { active: true, roles: true },
  });
  return Boolean(person?.active && person.roles.some((r) => MEETING_OFFICE_ROLES.includes(r)));
}

/**
 * Whether `personId` keeps a meeting's records beside its attendees (signs others in, records its
 * actual cost): its organiser (`organiserId`, the requester), or a member of the office.
 */
export async function isOrganiserOrOffice(db: Db, organiserId: string, personId: string): Promise<boolean> {
  return organiserId === personId || (await isMeetingOffice(db, personId));
}

/** The department a person submits the plan for: their own (as for supply plans). */
export async function planDepartmentOf(
  db: Db,
  personId: string,
): Promise<{ id: string; name: string; nameEn: string | null }> {
  const person = await db.person.findUnique({
    where: { id: personId },
    select: { active: true, department: { select: { id: true, name: true, nameEn: true, active: true } } },
  });
  if (!person?.active || !person.department?.active) {
    throw new AppError('meeting_plan_no_department', 'the person has no department');
  }
  return person.department;
}

/** A plan entry as stored. */
export interface PlanEntry extends PlanEntryInput {
  id: string;
  position: number;
}

/** The entries of `departmentId`'s plan for `year`, in the plan's order (none when not submitted). */
export async function planEntriesOf(db: Db, departmentId: string, year: number): Promise<PlanEntry[]> {
  const plan = await db.meetingPlan.findUnique({
    where: { departmentId_year: { departmentId, year } },
    select: { entries: { orderBy: { position: 'asc' } } },
  });
  return (plan?.entries ?? []).map((e) => ({
    id: e.id,
    position: e.position,
    name: e.name,
    content: e.content,
    timing: e.timing,
    month: e.month,
    place: e.place,
    attendees: e.attendees,
    size: e.size,
    budget: e.budget,
  }));
}

/**
 * Records the plan of the submitter's department for `year`, replacing an earlier one. Throws
 * `meeting_plan_no_department`; an empty plan is refused by the form before it gets here.
 */
export async function submitMeetingPlan(
  prisma: PrismaClient,
  input: { personId: string; year: number; entries: readonly PlanEntryInput[]; now: Date },
): Promise<{ departmentId: string; entries: number }> {
  return prisma.$transaction(async (tx) => {
    const department = await planDepartmentOf(tx, input.personId);
    const plan = await tx.meetingPlan.upsert({
      where: { departmentId_year: { departmentId: department.id, year: input.year } },
      create: {
        departmentId: department.id,
        year: input.year,
        submittedById: input.personId,
        submittedAt: input.now,
      },
      update: { submittedById: input.personId, submittedAt: input.now },
      select: { id: true },
    });
    await tx.meetingPlanEntry.deleteMany({ where: { planId: plan.id } });
    await tx.meetingPlanEntry.createMany({
      data: input.entries.map((e, i) => ({ planId: plan.id, position: i + 1, ...e })),
    });
    return { departmentId: department.id, entries: input.entries.length };
  });
}

/** One department in the office's summary. */
export interface PlanSummaryRow {
  departmentId: string;
  name: string;
  nameEn: string | null;
  /** Null when the department has not submitted a plan for the year. */
  entries: number | null;
  budget: number;
  submittedAt: Date | null;
}

/** Every active department but the leadership (局领导), with its plan for `year` or none, in file order. */
export async function meetingPlanSummary(db: Db, year: number): Promise<PlanSummaryRow[]> {
  const [departments, plans] = await Promise.all([
    db.department.findMany({
      where: { active: true, NOT: { kind: 'leadership' } },
      orderBy: [{ sortOrder: 'asc' }, { id: 'asc' }],
      select: { id: true, name: true, nameEn: true },
    }),
    db.meetingPlan.findMany({
      where: { year },
      select: { departmentId: true, submittedAt: true, entries: { select: { budget: true } } },
    }),
  ]);
  const byDepartment = new Map(plans.map((p) => [p.departmentId, p]));
  return departments.map((d) => {
    const plan = byDepartment.get(d.id);
    return {
      departmentId: d.id,
      name: d.name,
      nameEn: d.nameEn,
      entries: plan ? plan.entries.length : null,
      budget: plan ? plan.entries.reduce((sum, e) => sum + (e.budget ?? 0), 0) : 0,
      submittedAt: plan?.submittedAt ?? null,
    };
  });
}
