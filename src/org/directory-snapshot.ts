import type { Db } from '../db/types.ts';
import type { DepartmentKind, HeadRank, SealState, SecrecyLevel } from '../domain/org.ts';
import type { DirectorySnapshot } from '../domain/workflow/assignees.ts';

/**
 * The organisation directory as the workflow rules see it, read in the caller's transaction so
 * an instance is resolved against one consistent picture. Directory order (sort_order) decides
 * where a rule finds several people and needs one.
 */
export async function loadDirectorySnapshot(db: Db): Promise<DirectorySnapshot> {
  // One after another: queries of one interactive transaction share its connection anyway.
  const people = await db.person.findMany({
    orderBy: [{ sortOrder: 'asc' }, { id: 'asc' }],
    select: { id: true, departmentId: true, roles: true, headRank: true, active: true, clearance: true },
  });
  const departments = await db.department.findMany({
    orderBy: [{ sortOrder: 'asc' }, { id: 'asc' }],
    select: { id: true, kind: true, supervisingLeaderId: true },
  });
  const seals = await db.seal.findMany({
    orderBy: [{ sortOrder: 'asc' }, { id: 'asc' }],
    select: { id: true, custodianId: true, active: true, state: true },
  });
  return {
    people: people.map((p) => ({
      ...p,
      headRank: (p.headRank as HeadRank | null) ?? null,
      clearance: p.clearance as SecrecyLevel,
    })),
    departments: departments.map((d) => ({ ...d, kind: d.kind as DepartmentKind })),
    seals: seals.map((s) => ({ ...s, state: s.state as SealState })),
  };
}
