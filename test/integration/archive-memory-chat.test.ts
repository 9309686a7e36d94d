import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plainOf, type Reply } from '../../src/chat/core/reply.ts';
import { createEntry } from '../../src/features/archive/catalog.ts';
import { createMemoryHarness, type MemoryHarness } from '../conformance/memory-harness.ts';

// `/archive` on a platform whose commands are messages (the in-memory adapter, as DingTalk and
// WeCom will be): the same neutral answers as on Slack — a page of results with 借阅 and 更多,
// the next page on 更多 — and the forms it opens as the person's link to the same form on the web.

const GAO_YAN = 'gao-yan';

describe('/archive without modals', () => {
  let h: MemoryHarness;
  let event = 0;
  beforeAll(async () => {
    h = await createMemoryHarness();
    for (let i = 1; i <= 12; i++) {
      await createEntry(
        { prisma: h.prisma, now: h.now() },
        {
          title: `关于消息平台查档第${i}件的通知`,
          docNumber: `消测发〔2026〕${i}号`,
          year: 2026,
          category: '文书',
          retention: '30y',
          secrecy: 'internal',
          source: 'manual',
          createdById: 'feng-xiaoyu',
        },
      );
    }
  }, 60_000);
  afterAll(async () => {
    await h?.stop();
  });

  const replies = (personId: string) =>
    h.adapter.memory
      .messagesOf(personId)
      .flatMap((m) => (m.kind === 'reply' ? [{ id: m.id, reply: m.reply as Reply }] : []));
  const last = (personId: string) => {
    const found = replies(personId).at(-1);
    if (!found) throw new Error(`no reply to ${personId}`);
    return found;
  };

  it('searches, pages with 更多, and offers 借阅 as a link to the loan form on the web', async () => {
    await h.adapter.command(GAO_YAN, '/archive 消息平台查档', `E${++event}`);
    const first = last(GAO_YAN);
    expect(plainOf(first.reply.text)).toContain('第 1 页');
    expect(plainOf(first.reply.text)).toContain('消测发〔2026〕12号');

    await h.adapter.pressReply(GAO_YAN, first.id, 'archive_more', `E${++event}`);
    const second = last(GAO_YAN);
    expect(plainOf(second.reply.text)).toContain('第 2 页');
    expect(plainOf(second.reply.text)).toContain('消测发〔2026〕1号');

    await h.adapter.pressReply(GAO_YAN, first.id, 'archive_borrow', `E${++event}`);
    const offered = last(GAO_YAN);
    expect(plainOf(offered.reply.text)).toMatch(/请在此填写表单：https?:\/\/\S+\/forms\//u);
  });

  it('answers /archive loans typed as a message', async () => {
    await h.adapter.command(GAO_YAN, 'archive loans', `E${++event}`);
    expect(plainOf(last(GAO_YAN).reply.text)).toContain('你还没有借阅或复制过档案');
  });
});
