// Loads the organisation file's content into the database at start-up. Rows are never deleted:
// departments, people and seals missing from the file are deactivated, so history keeps names.

import { DEFAULT_ARCHIVE_SETTINGS } from '../domain/archive/archive-no.ts';
import { chasingSettingsOf } from '../domain/chasing/settings.ts';
import type {
  Department,
  MeetingRoom,
  Person,
  Prisma,
  PrismaClient,
  Seal,
} from '../generated/prisma/client.ts';
import { INSTALLATION_TENANT } from './chat-accounts.ts';
import { chatAccountsOf, type Org } from './org-file.ts';

/** What one sync did to one kind of row. */
export interface SyncCounts {
  created: number;
  /** Rows in the file whose fields changed (reactivations and deactivations not included). */
  updated: number;
  /** Rows that were inactive and are back in the file. */
  reactivated: number;
  /** Rows that are no longer in the file. */
  deactivated: number;
}

/** The outcome of {@link syncOrg}. */
export type SyncOrgResult =
  | {
      /** The stored hash equals the file's: nothing was read or written beyond that check. */
      status: 'unchanged';
      sourceHash: string;
    }
  | {
      status: 'applied';
      sourceHash: string;
      /** Whether the unit's own settings (name, prefix, time zone, document types) changed. */
      unit: 'created' | 'updated' | 'unchanged';
      departments: SyncCounts;
      people: SyncCounts;
      seals: SyncCounts;
      rooms: SyncCounts;
    };

export interface SyncOrgOptions {
  /** Hash of the file's content (see `hashOrgSource`); equal to the stored one means no work. */
  sourceHash: string;
  /** The injected clock's time, stored as `loadedAt`, `createdAt` and `updatedAt`. */
  now: Date;
}

/**
 * Serialises syncs: two replicas starting at once would otherwise both see "no row yet" and one
 * would fail on the primary key. Distinct from the migration lock (72707369). ASCII "org".
 */
const SYNC_LOCK_KEY = 0x6f7267;

/**
 * Makes the database match `org`, in one transaction: upserts every department, person, seal and
 * meeting room in the file (active), deactivates those not in it, and records `sourceHash`. A seal's `state`
 * is written only when the seal is created; the bot owns its lifecycle after that. Safe to call
 * on every start and from several replicas at once.
 */
export async function syncOrg(
  prisma: PrismaClient,
  org: Org,
  options: SyncOrgOptions,
): Promise<SyncOrgResult> {
  // A large directory on a slow disk can take longer than Prisma's 5-second default.
  return prisma.$transaction((tx) => syncInTransaction(tx, org, options), {
    maxWait: 30_000,
    timeout: 120_000,
  });
}

async function syncInTransaction(
  tx: Prisma.TransactionClient,
  org: Org,
  { sourceHash, now }: SyncOrgOptions,
): Promise<SyncOrgResult> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${SYNC_LOCK_KEY})`;
  const stored = await tx.unitSetting.findUnique({ where: { id: 'unit' } });
  if (stored?.sourceHash === sourceHash) return { status: 'unchanged', sourceHash };

  const departments = await syncDepartmentsWithoutLeaders(tx, org, now);
  const people = await syncPeople(tx, org, now);
  // Departments and people point at each other; leaders can be set only once both exist.
  await syncSupervisingLeaders(tx, org, departments, now);
  const seals = await syncSeals(tx, org, now);
  const rooms = await syncRooms(tx, org, now);

  const unitFields = {
    name: org.unit.name,
    nameEn: org.unit.nameEn,
    docPrefix: org.unit.docPrefix,
    timeZone: org.unit.timeZone,
    docTypes: org.unit.docTypes as Prisma.InputJsonValue,
  };
  // The working calendar's overrides and the chasing rules (催办), defaults filled in.
  const calendar = chasingSettingsOf(org) as unknown as Prisma.InputJsonValue;
  // The archive's 档号 rule (the defaults when the file has no `archive:` section).
  const archive = (org.archive ?? DEFAULT_ARCHIVE_SETTINGS) as unknown as Prisma.InputJsonValue;
  await tx.unitSetting.upsert({
    where: { id: 'unit' },
    create: { id: 'unit', ...unitFields, calendar, archive, sourceHash, loadedAt: now },
    update: { ...unitFields, calendar, archive, sourceHash, loadedAt: now },
  });
  const unit =
    stored === null
      ? 'created'
      : Object.keys(changedFields(stored, unitFields)).length > 0
        ? 'updated'
        : 'unchanged';

  return { status: 'applied', sourceHash, unit, departments: departments.counts, people, seals, rooms };
}

// ---------------------------------------------------------------------------------------------

type DepartmentFields = Pick<Department, 'name' | 'nameEn' | 'kind' | 'sortOrder' | 'active'>;

interface DepartmentPass {
  counts: SyncCounts;
  /** Rows as they were before this sync, by id. */
  before: Map<string, Department>;
  /** Ids already counted as created, updated or reactivated. */
  counted: Set<string>;
}

async function syncDepartmentsWithoutLeaders(
  tx: Prisma.TransactionClient,
  org: Org,
  now: Date,
): Promise<DepartmentPass> {
  const counts = emptyCounts();
  const before = new Map((await tx.department.findMany()).map((d) => [d.id, d]));
  const counted = new Set<string>();
  const inFile = new Set(org.departments.map((d) => d.id));

  for (const [sortOrder, d] of org.departments.entries()) {
    const desired: DepartmentFields = {
      name: d.name,
      nameEn: d.nameEn,
      kind: d.kind,
      sortOrder,
      active: true,
    };
    const row = before.get(d.id);
    if (row === undefined) {
      await tx.department.create({ data: { id: d.id, ...desired, createdAt: now, updatedAt: now } });
      counts.created++;
      counted.add(d.id);
      continue;
    }
    const change = changedFields(row, desired);
    if (Object.keys(change).length === 0) continue;
    await tx.department.update({ where: { id: d.id }, data: { ...change, updatedAt: now } });
    count(counts, change);
    counted.add(d.id);
  }
  for (const row of before.values()) {
    if (inFile.has(row.id) || !row.active) continue;
    await tx.department.update({ where: { id: row.id }, data: { active: false, updatedAt: now } });
    counts.deactivated++;
  }
  return { counts, before, counted };
}

async function syncSupervisingLeaders(
  tx: Prisma.TransactionClient,
  org: Org,
  pass: DepartmentPass,
  now: Date,
): Promise<void> {
  for (const d of org.departments) {
    const current = pass.before.get(d.id)?.supervisingLeaderId ?? null;
    if (current === d.supervisingLeaderId) continue;
    await tx.department.update({
      where: { id: d.id },
      data: { supervisingLeaderId: d.supervisingLeaderId, updatedAt: now },
    });
    if (!pass.counted.has(d.id)) {
      pass.counts.updated++;
      pass.counted.add(d.id);
    }
  }
}

// ---------------------------------------------------------------------------------------------

type PersonFields = Pick<
  Person,
  | 'name'
  | 'nameEn'
  | 'title'
  | 'departmentId'
  | 'roles'
  | 'headRank'
  | 'clearance'
  | 'locale'
  | 'sortOrder'
  | 'active'
>;

async function syncPeople(tx: Prisma.TransactionClient, org: Org, now: Date): Promise<SyncCounts> {
  const counts = emptyCounts();
  const before = new Map((await tx.person.findMany()).map((p) => [p.id, p]));
  const inFile = new Set(org.people.map((p) => p.id));

  const accounts = await planChatAccounts(tx, org, inFile);
  if (accounts.release.length > 0) {
    // An id moving from one person to another (or two people swapping) is let go by its old
    // holder first, since chat_account's keys are checked row by row.
    await tx.chatAccount.deleteMany({
      where: {
        OR: accounts.release.map((a) => ({
          platform: a.platform,
          tenant: INSTALLATION_TENANT,
          externalId: a.externalId,
        })),
      },
    });
  }

  for (const [sortOrder, p] of org.people.entries()) {
    const desired: PersonFields = {
      name: p.name,
      nameEn: p.nameEn,
      title: p.title,
      departmentId: p.departmentId,
      roles: p.roles,
      headRank: p.headRank,
      clearance: p.clearance,
      locale: p.locale,
      sortOrder,
      active: true,
    };
    const row = before.get(p.id);
    if (row === undefined) {
      await tx.person.create({ data: { id: p.id, ...desired, createdAt: now, updatedAt: now } });
      counts.created++;
      continue;
    }
    const change = changedFields(row, desired);
    if (Object.keys(change).length > 0) {
      await tx.person.update({ where: { id: p.id }, data: { ...change, updatedAt: now } });
    }
    // A person whose chat ids changed is updated too; a swap of ids counts each person once.
    count(counts, change, accounts.changed.has(p.id));
  }
  if (accounts.claim.length > 0) {
    await tx.chatAccount.createMany({
      data: accounts.claim.map((a) => ({ ...a, tenant: INSTALLATION_TENANT, createdAt: now })),
    });
  }
  for (const row of before.values()) {
    if (inFile.has(row.id)) continue;
    if (row.active) {
      // The chat ids stay (unless someone else took them), so the bot can still tell who clicked.
      await tx.person.update({ where: { id: row.id }, data: { active: false, updatedAt: now } });
      counts.deactivated++;
    } else if (accounts.changed.has(row.id)) {
      counts.updated++;
    }
  }
  return counts;
}

/** One chat account as the organisation file names it (of the installation's tenant). */
type FileAccount = { platform: string; externalId: string; personId: string };

/**
 * What the file changes in the installation's chat accounts: the accounts to let go (ids the file
 * gives nobody or someone else, of people in the file, and ids a removed person held that someone
 * in the file now has), the accounts to add, and the people whose accounts change.
 */
async function planChatAccounts(
  tx: Prisma.TransactionClient,
  org: Org,
  inFile: ReadonlySet<string>,
): Promise<{ release: FileAccount[]; claim: FileAccount[]; changed: Set<string> }> {
  const keyOf = (a: { platform: string; externalId: string }) => `${a.platform}\u0000${a.externalId}`;
  const desired = new Map<string, FileAccount>();
  for (const p of org.people) {
    for (const a of chatAccountsOf(p)) desired.set(keyOf(a), { ...a, personId: p.id });
  }
  const current = await tx.chatAccount.findMany({
    where: { tenant: INSTALLATION_TENANT },
    select: { platform: true, externalId: true, personId: true },
  });
  const held = new Map(current.map((a) => [keyOf(a), a]));
  // A removed person keeps their ids unless someone in the file claims them.
  const release = current.filter((a) => {
    const wanted = desired.get(keyOf(a));
    return wanted === undefined ? inFile.has(a.personId) : wanted.personId !== a.personId;
  });
  const claim = [...desired.entries()]
    .filter(([key, a]) => held.get(key)?.personId !== a.personId)
    .map(([, a]) => a);
  const changed = new Set([...release, ...claim].map((a) => a.personId));
  return { release, claim, changed };
}

// ---------------------------------------------------------------------------------------------

type SealFields = Pick<
  Seal,
  'name' | 'nameEn' | 'kind' | 'custodianId' | 'ownerId' | 'needsLeader' | 'sortOrder' | 'active'
>;

async function syncSeals(tx: Prisma.TransactionClient, org: Org, now: Date): Promise<SyncCounts> {
  const counts = emptyCounts();
  const before = new Map((await tx.seal.findMany()).map((s) => [s.id, s]));
  const inFile = new Set(org.seals.map((s) => s.id));

  for (const [sortOrder, s] of org.seals.entries()) {
    const desired: SealFields = {
      name: s.name,
      nameEn: s.nameEn,
      kind: s.kind,
      custodianId: s.custodianId,
      ownerId: s.ownerId,
      needsLeader: s.needsLeader,
      sortOrder,
      active: true,
    };
    const row = before.get(s.id);
    if (row === undefined) {
      await tx.seal.create({
        data: { id: s.id, ...desired, state: s.initialState, createdAt: now, updatedAt: now },
      });
      counts.created++;
      continue;
    }
    // `state` is deliberately absent from `desired`: a seal reported lost stays lost on restart.
    const change = changedFields(row, desired);
    if (Object.keys(change).length === 0) continue;
    await tx.seal.update({ where: { id: s.id }, data: { ...change, updatedAt: now } });
    count(counts, change);
  }
  for (const row of before.values()) {
    if (inFile.has(row.id) || !row.active) continue;
    await tx.seal.update({ where: { id: row.id }, data: { active: false, updatedAt: now } });
    counts.deactivated++;
  }
  return counts;
}

type RoomFields = Pick<MeetingRoom, 'name' | 'nameEn' | 'capacity' | 'equipment' | 'sortOrder' | 'active'>;

/** Meeting rooms (`rooms:`): upserted in file order; a room left out is made inactive, its bookings kept. */
async function syncRooms(tx: Prisma.TransactionClient, org: Org, now: Date): Promise<SyncCounts> {
  const counts = emptyCounts();
  const listed = org.rooms ?? [];
  const before = new Map((await tx.meetingRoom.findMany()).map((r) => [r.id, r]));
  const inFile = new Set(listed.map((r) => r.id));
  for (const [sortOrder, r] of listed.entries()) {
    const desired: RoomFields = {
      name: r.name,
      nameEn: r.nameEn,
      capacity: r.capacity,
      equipment: r.equipment,
      sortOrder,
      active: true,
    };
    const row = before.get(r.id);
    if (row === undefined) {
      await tx.meetingRoom.create({ data: { id: r.id, ...desired, createdAt: now, updatedAt: now } });
      counts.created++;
      continue;
    }
    const change = changedFields(row, desired);
    if (Object.keys(change).length === 0) continue;
    await tx.meetingRoom.update({ where: { id: r.id }, data: { ...change, updatedAt: now } });
    count(counts, change);
  }
  for (const row of before.values()) {
    if (inFile.has(row.id) || !row.active) continue;
    await tx.meetingRoom.update({ where: { id: row.id }, data: { active: false, updatedAt: now } });
    counts.deactivated++;
  }
  return counts;
}

// ---------------------------------------------------------------------------------------------

function emptyCounts(): SyncCounts {
  return { created: 0, updated: 0, reactivated: 0, deactivated: 0 };
}

/**
 * Counts a change to a row that is in the file (so `active` can only become true). A new position
 * alone is not counted: removing one person moves everyone after them, which is no news.
 */
function count(counts: SyncCounts, change: { active?: boolean }, chatAccountsChanged = false): void {
  if (change.active === true) counts.reactivated++;
  else if (chatAccountsChanged || Object.keys(change).some((key) => key !== 'sortOrder')) counts.updated++;
}

/** The entries of `desired` whose value differs from `current`'s. */
function changedFields<T extends object>(current: object, desired: T): Partial<T> {
  const out: Partial<T> = {};
  for (const key of Object.keys(desired) as Array<keyof T & string>) {
    if (!sameValue((current as Record<string, unknown>)[key], desired[key])) out[key] = desired[key];
  }
  return out;
}

/** Deep equality for column values: scalars, arrays (roles) and JSON (PostgreSQL reorders keys). */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    return (
      Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => sameValue(v, b[i]))
    );
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return (
    ka.length === kb.length &&
    ka.every((k) => sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
  );
}
