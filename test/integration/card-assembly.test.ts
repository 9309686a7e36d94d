import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCard, type CardAuditEntry } from '../../src/chat/core/card.ts';
import {
  assembleCard,
  assembleNotice,
  type CardAssemblyDeps,
  loadCardDraw,
  noticeText,
  peopleMentioned,
} from '../../src/chat/core/card-assembly.ts';
import { escapeMrkdwn } from '../../src/chat/slack/blocks/mrkdwn.ts';
import { GENERIC_APPROVAL } from '../../src/domain/workflow/index.ts';
import type { WorkflowInstance } from '../../src/domain/workflow/types.ts';
import type { WorkflowService } from '../../src/features/workflow/workflow-service.ts';
import type { PrismaClient } from '../../src/generated/prisma/client.ts';
import { DeliveryError } from '../../src/outbox/delivery.ts';
import { translateDynamic } from '../../src/shared/i18n.ts';
import { linkSlackUsers } from '../support/chat-accounts.ts';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../support/databases.ts';
import { EXAMPLE, loadExampleOrg, manualClock, testWorkflowService } from '../support/workflow.ts';

// The card and the notice of an instance as the core assembles them from committed state, for any
// platform: the same model the Slack delivery rendered before (its rendering has its own tests).

const TEAM = 'T0OFFICE';
/** A title with characters every platform's markup treats specially: the model keeps them raw. */
const TITLE = '关于采购*防汛*物资的请示 <紧急>';
const COMMENT = '同意，请办公室审核';

describe.each(databaseKinds)('card assembly from committed state on %s', (kind) => {
  let testDb: TestDatabase;
  let prisma: PrismaClient;
  let service: WorkflowService;
  let item: WorkflowInstance;
  const clock = manualClock();

  /** Every feature hook a card takes, each showing what it was given. */
  function depsOf(): CardAssemblyDeps {
    return {
      prisma,
      clock,
      timeZone: 'Asia/Shanghai',
      definitions: new Map([[GENERIC_APPROVAL.id, GENERIC_APPROVAL]]),
      cardFields: new Map([
        [
          GENERIC_APPROVAL.id,
          (instance, locale) => [
            { label: locale === 'en' ? 'Version' : '版本', value: String(instance.version) },
          ],
        ],
      ]),
      cardLiveFields: new Map([
        [
          GENERIC_APPROVAL.id,
          async (_instance, _locale, db) => [{ label: '在册人数', value: String(await db.person.count()) }],
        ],
      ]),
      cardExtras: new Map([
        [
          GENERIC_APPROVAL.id,
          (_instance, viewer) =>
            viewer.personId === EXAMPLE.officeHead
              ? [{ key: 'archive', label: '归档', style: 'primary' }]
              : [],
        ],
      ]),
      cardLiveExtras: async (_instance, viewer) => [
        { key: 'chase', label: `催一下 ${viewer.personId}`, style: null },
      ],
    };
  }

  beforeAll(async () => {
    testDb = await createTestDatabase(kind);
    prisma = testDb.db.prisma;
    await loadExampleOrg(testDb);
    await linkSlackUsers(prisma, { [EXAMPLE.officeHead]: 'U0OFFICEHEAD' });
    service = testWorkflowService(testDb, clock);
    const started = await startItem();
    clock.advance(60_000);
    const approved = await service.click({
      instanceId: started.id,
      workspaceId: TEAM,
      actorPersonId: EXAMPLE.deptHead,
      action: { type: 'approve', comment: COMMENT },
      expectedVersion: started.version,
    });
    if (approved.kind !== 'applied') throw new Error(`approve: ${approved.kind}`);
    item = approved.instance;
    clock.advance(60_000);
  });

  afterAll(async () => {
    await testDb?.cleanup();
  });

  /** A new generic approval of the drafter's, titled {@link TITLE}. */
  function startItem(): Promise<WorkflowInstance> {
    return service.start({
      definitionId: GENERIC_APPROVAL.id,
      requesterPersonId: EXAMPLE.drafter,
      workspaceId: TEAM,
      title: TITLE,
      secrecy: 'internal',
      urgency: 'normal',
    });
  }

  /** The card as the delivery drew it before: buildCard fed by hand from the database. */
  async function expectedCard(viewerPersonId: string | null) {
    const instance = await service.loadInstance(item.id);
    const people = await prisma.person.findMany({ select: { id: true, name: true, nameEn: true } });
    const audit = await prisma.auditEntry.findMany({
      where: { instanceId: item.id },
      orderBy: { seq: 'asc' },
    });
    const deps = depsOf();
    const viewer = viewerPersonId && { personId: viewerPersonId, roles: [] as string[] };
    return buildCard({
      instance,
      viewerPersonId,
      people: new Map(people.map((p) => [p.id, { name: p.name, nameEn: p.nameEn }])),
      kindLabel: GENERIC_APPROVAL.name,
      locale: 'zh',
      now: clock.now(),
      timeZone: 'Asia/Shanghai',
      audit: audit
        .filter((a) => a.afterVersion === null || a.afterVersion <= instance.version)
        .map(
          (a): CardAuditEntry => ({
            actorId: a.actorId,
            action: a.action,
            at: a.at,
            comment: a.comment,
            details: a.details,
          }),
        ),
      family: null,
      fields: [
        { label: '版本', value: String(instance.version) },
        { label: '在册人数', value: String(await prisma.person.count()) },
      ],
      extraActions: viewer
        ? [
            ...(deps.cardExtras?.get(GENERIC_APPROVAL.id)?.(instance, viewer, 'zh') ?? []),
            { key: 'chase', label: `催一下 ${viewer.personId}`, style: null },
          ]
        : [],
    });
  }

  it('assembles the reviewer’s card as the delivery drew it: people, history, fields, buttons', async () => {
    const draw = await loadCardDraw(prisma, {
      instanceId: item.id,
      recipient: EXAMPLE.officeHead,
      personId: EXAMPLE.officeHead,
      platform: 'slack',
    });
    const card = await assembleCard(depsOf(), draw);

    expect(card).toEqual(await expectedCard(EXAMPLE.officeHead));
    // What the model carries for the renderers: raw text, the viewer's buttons, the feature's own.
    expect(card.title).toContain(TITLE);
    expect(card.actions.map((a) => a.type)).toContain('approve');
    expect(card.extraActions.map((a) => a.key)).toEqual(['archive', 'chase']);
    expect(JSON.stringify(card)).toContain(COMMENT);
  });

  it('reads the viewer with their account on the platform asked for, and no recorded copy yet', async () => {
    const request = { instanceId: item.id, recipient: EXAMPLE.officeHead, personId: EXAMPLE.officeHead };
    const onSlack = await loadCardDraw(prisma, { ...request, platform: 'slack' });
    const onDingTalk = await loadCardDraw(prisma, { ...request, platform: 'dingtalk' });

    expect(onSlack.viewer).toMatchObject({
      personId: EXAMPLE.officeHead,
      account: 'U0OFFICEHEAD',
      locale: 'zh',
    });
    expect(onDingTalk.viewer).toMatchObject({ personId: EXAMPLE.officeHead, account: null });
    expect(onSlack.copy).toBeNull();
    expect(onSlack.instance.version).toBe(item.version);
  });

  it('reads the recorded copy of a recipient whatever its platform, for that platform to read', async () => {
    const recipient = EXAMPLE.supervisingLeader;
    const row = await prisma.cardMessage.create({
      data: {
        instanceId: item.id,
        recipient,
        platform: 'dingtalk',
        messageRef: { outTrackId: 'track-1' },
        version: item.version,
        updatedAt: clock.now(),
      },
    });
    const draw = await loadCardDraw(prisma, {
      instanceId: item.id,
      recipient,
      personId: recipient,
      platform: 'slack',
    });
    expect(draw.copy).toEqual({
      id: row.id,
      platform: 'dingtalk',
      ref: { outTrackId: 'track-1' },
      version: item.version,
    });
  });

  it('assembles a channel copy without a viewer: no buttons, no feature buttons, the default language', async () => {
    const draw = await loadCardDraw(prisma, {
      instanceId: item.id,
      recipient: 'channel:C0APPROVALS',
      personId: null,
      platform: 'slack',
    });
    const card = await assembleCard(depsOf(), draw);

    expect(draw.viewer).toBeNull();
    expect(draw.locale).toBe('zh');
    expect(card).toEqual(await expectedCard(null));
    expect(card.actions).toEqual([]);
    expect(card.extraActions).toEqual([]);
  });

  it('reads with the draw the name of everyone the card may name: requester, assignees, whom a part was transferred from and to', async () => {
    const started = await startItem();
    const transferred = await service.click({
      instanceId: started.id,
      workspaceId: TEAM,
      actorPersonId: EXAMPLE.deptHead,
      action: { type: 'transfer', toPersonId: 'huang-lei', comment: '请黄磊审核' },
      expectedVersion: started.version,
    });
    if (transferred.kind !== 'applied') throw new Error(`transfer: ${transferred.kind}`);
    const draw = await loadCardDraw(prisma, {
      instanceId: started.id,
      recipient: 'huang-lei',
      personId: 'huang-lei',
      platform: 'slack',
    });
    const mentioned = peopleMentioned(draw.instance, draw.audit);
    expect(mentioned).toContain(EXAMPLE.deptHead);
    expect(mentioned).toContain('huang-lei');
    const names = await prisma.person.findMany({
      where: { id: { in: [...mentioned] } },
      select: { id: true, name: true, nameEn: true },
    });
    for (const person of names) {
      expect(draw.people.get(person.id)).toEqual({ name: person.name, nameEn: person.nameEn });
    }
    // Strings of the state that are no one's id (the title, a comment) name nobody.
    expect(draw.people.size).toBe(names.length);
  });

  it('refuses for good an instance that does not exist', async () => {
    const missing = loadCardDraw(prisma, {
      instanceId: '00000000-0000-4000-8000-000000000000',
      recipient: EXAMPLE.officeHead,
      personId: EXAMPLE.officeHead,
      platform: 'slack',
    });
    await expect(missing).rejects.toBeInstanceOf(DeliveryError);
    await expect(missing).rejects.toMatchObject({
      classification: { kind: 'permanent', code: 'instance_not_found' },
    });
  });

  it('words a notice in the person’s language with raw params, which each platform escapes for its own markup', async () => {
    const deptHead = await prisma.person.findUniqueOrThrow({ where: { id: EXAMPLE.deptHead } });
    // The example organisation's drafter reads English: the notice is in their language.
    const drafter = await prisma.person.findUniqueOrThrow({ where: { id: EXAMPLE.drafter } });
    expect(drafter.locale).toBe('en');
    const by = deptHead.nameEn ?? deptHead.name;
    await linkSlackUsers(prisma, { [EXAMPLE.drafter]: 'U0DRAFTER' });
    const assembled = await assembleNotice(depsOf(), {
      instanceId: item.id,
      personId: EXAMPLE.drafter,
      byPersonId: EXAMPLE.deptHead,
      event: 'commented',
      platform: 'slack',
    });

    expect(assembled).toEqual({
      account: 'U0DRAFTER',
      notice: { locale: 'en', key: 'notify.commented', params: { title: TITLE, by } },
    });
    if (!('notice' in assembled)) throw new Error('no notice');
    expect(noticeText(assembled.notice)).toBe(
      translateDynamic('en', 'notify.commented', { title: TITLE, by }),
    );
    // As the Slack delivery wrote it before: the user's text escaped inside the catalog's words.
    expect(noticeText(assembled.notice, escapeMrkdwn)).toBe(
      translateDynamic('en', 'notify.commented', { title: escapeMrkdwn(TITLE), by: escapeMrkdwn(by) }),
    );
    expect(noticeText(assembled.notice, escapeMrkdwn)).not.toContain('<紧急>');
  });

  it('words a notice without an account where the platform knows people by their person id', async () => {
    const assembled = await assembleNotice(depsOf(), {
      instanceId: item.id,
      personId: EXAMPLE.supervisingLeader,
      byPersonId: EXAMPLE.deptHead,
      event: 'commented',
      platform: null,
    });
    expect(assembled).toMatchObject({ account: null, notice: { key: 'notify.commented' } });
  });

  it('skips a notice to someone without an account on the platform, or not in the directory', async () => {
    const notice = { instanceId: item.id, byPersonId: EXAMPLE.deptHead, event: 'commented' };
    expect(
      await assembleNotice(depsOf(), { ...notice, personId: EXAMPLE.drafter, platform: 'wecom' }),
    ).toEqual({
      skipped: 'not_linked',
    });
    expect(await assembleNotice(depsOf(), { ...notice, personId: 'nobody', platform: 'slack' })).toEqual({
      skipped: 'unknown_person',
    });
  });
});
