// The core's fallbacks, on the in-memory adapter (no ephemeral messages, no modals, cards
// updatable for 2 s after posting): each capability it lacks is made up for by the core.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DeliveryError } from '../../src/outbox/delivery.ts';
import { OUTBOX_KINDS } from '../../src/outbox/intents.ts';
import { t } from '../../src/shared/i18n.ts';
import { databaseKinds } from '../support/databases.ts';
import { createMemoryHarness, type MemoryHarness } from './memory-harness.ts';
import { ASSIGNEE, cardTitled, instanceTitled, REQUESTER, started } from './suite.ts';

const refSchema = z.object({ messageId: z.string() });

describe.each(databaseKinds)(
  'the core’s fallbacks on a platform without ephemeral messages, modals or late updates (%s)',
  (kind) => {
    let h: MemoryHarness;
    beforeAll(async () => {
      h = await createMemoryHarness({ updateWindowMs: 2000, kind });
    }, 90_000);
    afterAll(async () => {
      await h?.stop();
    });

    const recordOf = async (title: string, personId: string) => {
      const instance = await instanceTitled(h, title);
      const copy = await h.prisma.cardMessage.findUniqueOrThrow({
        where: { instanceId_recipient: { instanceId: instance.id, recipient: personId } },
      });
      return { ...copy, messageId: refSchema.parse(copy.messageRef).messageId };
    };
    const cardMessages = (personId: string, title: string) =>
      h.adapter.memory
        .messagesOf(personId)
        .filter((m) => m.kind === 'card' && JSON.stringify(m.card).includes(title));
    const lastRowOf = async (kind: string) =>
      h.prisma.outboxMessage.findFirstOrThrow({ where: { kind }, orderBy: { id: 'desc' } });

    it('shows a person their work when they type 待办, as Slack’s App Home does', async () => {
      await started(h, '待办里的请示');
      await h.adapter.command(ASSIGNEE, '待办', 'E-todo');
      const replies = h.adapter.memory
        .messagesOf(ASSIGNEE)
        .flatMap((m) => (m.kind === 'reply' ? [m.reply] : []));
      const work = replies.at(-1);
      const row = work?.blocks.find(
        (b) => b.key?.startsWith('home:waiting:row:') && JSON.stringify(b).includes('待办里的请示'),
      );
      expect(row).toMatchObject({ kind: 'section', button: { action: 'doc_list_open' } });
    });

    it('sends an answer meant for one person as a direct message', async () => {
      const title = '答复改私信';
      await started(h, title);
      // A button the requester's card does not offer: the refusal is theirs alone.
      await h.press(REQUESTER, await cardTitled(h, REQUESTER, title), 'approve');
      await h.deliver();
      const reply = await lastRowOf(OUTBOX_KINDS.personReply);
      expect(reply.status).toBe('sent');
      const text = t('zh', 'error.invalid_payload');
      expect((reply.payload as { text: string }).text).toBe(text);
      expect(await h.texts(REQUESTER)).toContain(text);
      // The platform itself cannot take a reply: the core made it a DM.
      await expect(
        h.adapter.delivery.deliver({ ...reply, lockedUntil: new Date() } as never),
      ).rejects.toThrow(DeliveryError);
    });

    it('posts a new copy of a card too old to update, and the record then points at it', async () => {
      const title = '窗口外更新';
      await started(h, title);
      const first = await recordOf(title, ASSIGNEE);
      expect(first.postedAt).not.toBeNull();
      h.advance(3000);
      await h.press(REQUESTER, await cardTitled(h, REQUESTER, title), 'recall');
      await h.deliver();
      const copies = cardMessages(ASSIGNEE, title);
      expect(copies).toHaveLength(2);
      const [old, fresh] = copies;
      expect(old?.kind === 'card' && old.updates).toBe(0);
      const replaced = await recordOf(title, ASSIGNEE);
      expect(replaced.messageId).toBe(fresh?.id);
      expect(replaced.version).toBe(2);
      // The core saw the window had passed: the platform was not asked to update.
      expect(h.adapter.memory.refusals().update_window_passed ?? 0).toBe(0);

      // Within the window of the new copy, the next change updates it in place.
      await h.press(REQUESTER, await cardTitled(h, REQUESTER, title), 'resubmit');
      await h.deliver();
      expect(cardMessages(ASSIGNEE, title)).toHaveLength(2);
      const updated = cardMessages(ASSIGNEE, title).at(-1);
      expect(updated?.kind === 'card' && updated.updates).toBe(1);
      expect((await recordOf(title, ASSIGNEE)).messageId).toBe(fresh?.id);
    });

    it('posts a new copy when the platform refuses an update as too late', async () => {
      const title = '平台拒绝更新';
      await started(h, title);
      // A copy recorded without its posting time (before it was kept): only the platform knows.
      const first = await recordOf(title, ASSIGNEE);
      await h.prisma.cardMessage.update({ where: { id: first.id }, data: { postedAt: null } });
      const refusedBefore = h.adapter.memory.refusals().update_window_passed ?? 0;
      h.advance(3000);
      await h.press(REQUESTER, await cardTitled(h, REQUESTER, title), 'recall');
      await h.deliver();
      expect(h.adapter.memory.refusals().update_window_passed ?? 0).toBeGreaterThan(refusedBefore);
      const copies = cardMessages(ASSIGNEE, title);
      expect(copies).toHaveLength(2);
      const record = await recordOf(title, ASSIGNEE);
      expect(record.messageId).toBe(copies[1]?.id);
      expect(record.postedAt).not.toBeNull();
      const rows = await h.prisma.outboxMessage.findMany({
        where: {
          kind: OUTBOX_KINDS.cardSync,
          status: 'sent',
          payload: { path: ['personId'], equals: ASSIGNEE },
        },
      });
      expect(rows.some((row) => JSON.stringify(row.result).includes('refused_as_late'))).toBe(true);
      expect(await h.prisma.outboxMessage.count({ where: { status: 'failed' } })).toBe(0);
    });

    it('answers a typed command with its file, and its form as a web link', async () => {
      // One stamping on record (an approval stands in for the seal request it would be).
      await started(h, '登记簿一行');
      const instance = await instanceTitled(h, '登记簿一行');
      await h.prisma.sealUse.create({
        data: {
          instanceId: instance.id,
          sealId: 'official',
          stampedAt: h.now(),
          documentTitle: '登记簿一行',
          departmentId: 'office',
          requesterId: 'zhao-min',
          approverIds: [],
          handlerId: 'zhou-jing',
          approvedCount: 1,
          impressions: 1,
        },
      });
      await h.adapter.command('zhao-min', '用印 register', 'E-seal-register');
      const file = h.adapter.memory.messagesOf('zhao-min').at(-1);
      expect(file).toMatchObject({
        kind: 'file',
        name: '印章使用登记簿.csv',
        comment: '印章使用登记簿：1 条记录。',
      });
      await h.adapter.command('zhao-min', 'seal 合同 关于申报的函', 'E-seal-form');
      const answer = h.adapter.memory.messagesOf('zhao-min').at(-1);
      if (answer?.kind !== 'reply') throw new Error(`a ${answer?.kind} message, not a reply`);
      const url = answer.reply.text.find((run) => typeof run !== 'string' && run.url !== undefined);
      expect(new URL(typeof url === 'string' ? '' : (url?.url ?? '')).pathname).toBe('/forms/seal.request');
    });

    it('offers a card’s form as a link to the bot’s web form', async () => {
      const title = '网页表单';
      await started(h, title);
      const form = await h.openForm(ASSIGNEE, await cardTitled(h, ASSIGNEE, title), 'approve');
      const url = new URL(form.handle as string);
      expect(url.origin).toBe('http://memory.test');
      expect(url.pathname).toBe('/forms/workflow.action');
      const link = (await h.texts(ASSIGNEE)).at(-1);
      expect(link).toBe(t('zh', 'form.web_link', { url: url.toString() }));
      // Nothing was applied by the press itself: the form applies it.
      expect((await instanceTitled(h, title)).version).toBe(1);
      expect(await h.submitForm(ASSIGNEE, form, '同意，按程序办理')).toEqual({ ok: true });
      expect((await instanceTitled(h, title)).version).toBe(2);
    });

    it('reports its connection as the platform is: disconnected while down', async () => {
      expect(h.adapter.runtime.connectionState()).toBe('connected');
      h.setDown(true);
      expect(h.adapter.runtime.connectionState()).toBe('disconnected');
      h.setDown(false);
      expect(h.adapter.runtime.connectionState()).toBe('connected');
    });
  },
);
