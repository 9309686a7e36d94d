// The WeCom delivery of the features' messages, against the stand-in: a 催办 reminder, the morning
// digest and a low-stock alert as texts in the person's chat with the app; a lent archive record
// as its comment and then the file (uploaded first); the report's figures, chart (an image) and CSV
// in the group chat the organisation file names; no App Home to refresh.

import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseButtonKey } from '../../src/chat/wecom/card/template-card.ts';
import { startWeComStandIn, type WeComStandIn } from '../../src/chat/wecom/stand-in/stand-in.ts';
import { replyToTexts } from '../../src/chat/wecom/text.ts';
import { type createWeComDelivery, WECOM_PLATFORM } from '../../src/chat/wecom/wecom-delivery.ts';
import { GENERIC_APPROVAL } from '../../src/domain/workflow/index.ts';
import { OPEN_ITEM_ACTION } from '../../src/features/documents/list-text.ts';
import { reportCsv } from '../../src/features/reports/csv.ts';
import { reportReply } from '../../src/features/reports/report-reply.ts';
import { INSTALLATION_TENANT } from '../../src/org/chat-accounts.ts';
import { OUTBOX_KINDS, reportSchema } from '../../src/outbox/intents.ts';
import type { ClaimedOutboxMessage, JsonValue } from '../../src/outbox/outbox-message.ts';
import { addArchiveFile } from '../support/archive-entries.ts';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../support/databases.ts';
import { FakeClock } from '../support/fake-clock.ts';
import { WEEK_REPORT } from '../support/report-fixtures.ts';
import { buttonKeysOf, weComDeliveryOn, wordsOf } from '../support/wecom.ts';
import { EXAMPLE, loadExampleOrg, testWorkflowService } from '../support/workflow.ts';

const report = WEEK_REPORT;

/** WeCom userids of the people the messages go to. */
const USERS: Record<string, string> = {
  [EXAMPLE.drafter]: 'XuHui',
  [EXAMPLE.deptHead]: 'LiuYang',
  [EXAMPLE.outsider]: 'GaoYan',
};

describe.each(databaseKinds)('the WeCom delivery of the features’ messages on %s', (kind) => {
  let t: TestDatabase;
  let standIn: WeComStandIn;
  let delivery: ReturnType<typeof createWeComDelivery>;
  let filesDir: string;
  const title = '关于购置防汛物资的请示';
  let instanceId: string;
  const clock = new FakeClock('2026-12-01T01:00:00Z');

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    await loadExampleOrg(t);
    for (const [personId, externalId] of Object.entries(USERS)) {
      await t.db.prisma.chatAccount.create({
        data: { personId, platform: WECOM_PLATFORM, tenant: INSTALLATION_TENANT, externalId },
      });
    }
    instanceId = (
      await testWorkflowService(t, clock).start({
        definitionId: GENERIC_APPROVAL.id,
        requesterPersonId: EXAMPLE.drafter,
        workspaceId: null,
        title,
        secrecy: 'internal',
        urgency: 'normal',
      })
    ).id;
    filesDir = await mkdtemp(path.join(tmpdir(), 'wecom-files-'));
    standIn = await startWeComStandIn({ now: () => clock.now().getTime() });
    delivery = weComDeliveryOn(standIn, t.db.prisma, clock, {
      assembly: {
        prisma: t.db.prisma,
        clock,
        timeZone: 'Asia/Shanghai',
        definitions: new Map([[GENERIC_APPROVAL.id, GENERIC_APPROVAL]]),
      },
      archiveFilesDir: filesDir,
    });
  }, 60_000);
  afterAll(async () => {
    await standIn?.close();
    await t?.cleanup();
    if (filesDir) await rm(filesDir, { recursive: true, force: true });
  });

  let id = 0n;
  const row = (kind: string, payload: JsonValue): ClaimedOutboxMessage => ({
    id: ++id,
    orderingKey: 'test',
    kind,
    payload,
    attempts: 1,
    lockedUntil: new Date(clock.now().getTime() + 60_000),
    lockedBy: 'test',
    createdAt: clock.now(),
  });
  const deliver = async (kind: string, payload: JsonValue) =>
    (await delivery.deliver(row(kind, payload))).result;
  /** Every text `personId` was sent, oldest first. */
  const textsTo = (personId: string) => standIn.messagesTo(USERS[personId] ?? '').map(wordsOf);

  it('sends a 催办 nudge as a card naming the item and who chases, with its 打开 button, and skips a person not on WeCom', async () => {
    const nudge = { personId: EXAMPLE.deptHead, instanceId, kind: 'nudge', byPersonId: EXAMPLE.drafter };
    expect(await deliver(OUTBOX_KINDS.chaseRemind, nudge)).toEqual({ userId: 'LiuYang', messages: 1 });
    const [text] = textsTo(EXAMPLE.deptHead).slice(-1);
    expect(text).toContain('催办');
    expect(text).toContain(title);
    const card = standIn.messagesTo('LiuYang').at(-1);
    expect(card?.msgtype).toBe('template_card');
    expect(buttonKeysOf(card as NonNullable<typeof card>).map((key) => parseButtonKey(key))).toEqual([
      expect.objectContaining({ a: OPEN_ITEM_ACTION, x: instanceId }),
    ]);
    expect(
      await deliver(OUTBOX_KINDS.chaseRemind, { ...nudge, personId: EXAMPLE.supervisingLeader }),
    ).toEqual({ skipped: 'not_linked' });
  });

  it('sends the morning digest of what waits on the person, and nothing to one with nothing waiting', async () => {
    const result = await deliver(OUTBOX_KINDS.chaseDigest, {
      personId: EXAMPLE.deptHead,
      date: '2026-12-01',
    });
    expect(result).toMatchObject({ userId: 'LiuYang' });
    const digest = textsTo(EXAMPLE.deptHead).slice(-((result as { messages: number }).messages ?? 1));
    expect(digest[0]).toContain('早上好！今天有 1 件事项待你办理');
    expect(digest.join('\n')).toContain(title);
    expect(
      await deliver(OUTBOX_KINDS.chaseDigest, { personId: EXAMPLE.outsider, date: '2026-12-01' }),
    ).toEqual({
      skipped: 'nothing_waiting',
    });
  });

  it('tells a keeper of low stock in a text', async () => {
    const item = await t.db.prisma.supplyItem.create({
      data: {
        name: '企业微信测试A4纸',
        unit: '包',
        stock: 1,
        unitPriceFen: 2500,
        lowStockThreshold: 5,
        createdAt: clock.now(),
        updatedAt: clock.now(),
      },
    });
    await deliver(OUTBOX_KINDS.supplyLowStock, { personId: EXAMPLE.drafter, itemId: item.id });
    expect(textsTo(EXAMPLE.drafter).slice(-1)[0]).toContain('企业微信测试A4纸');
  });

  it('sends a lent record as its comment, then the file uploaded as media', async () => {
    const bytes = Buffer.from('防汛预案全文\n');
    const fileRef = `wecom-${randomUUID()}.txt`;
    const entry = await addArchiveFile(t.db.prisma, {
      filesDir,
      fileRef,
      bytes,
      archiveNo: 'WS-2026-001',
      title: '防汛预案',
    });
    const before = standIn.messagesTo('XuHui').length;
    const result = await deliver(OUTBOX_KINDS.fileSend, {
      source: 'archive.loan',
      personId: EXAMPLE.drafter,
      entryId: entry.id,
      instanceId: randomUUID(),
    });
    const [comment, file] = standIn.messagesTo('XuHui').slice(before);
    expect(comment?.msgtype).toBe('text');
    expect(String(comment?.content.content)).toContain('WS-2026-001');
    expect(file?.msgtype).toBe('file');
    const mediaId = String(file?.content.media_id);
    expect(result).toEqual({ userId: 'XuHui', mediaId, bytes: bytes.length });
    expect(standIn.media.get(mediaId)?.bytes.equals(bytes)).toBe(true);
  });

  it('sends nothing of a record whose file fails its check, and fails the row for good', async () => {
    const fileRef = `wecom-${randomUUID()}.txt`;
    const entry = await addArchiveFile(t.db.prisma, {
      filesDir,
      fileRef,
      bytes: Buffer.from('被改过的内容'),
      checked: Buffer.from('原来的内容'),
      archiveNo: 'WS-2026-002',
      title: '被改动的档案',
    });
    const before = standIn.media.size;
    const refused = await delivery
      .deliver(
        row(OUTBOX_KINDS.fileSend, {
          source: 'archive.loan',
          personId: EXAMPLE.drafter,
          entryId: entry.id,
          instanceId: randomUUID(),
        }),
      )
      .catch((error: unknown) => error);
    expect(refused).toMatchObject({ classification: { kind: 'permanent', code: 'archive_fixity_failed' } });
    expect(standIn.media.size).toBe(before);
    expect(standIn.messagesTo('XuHui').some((m) => String(m.content.content).includes('WS-2026-002'))).toBe(
      false,
    );
  });

  it('skips the App Home WeCom does not have, sending nothing', async () => {
    const before = standIn.messages.length;
    expect(await deliver(OUTBOX_KINDS.homeRefresh, { personId: EXAMPLE.drafter })).toEqual({
      skipped: 'no_home',
    });
    expect(standIn.messages.length).toBe(before);
  });

  it('posts the report’s figures, its chart as an image and its CSV as a file in the group chat', async () => {
    const payload = { channel: 'wrofficechat', locale: 'zh' as const, timeZone: 'Asia/Shanghai', report };
    await deliver(OUTBOX_KINDS.reportPost, payload);
    await deliver(OUTBOX_KINDS.reportChart, payload);
    const posted = standIn.chatMessages.filter((message) => message.chatId === 'wrofficechat');
    const figures = replyToTexts(
      reportReply({
        report: reportSchema.parse(report),
        locale: 'zh',
        timeZone: 'Asia/Shanghai',
        audience: 'channel',
      }),
      3,
    );
    expect(posted.map((message) => message.msgtype)).toEqual([
      ...figures.map(() => 'text'),
      'image',
      'file',
      'text',
    ]);
    expect(posted.slice(0, figures.length).map((message) => message.content.content)).toEqual(figures);
    const [image, csv, comment] = posted.slice(figures.length);
    const chart = standIn.media.get(String(image?.content.media_id));
    expect(chart?.type).toBe('image');
    expect(chart?.bytes.subarray(1, 4).toString()).toBe('PNG');
    const table = standIn.media.get(String(csv?.content.media_id));
    expect(table?.fileName.endsWith('.csv')).toBe(true);
    expect(table?.bytes.equals(reportCsv(reportSchema.parse(report), 'zh'))).toBe(true);
    expect(String(comment?.content.content)).toContain('2026');
    expect(posted.some((message) => message.truncated)).toBe(false);
  });
});
