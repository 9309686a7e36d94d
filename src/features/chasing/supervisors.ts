// Who supervises a late assignee (督办): the head of their department, or, when they are a head
// themselves (or the department has none), the department's supervising leader; and the office
// heads, who see every escalation.

import type { Db } from '../../db/types.ts';

/** For each assignee, the people an escalation about them goes to (office heads included). */
export async function supervisorsOf(db: Db, assigneeIds: readonly string[]): Promise<Map<string, string[]>> {
  const result = new Map<string, string[]>();
  if (assigneeIds.length === 0) return result;
  const assignees = await db.person.findMany({
    where: { id: { in: [...assigneeIds] } },
    select: { id: true, departmentId: true, roles: true },
  });
  const departmentIds = [...new Set(assignees.map((a) => a.departmentId))];
  const [departments, heads, officeHeads] = await Promise.all([
    db.department.findMany({
      where: { id: { in: departmentIds } },
      select: { id: true, supervisingLeaderId: true },
    }),
    db.person.findMany({
      where: { departmentId: { in: departmentIds }, active: true, roles: { has: 'department_head' } },
      select: { id: true, departmentId: true, headRank: true, sortOrder: true },
      orderBy: { sortOrder: 'asc' },
    }),
    db.person.findMany({
      where: { active: true, roles: { has: 'office_head' } },
      select: { id: true },
      orderBy: { sortOrder: 'asc' },
    }),
  ]);
  for (const assignee of assignees) {
    const department = departments.find((d) => d.id === assignee.departmentId);
    const ownHeads = heads.filter((h) => h.departmentId === assignee.departmentId && h.id !== assignee.id);
    const principal = ownHeads.filter((h) => h.headRank === 'principal');
    const isHead = assignee.roles.includes('department_head');
    const first: string[] = [];
    if (!isHead && ownHeads.length > 0) first.push((principal[0] ?? ownHeads[0])?.id ?? '');
    else if (department?.supervisingLeaderId && department.supervisingLeaderId !== assignee.id) {
      first.push(department.supervisingLeaderId);
    }
    const all = [...first, ...officeHeads.map((o) => o.id)].filter((id) => id !== '' && id !== assignee.id);
    result.set(assignee.id, [...new Set(all)]);
  }
  return result;
}
