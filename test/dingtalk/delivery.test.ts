// The DingTalk delivery of the outbox kinds the conformance suite does not reach: a card copy
// updated in place by its outTrackId, the features' messages (a 催办 reminder, the morning digest,
// the low-stock alert, the weekly report and its chart in the office group), and a person with no
// DingTalk account skipped rather than retried.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replyToMarkdown } from '../../src/chat/dingtalk/markdown.ts';
import { reportReply } from '../../src/features/reports/report-reply.ts';
import { OUTBOX_KINDS, reportSchema } from '../../src/outbox/intents.ts';
import { personConversationKey } from '../../src/outbox/outbox-message.ts';
import { enqueueOutbox } from '../../src/outbox/outbox-repository.ts';
import {
  createDingTalkHarness,
  type DingTalkHarness,
  dingtalkUserOf,
} from '../conformance/dingtalk-harness.ts';
import { ASSIGNEE, cardTitled, instanceTitled, REQUESTER } from '../conformance/suite.ts';
import { WEEK_REPORT } from '../support/report-fixtures.ts';

describe('DingTalk delivery', () => {
  let h: DingTalkHarness;
  beforeAll(async () => {
    h = await createDingTalkHarness();
  }, 90_000);
  afterAll(async () => {
    await h?.stop();
  });

  /** Everything the person was sent (messages' text, and the cards' bodies), newest last. */
  const seenBy = async (personId: string) => [
    ...(await h.texts(personId)),
    ...h.standIn
      .cards()
      .flatMap(([, card]) =>
        card.openSpaceId.endsWith(dingtalkUserOf(personId)) ? [JSON.stringify(card.cardParamMap)] : [],
      ),
  ];

  it('updates a card copy in place by the outTrackId it recorded, and posts no second card', async () => {
    const title = '原地更新的卡片';
    await h.startApproval(REQUESTER, title);
    await h.deliver();
    await h.press(REQUESTER, await cardTitled(h, REQUESTER, title), 'recall');
    await h.deliver();
    const instance = await instanceTitled(h, title);
    const copy = await h.prisma.cardMessage.findFirstOrThrow({
      where: { instanceId: instance.id, recipient: REQUESTER },
    });
    expect(copy.platform).toBe('dingtalk');
    const { outTrackId } = copy.messageRef as { outTrackId: string };
    const card = h.standIn.card(outTrackId);
    expect(card?.callbackType).toBe('STREAM');
    expect(card?.updates).toBeGreaterThan(0);
    expect(copy.version).toBe(instance.version);
    const mine = (await h.cards(REQUESTER)).filter((c) => c.content.includes(title));
    expect(mine).toHaveLength(1);
    expect(mine[0]?.actions).toContain('resubmit');
  });

  it('skips a card for a person with no DingTalk account instead of retrying it', async () => {
    const title = '未关联钉钉的人';
    await h.startApproval(REQUESTER, title);
    const instance = await instanceTitled(h, title);
    await h.prisma.outboxMessage.deleteMany({ where: { status: 'pending' } });
    await enqueueOutbox(
      h.prisma,
      [
        {
          orderingKey: 'test:card',
          kind: OUTBOX_KINDS.cardSync,
          payload: { instanceId: instance.id, personId: 'ma-qiang' },
        },
      ],
      h.now(),
    );
    const result = await h.deliver();
    expect(result.delivered).toBe(1);
    const row = await h.prisma.outboxMessage.findFirstOrThrow({
      where: { kind: OUTBOX_KINDS.cardSync, payload: { path: ['personId'], equals: 'ma-qiang' } },
    });
    expect(row.result).toEqual({ skipped: 'not_linked' });
  });

  it('sends a 催办 nudge and the morning digest to the person, in their words', async () => {
    const title = '催办与晨报';
    await h.startApproval(REQUESTER, title);
    await h.deliver();
    const instance = await instanceTitled(h, title);
    await enqueueOutbox(
      h.prisma,
      [
        {
          orderingKey: personConversationKey(ASSIGNEE),
          kind: OUTBOX_KINDS.chaseRemind,
          payload: { personId: ASSIGNEE, instanceId: instance.id, kind: 'nudge', byPersonId: REQUESTER },
        },
        {
          orderingKey: personConversationKey(ASSIGNEE),
          kind: OUTBOX_KINDS.chaseDigest,
          payload: { personId: ASSIGNEE, date: '2026-11-23' },
        },
      ],
      h.now(),
    );
    const result = await h.deliver();
    expect(result.failed).toBe(0);
    const seen = await seenBy(ASSIGNEE);
    expect(seen.some((text) => text.includes('催办') && text.includes(title))).toBe(true);
    expect(seen.some((text) => text.includes('早上好'))).toBe(true);
  });

  it('tells a keeper of low stock as a text message', async () => {
    const item = await h.prisma.supplyItem.create({
      data: {
        name: '钉钉测试A4纸',
        unit: '包',
        stock: 1,
        unitPriceFen: 2500,
        lowStockThreshold: 5,
        createdAt: h.now(),
        updatedAt: h.now(),
      },
    });
    await enqueueOutbox(
      h.prisma,
      [
        {
          orderingKey: 'test:stock',
          kind: OUTBOX_KINDS.supplyLowStock,
          payload: { personId: ASSIGNEE, itemId: item.id },
        },
      ],
      h.now(),
    );
    await h.deliver();
    expect((await h.texts(ASSIGNEE)).some((text) => text.includes('钉钉测试A4纸'))).toBe(true);
  });

  it('posts the weekly report and its chart in the office group', async () => {
    const report = WEEK_REPORT;
    const payload = { channel: 'cid-office', locale: 'zh' as const, timeZone: 'Asia/Shanghai', report };
    await enqueueOutbox(
      h.prisma,
      [
        { orderingKey: 'report:cid-office', kind: OUTBOX_KINDS.reportPost, payload },
        { orderingKey: 'report:cid-office', kind: OUTBOX_KINDS.reportChart, payload },
      ],
      h.now(),
    );
    const result = await h.deliver();
    expect(result.failed).toBe(0);
    const posted = h.standIn.messagesInGroup('cid-office');
    expect(posted.map((m) => m.msgKey)).toEqual(['sampleMarkdown', 'sampleFile', 'sampleMarkdown']);
    // The report feature's neutral reply, drawn as DingTalk markdown.
    const drawn = replyToMarkdown(
      reportReply({
        report: reportSchema.parse(report),
        locale: 'zh',
        timeZone: 'Asia/Shanghai',
        audience: 'channel',
      }),
    );
    expect(posted[0]?.msgParam).toEqual({ title: drawn.title, text: drawn.markdown });
    const file = posted[1]?.msgParam as { mediaId: string; fileName: string };
    expect(file.fileName.endsWith('.png')).toBe(true);
    expect(h.standIn.media(file.mediaId)?.mimeType).toBe('image/png');
  });
});
