import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Role } from '../../src/domain/org.ts';
import { loadOrgFile, type Org, type OrgPerson } from '../../src/org/org-file.ts';
import { type SyncOrgResult, syncOrg } from '../../src/org/sync-org.ts';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../support/databases.ts';

const T0 = new Date('2026-03-02T01:00:00.000Z');
const T1 = new Date('2026-03-03T01:00:00.000Z');
const T2 = new Date('2026-03-04T01:00:00.000Z');

function person(
  id: string,
  name: string,
  departmentId: string,
  roles: Role[] = [],
  extra: Partial<OrgPerson> = {},
) {
  return {
    id,
    name,
    nameEn: null,
    title: null,
    departmentId,
    roles,
    headRank: roles.includes('department_head') ? ('principal' as const) : null,
    clearance: 'internal' as const,
    slackUserId: null,
    dingtalkUserId: null,
    wecomUserId: null,
    locale: 'zh' as const,
    ...extra,
  } satisfies OrgPerson;
}

/** A small valid organisation; each test builds its own and changes what it needs. */
function smallOrg(): Org {
  return {
    unit: {
      name: '测试局',
      nameEn: 'Test Bureau',
      docPrefix: '测',
      timeZone: 'Asia/Shanghai',
      docTypes: [{ id: 'office', name: '办发', nameEn: null, pattern: '{prefix}办发〔{year}〕{seq}号' }],
    },
    departments: [
      { id: 'leadership', name: '局领导', nameEn: null, kind: 'leadership', supervisingLeaderId: null },
      { id: 'office', name: '办公室', nameEn: null, kind: 'office', supervisingLeaderId: 'boss' },
    ],
    people: [
      person('boss', '局长甲', 'leadership', ['director'], { slackUserId: 'UBOSS' }),
      person('clerk', '秘书乙', 'office', [
        'department_head',
        'office_head',
        'secretary',
        'print_room',
        'archivist',
        'supplies_keeper',
        'seal_custodian',
      ]),
      person('staff-a', '科员丙', 'office'),
      person('staff-b', '科员丁', 'office'),
    ],
    seals: [
      {
        id: 'official',
        name: '测试局公章',
        nameEn: null,
        kind: 'official',
        custodianId: 'clerk',
        ownerId: null,
        needsLeader: true,
        initialState: 'active',
      },
    ],
  };
}

function applied(result: SyncOrgResult) {
  if (result.status !== 'applied') throw new Error(`expected the sync to apply, got ${result.status}`);
  return result;
}

const nothing = { created: 0, updated: 0, reactivated: 0, deactivated: 0 };

describe.each(databaseKinds)('syncOrg on %s', (kind) => {
  let t: TestDatabase;

  /** Each person's id on one platform, in person id order (null: no account there). */
  async function idsOn(platform: string, personIds: string[]): Promise<Array<string | null>> {
    const rows = await t.db.prisma.chatAccount.findMany({ where: { platform, personId: { in: personIds } } });
    return personIds.map((id) => rows.find((r) => r.personId === id)?.externalId ?? null);
  }

  // One database per kind (booting and migrating one takes seconds); each test starts empty.
  beforeAll(async () => {
    t = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await t.cleanup();
  });
  beforeEach(async () => {
    await t.db.prisma.$executeRawUnsafe(
      'TRUNCATE seal, department, person, chat_account, unit_setting, meeting_room CASCADE',
    );
  });

  it('loads the example file into empty tables', async () => {
    const { org, sourceHash } = await loadOrgFile('org.example.yaml');

    const result = applied(await syncOrg(t.db.prisma, org, { sourceHash, now: T0 }));

    expect(result.unit).toBe('created');
    expect(result.departments).toEqual({ ...nothing, created: org.departments.length });
    expect(result.people).toEqual({ ...nothing, created: org.people.length });
    expect(result.seals).toEqual({ ...nothing, created: 5 });
    const water = await t.db.prisma.department.findUniqueOrThrow({
      where: { id: 'water-admin' },
      include: { supervisingLeader: true },
    });
    expect(water.supervisingLeader?.name).toBe('王振华');
    const hand = await t.db.prisma.seal.findUniqueOrThrow({
      where: { id: 'hand-zhang-jianguo' },
      include: { custodian: true, owner: true },
    });
    expect([hand.custodian.name, hand.owner?.name, hand.state]).toEqual(['孙丽', '张建国', 'active']);
    const unit = await t.db.prisma.unitSetting.findUniqueOrThrow({ where: { id: 'unit' } });
    expect(unit).toMatchObject({ name: '示范县水利局', docPrefix: '示水', sourceHash, loadedAt: T0 });
    expect(unit.docTypes).toEqual(org.unit.docTypes);
  });

  it('loads meeting rooms, updates them, and keeps a room left out of the file as inactive', async () => {
    const room = (id: string, name: string, capacity: number, equipment: string[] = []) => ({
      id,
      name,
      nameEn: null,
      capacity,
      equipment,
    });
    const first = {
      ...smallOrg(),
      rooms: [room('r1', '第一会议室', 30, ['投影仪']), room('r2', '小会议室', 8)],
    };
    expect(applied(await syncOrg(t.db.prisma, first, { sourceHash: 'h1', now: T0 })).rooms).toEqual({
      ...nothing,
      created: 2,
    });
    const second = { ...smallOrg(), rooms: [room('r1', '第一会议室', 40, ['投影仪', '话筒'])] };
    expect(applied(await syncOrg(t.db.prisma, second, { sourceHash: 'h2', now: T1 })).rooms).toEqual({
      ...nothing,
      updated: 1,
      deactivated: 1,
    });
    const rows = await t.db.prisma.meetingRoom.findMany({ orderBy: { id: 'asc' } });
    expect(rows.map((r) => [r.id, r.capacity, r.equipment, r.active])).toEqual([
      ['r1', 40, ['投影仪', '话筒'], true],
      ['r2', 8, [], false],
    ]);
  });

  it('does nothing when the file hash is the one already loaded', async () => {
    const org = smallOrg();
    await syncOrg(t.db.prisma, org, { sourceHash: 'h1', now: T0 });

    const again = await syncOrg(t.db.prisma, org, { sourceHash: 'h1', now: T1 });

    expect(again).toEqual({ status: 'unchanged', sourceHash: 'h1' });
    const unit = await t.db.prisma.unitSetting.findUniqueOrThrow({ where: { id: 'unit' } });
    expect(unit.loadedAt).toEqual(T0);
  });

  it('writes no duplicate and no change when only the hash differs', async () => {
    const org = smallOrg();
    await syncOrg(t.db.prisma, org, { sourceHash: 'h1', now: T0 });

    const result = applied(await syncOrg(t.db.prisma, smallOrg(), { sourceHash: 'h2', now: T1 }));

    expect(result).toMatchObject({
      unit: 'unchanged',
      departments: nothing,
      people: nothing,
      seals: nothing,
    });
    expect(await t.db.prisma.person.count()).toBe(4);
    expect(await t.db.prisma.department.count()).toBe(2);
    expect(await t.db.prisma.seal.count()).toBe(1);
    const boss = await t.db.prisma.person.findUniqueOrThrow({ where: { id: 'boss' } });
    expect(boss.updatedAt).toEqual(T0);
    const unit = await t.db.prisma.unitSetting.findUniqueOrThrow({ where: { id: 'unit' } });
    expect([unit.sourceHash, unit.loadedAt]).toEqual(['h2', T1]);
  });

  it('deactivates a person removed from the file and keeps their name', async () => {
    await syncOrg(t.db.prisma, smallOrg(), { sourceHash: 'h1', now: T0 });
    const without = smallOrg();
    without.people = without.people.filter((p) => p.id !== 'staff-a');

    const result = applied(await syncOrg(t.db.prisma, without, { sourceHash: 'h2', now: T1 }));

    expect(result.people).toEqual({ ...nothing, deactivated: 1 });
    const row = await t.db.prisma.person.findUniqueOrThrow({ where: { id: 'staff-a' } });
    expect(row).toMatchObject({ name: '科员丙', active: false, updatedAt: T1 });
  });

  it('reactivates a person added back to the file', async () => {
    await syncOrg(t.db.prisma, smallOrg(), { sourceHash: 'h1', now: T0 });
    const without = smallOrg();
    without.people = without.people.filter((p) => p.id !== 'staff-a');
    await syncOrg(t.db.prisma, without, { sourceHash: 'h2', now: T1 });

    const result = applied(await syncOrg(t.db.prisma, smallOrg(), { sourceHash: 'h3', now: T2 }));

    expect(result.people).toEqual({ ...nothing, reactivated: 1 });
    const row = await t.db.prisma.person.findUniqueOrThrow({ where: { id: 'staff-a' } });
    expect(row.active).toBe(true);
    expect(await t.db.prisma.person.count()).toBe(4);
  });

  it('updates a changed name, department role or supervising leader in place', async () => {
    await syncOrg(t.db.prisma, smallOrg(), { sourceHash: 'h1', now: T0 });
    const changed = smallOrg();
    changed.people[2] = person('staff-a', '科员丙（已更名）', 'office', ['department_head'], {
      headRank: 'deputy',
    });
    changed.people.push(person('deputy-boss', '副局长戊', 'leadership', ['leader']));
    changed.departments[1] = {
      ...smallOrg().departments[1],
      supervisingLeaderId: 'deputy-boss',
    } as Org['departments'][number];

    const result = applied(await syncOrg(t.db.prisma, changed, { sourceHash: 'h2', now: T1 }));

    expect(result.people).toEqual({ ...nothing, created: 1, updated: 1 });
    expect(result.departments).toEqual({ ...nothing, updated: 1 });
    const row = await t.db.prisma.person.findUniqueOrThrow({ where: { id: 'staff-a' } });
    expect(row).toMatchObject({
      name: '科员丙（已更名）',
      roles: ['department_head'],
      headRank: 'deputy',
      createdAt: T0,
      updatedAt: T1,
    });
    const office = await t.db.prisma.department.findUniqueOrThrow({ where: { id: 'office' } });
    expect(office.supervisingLeaderId).toBe('deputy-boss');
  });

  it('keeps a seal state set in the bot when the file is loaded again', async () => {
    await syncOrg(t.db.prisma, smallOrg(), { sourceHash: 'h1', now: T0 });
    // Reported lost in the bot after the first load.
    await t.db.prisma.seal.update({ where: { id: 'official' }, data: { state: 'suspended' } });
    const renamed = smallOrg();
    const seal = renamed.seals[0];
    if (!seal) throw new Error('fixture has a seal');
    renamed.seals[0] = { ...seal, name: '测试局公章（新）', initialState: 'active' };

    const result = applied(await syncOrg(t.db.prisma, renamed, { sourceHash: 'h2', now: T1 }));

    expect(result.seals).toEqual({ ...nothing, updated: 1 });
    const row = await t.db.prisma.seal.findUniqueOrThrow({ where: { id: 'official' } });
    expect(row).toMatchObject({ name: '测试局公章（新）', state: 'suspended' });
  });

  it('creates a seal in the state the file gives and deactivates a seal removed from it', async () => {
    const org = smallOrg();
    const seal = org.seals[0];
    if (!seal) throw new Error('fixture has a seal');
    org.seals.push({
      ...seal,
      id: 'old-contract',
      name: '旧合同章',
      kind: 'contract',
      initialState: 'retired',
    });
    await syncOrg(t.db.prisma, org, { sourceHash: 'h1', now: T0 });
    expect((await t.db.prisma.seal.findUniqueOrThrow({ where: { id: 'old-contract' } })).state).toBe(
      'retired',
    );

    const result = applied(await syncOrg(t.db.prisma, smallOrg(), { sourceHash: 'h2', now: T1 }));

    expect(result.seals).toEqual({ ...nothing, deactivated: 1 });
    const row = await t.db.prisma.seal.findUniqueOrThrow({ where: { id: 'old-contract' } });
    expect(row).toMatchObject({ name: '旧合同章', active: false, state: 'retired' });
  });

  it('moves a Slack id from one person to another in one load', async () => {
    const first = smallOrg();
    first.people[2] = person('staff-a', '科员丙', 'office', [], { slackUserId: 'USHARED' });
    await syncOrg(t.db.prisma, first, { sourceHash: 'h1', now: T0 });
    const moved = smallOrg();
    moved.people[3] = person('staff-b', '科员丁', 'office', [], { slackUserId: 'USHARED' });

    const result = applied(await syncOrg(t.db.prisma, moved, { sourceHash: 'h2', now: T1 }));

    expect(result.people).toEqual({ ...nothing, updated: 2 });
    expect(await idsOn('slack', ['staff-a', 'staff-b'])).toEqual([null, 'USHARED']);
  });

  it('swaps the Slack ids of two people in one load', async () => {
    const first = smallOrg();
    first.people[2] = person('staff-a', '科员丙', 'office', [], { slackUserId: 'UAAA' });
    first.people[3] = person('staff-b', '科员丁', 'office', [], { slackUserId: 'UBBB' });
    await syncOrg(t.db.prisma, first, { sourceHash: 'h1', now: T0 });
    const swapped = smallOrg();
    swapped.people[2] = person('staff-a', '科员丙', 'office', [], { slackUserId: 'UBBB' });
    swapped.people[3] = person('staff-b', '科员丁', 'office', [], { slackUserId: 'UAAA' });

    const result = applied(await syncOrg(t.db.prisma, swapped, { sourceHash: 'h2', now: T1 }));

    expect(result.people).toEqual({ ...nothing, updated: 2 });
    expect(await idsOn('slack', ['staff-a', 'staff-b'])).toEqual(['UBBB', 'UAAA']);
  });

  it('gives a removed person’s Slack id to the person who now has it', async () => {
    const first = smallOrg();
    first.people[2] = person('staff-a', '科员丙', 'office', [], { slackUserId: 'UREUSED' });
    await syncOrg(t.db.prisma, first, { sourceHash: 'h1', now: T0 });
    const next = smallOrg();
    next.people = next.people.filter((p) => p.id !== 'staff-a');
    next.people.push(person('staff-a-2', '科员丙', 'office', [], { slackUserId: 'UREUSED' }));

    const result = applied(await syncOrg(t.db.prisma, next, { sourceHash: 'h2', now: T1 }));

    expect(result.people).toEqual({ ...nothing, created: 1, deactivated: 1 });
    const old = await t.db.prisma.person.findUniqueOrThrow({ where: { id: 'staff-a' } });
    expect([old.active, ...(await idsOn('slack', ['staff-a', 'staff-a-2']))]).toEqual([
      false,
      null,
      'UREUSED',
    ]);
  });

  it('keeps a removed person’s chat ids while nobody else has them', async () => {
    const first = smallOrg();
    first.people[2] = person('staff-a', '科员丙', 'office', [], {
      slackUserId: 'UGONE',
      wecomUserId: 'gone',
    });
    await syncOrg(t.db.prisma, first, { sourceHash: 'h1', now: T0 });
    const next = smallOrg();
    next.people = next.people.filter((p) => p.id !== 'staff-a');

    applied(await syncOrg(t.db.prisma, next, { sourceHash: 'h2', now: T1 }));

    expect([...(await idsOn('slack', ['staff-a'])), ...(await idsOn('wecom', ['staff-a']))]).toEqual([
      'UGONE',
      'gone',
    ]);
  });

  it('writes each person’s Slack, DingTalk and WeCom ids as chat accounts', async () => {
    const org = smallOrg();
    org.people[2] = person('staff-a', '科员丙', 'office', [], {
      slackUserId: 'UAAA',
      dingtalkUserId: 'manager4921',
      wecomUserId: 'ZhangSan',
    });
    org.people[3] = person('staff-b', '科员丁', 'office', [], { dingtalkUserId: '0123456789' });

    applied(await syncOrg(t.db.prisma, org, { sourceHash: 'h1', now: T0 }));

    const rows = await t.db.prisma.chatAccount.findMany({
      orderBy: [{ personId: 'asc' }, { platform: 'asc' }],
      select: { platform: true, tenant: true, externalId: true, personId: true },
    });
    expect(rows).toEqual([
      { platform: 'slack', tenant: '', externalId: 'UBOSS', personId: 'boss' },
      { platform: 'dingtalk', tenant: '', externalId: 'manager4921', personId: 'staff-a' },
      { platform: 'slack', tenant: '', externalId: 'UAAA', personId: 'staff-a' },
      { platform: 'wecom', tenant: '', externalId: 'ZhangSan', personId: 'staff-a' },
      { platform: 'dingtalk', tenant: '', externalId: '0123456789', personId: 'staff-b' },
    ]);
  });

  it('moves DingTalk and WeCom ids from one person to another in one load, and drops a removed one', async () => {
    const first = smallOrg();
    first.people[2] = person('staff-a', '科员丙', 'office', [], {
      dingtalkUserId: 'dt-1',
      wecomUserId: 'wc-1',
    });
    first.people[3] = person('staff-b', '科员丁', 'office', [], { wecomUserId: 'wc-2' });
    await syncOrg(t.db.prisma, first, { sourceHash: 'h1', now: T0 });
    const moved = smallOrg();
    moved.people[2] = person('staff-a', '科员丙', 'office', [], { wecomUserId: 'wc-2' });
    moved.people[3] = person('staff-b', '科员丁', 'office', [], {
      dingtalkUserId: 'dt-1',
      wecomUserId: 'wc-1',
    });

    const result = applied(await syncOrg(t.db.prisma, moved, { sourceHash: 'h2', now: T1 }));

    expect(result.people).toEqual({ ...nothing, updated: 2 });
    expect(await idsOn('dingtalk', ['staff-a', 'staff-b'])).toEqual([null, 'dt-1']);
    expect(await idsOn('wecom', ['staff-a', 'staff-b'])).toEqual(['wc-2', 'wc-1']);

    const cleared = smallOrg();
    const again = applied(await syncOrg(t.db.prisma, cleared, { sourceHash: 'h3', now: T2 }));
    expect(again.people).toEqual({ ...nothing, updated: 2 });
    expect(await t.db.prisma.chatAccount.count({ where: { platform: { in: ['dingtalk', 'wecom'] } } })).toBe(
      0,
    );
  });

  it('deactivates a department removed from the file', async () => {
    const first = smallOrg();
    first.departments.push({
      id: 'works',
      name: '工程科',
      nameEn: null,
      kind: 'business',
      supervisingLeaderId: 'boss',
    });
    first.people.push(person('works-head', '科长己', 'works', ['department_head']));
    await syncOrg(t.db.prisma, first, { sourceHash: 'h1', now: T0 });

    const result = applied(await syncOrg(t.db.prisma, smallOrg(), { sourceHash: 'h2', now: T1 }));

    expect(result.departments).toEqual({ ...nothing, deactivated: 1 });
    expect(result.people).toEqual({ ...nothing, deactivated: 1 });
    const works = await t.db.prisma.department.findUniqueOrThrow({
      where: { id: 'works' },
      include: { people: true },
    });
    expect([works.name, works.active, works.people.map((p) => p.name)]).toEqual([
      '工程科',
      false,
      ['科长己'],
    ]);
  });

  it('changes nothing when a load fails halfway', async () => {
    await syncOrg(t.db.prisma, smallOrg(), { sourceHash: 'h1', now: T0 });
    const broken = smallOrg();
    broken.people[0] = person('boss', '局长甲（新）', 'leadership', ['director'], { slackUserId: 'UBOSS' });
    // Not possible through parseOrgFile; here it makes the seal insert fail after the people.
    broken.seals.push({ ...(broken.seals[0] as Org['seals'][number]), id: 'ghost', custodianId: 'nobody' });

    await expect(syncOrg(t.db.prisma, broken, { sourceHash: 'h2', now: T1 })).rejects.toThrow();

    const boss = await t.db.prisma.person.findUniqueOrThrow({ where: { id: 'boss' } });
    expect(boss.name).toBe('局长甲');
    const unit = await t.db.prisma.unitSetting.findUniqueOrThrow({ where: { id: 'unit' } });
    expect(unit.sourceHash).toBe('h1');
  });

  it('lets two loads of the same file run at once without duplicates or errors', async () => {
    const results = await Promise.all([
      syncOrg(t.db.prisma, smallOrg(), { sourceHash: 'h1', now: T0 }),
      syncOrg(t.db.prisma, smallOrg(), { sourceHash: 'h1', now: T0 }),
    ]);

    expect(results.map((r) => r.status).sort()).toEqual(['applied', 'unchanged']);
    expect(await t.db.prisma.person.count()).toBe(4);
  });
});
