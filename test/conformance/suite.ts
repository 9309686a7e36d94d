// The conformance suite every chat adapter must pass: the same behaviour sentences, run against a
// harness of each platform. A platform's own facts (Block Kit, message ids) stay in its harness.

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CardActionType } from '../../src/chat/core/card.ts';
import { validateForm } from '../../src/chat/core/form-spec.ts';
import { ACTION_FORM_FIELDS, actionFormSpec } from '../../src/features/workflow/action-form.ts';
import { OUTBOX_KINDS } from '../../src/outbox/intents.ts';
import { personConversationKey } from '../../src/outbox/outbox-message.ts';
import { enqueueOutbox } from '../../src/outbox/outbox-repository.ts';
import { t } from '../../src/shared/i18n.ts';
import { addArchiveFile } from '../support/archive-entries.ts';
import type { AdapterHarness, SeenCard } from './harness.ts';

/** In the example organisation: a drafter of 水政水资源科 and the head of that department. */
export const REQUESTER = 'xu-hui';
export const ASSIGNEE = 'liu-yang';
/** The people the suite acts as; harnesses link them to the platform and answer them in Chinese. */
export const CONFORMANCE_PEOPLE = [REQUESTER, ASSIGNEE] as const;

/** The newest card of `personId` that shows `title`, once delivered. */
export async function cardTitled(h: AdapterHarness, personId: string, title: string): Promise<SeenCard> {
  const card = (await h.cards(personId)).filter((c) => c.content.includes(title)).at(-1);
  if (!card) throw new Error(`no card “${title}” reached ${personId} on ${h.name}`);
  return card;
}

/** The instance started with `title`. */
export async function instanceTitled(h: AdapterHarness, title: string) {
  return h.prisma.workflowInstance.findFirstOrThrow({ where: { title } });
}

/** Starts an approval titled `title` and delivers what it owes. */
export async function started(h: AdapterHarness, title: string): Promise<void> {
  await h.startApproval(REQUESTER, title);
  await h.deliver();
}

/** What the reject form says when its reason is left empty (its FormSpec's own words). */
function reasonMissing(): string {
  const checked = validateForm(
    actionFormSpec({ action: 'reject', requireComment: true }),
    { [ACTION_FORM_FIELDS.comment]: '' },
    'zh',
  );
  if (checked.ok) throw new Error('the reject form takes an empty reason');
  return checked.errors[ACTION_FORM_FIELDS.comment] as string;
}

const has = (card: SeenCard, action: CardActionType) => card.actions.includes(action);

/** Runs the conformance suite against the harness `make` builds (once for the file). */
export function describeConformance(name: string, make: () => Promise<AdapterHarness>): void {
  describe(`chat adapter conformance: ${name}`, () => {
    let h: AdapterHarness;
    beforeAll(async () => {
      h = await make();
    }, 90_000);
    afterAll(async () => {
      await h?.stop();
    });
    let n = 0;
    const title = (what: string) => `${what} ${name} ${++n}`;

    it('starts an approval from a command, and its card reaches the requester and the assignee', async () => {
      const item = title('购置防汛应急照明设备');
      await started(h, item);
      const instance = await instanceTitled(h, item);
      expect(instance.status).toBe('running');
      const mine = await cardTitled(h, REQUESTER, item);
      expect(has(mine, 'recall')).toBe(true);
      const theirs = await cardTitled(h, ASSIGNEE, item);
      expect(has(theirs, 'approve') && has(theirs, 'reject')).toBe(true);
      // The requester is told who reviews first.
      expect((await h.texts(REQUESTER)).some((text) => text.includes(item) && text.includes('刘洋'))).toBe(
        true,
      );
    });

    it('applies a click as one transition, and the same event delivered twice changes nothing more', async () => {
      const item = title('撤回测试');
      await started(h, item);
      const event = await h.press(REQUESTER, await cardTitled(h, REQUESTER, item), 'recall');
      const after = await instanceTitled(h, item);
      expect(after.status).toBe('recalled');
      expect(after.version).toBe(2);
      await h.redeliver(event);
      const again = await instanceTitled(h, item);
      expect(again.version).toBe(2);
      expect(await h.prisma.auditEntry.count({ where: { instanceId: after.id, action: 'recall' } })).toBe(1);
      await h.deliver();
      expect(has(await cardTitled(h, REQUESTER, item), 'resubmit')).toBe(true);
    });

    it('refuses a click on a stale card and redraws that card', async () => {
      const item = title('过期卡片');
      await started(h, item);
      const shown = await cardTitled(h, REQUESTER, item);
      await h.press(REQUESTER, shown, 'recall');
      // The same card, not yet redrawn, still offers 撤销 on the version before the recall.
      const textsBefore = (await h.texts(REQUESTER)).length;
      await h.press(REQUESTER, shown, 'cancel');
      const instance = await instanceTitled(h, item);
      expect(instance.status).toBe('recalled');
      expect(instance.version).toBe(2);
      await h.deliver();
      const redrawn = await cardTitled(h, REQUESTER, item);
      expect(has(redrawn, 'resubmit')).toBe(true);
      expect(has(redrawn, 'recall')).toBe(false);
      // The clicker is told why nothing happened.
      expect((await h.texts(REQUESTER)).length).toBeGreaterThan(textsBefore);
    });

    it('takes a form, and refuses it with the field’s error when it is wrong', async () => {
      const item = title('驳回表单');
      await started(h, item);
      const form = await h.openForm(ASSIGNEE, await cardTitled(h, ASSIGNEE, item), 'reject');
      const wrong = await h.submitForm(ASSIGNEE, form, '');
      expect(wrong.ok).toBe(false);
      expect(wrong.ok ? [] : wrong.errors).toContain(reasonMissing());
      expect((await instanceTitled(h, item)).status).toBe('running');
      expect(await h.submitForm(ASSIGNEE, form, '依据不足，请补充报价单')).toEqual({ ok: true });
      const instance = await instanceTitled(h, item);
      expect(instance.status).toBe('rejected');
      const audit = await h.prisma.auditEntry.findFirstOrThrow({
        where: { instanceId: instance.id, action: 'reject' },
      });
      expect(audit.comment).toBe('依据不足，请补充报价单');
    });

    it('sends a direct message and a file', async () => {
      const bytes = Buffer.from(`conformance ${name}\n`);
      const fileRef = `conformance-${randomUUID()}.txt`;
      const entry = await addArchiveFile(h.prisma, {
        filesDir: h.archiveFilesDir,
        fileRef,
        bytes,
        archiveNo: `CF-${randomUUID().slice(0, 8)}`,
        title: '防汛预案',
      });
      await enqueueOutbox(
        h.prisma,
        [
          {
            orderingKey: personConversationKey(ASSIGNEE),
            kind: OUTBOX_KINDS.personMessage,
            payload: { personId: ASSIGNEE, key: 'wf.approve_usage' },
          },
          {
            orderingKey: personConversationKey(ASSIGNEE),
            kind: OUTBOX_KINDS.fileSend,
            payload: {
              source: 'archive.loan',
              personId: ASSIGNEE,
              entryId: entry.id,
              instanceId: randomUUID(),
            },
          },
        ],
        h.now(),
      );
      await h.deliver();
      expect(await h.texts(ASSIGNEE)).toContain(t('zh', 'wf.approve_usage'));
      expect(await h.files(ASSIGNEE)).toContain(fileRef);
    });

    it('resumes delivery once the platform is back after being down', async () => {
      const item = title('平台中断');
      h.setDown(true);
      await h.startApproval(REQUESTER, item);
      const refused = await h.deliver();
      expect(refused.retried).toBeGreaterThan(0);
      expect(refused.delivered).toBe(0);
      expect((await h.cards(ASSIGNEE)).some((c) => c.content.includes(item))).toBe(false);
      h.setDown(false);
      h.advance(60_000);
      await h.deliver();
      expect(has(await cardTitled(h, ASSIGNEE, item), 'approve')).toBe(true);
      expect(await h.prisma.outboxMessage.count({ where: { status: 'failed' } })).toBe(0);
    });

    it('waits out a rate limit for the time the platform asked', async () => {
      const item = title('限流');
      const waitMs = h.rateLimitFor(5_000);
      await h.startApproval(REQUESTER, item);
      const limited = await h.deliver();
      expect(limited.retried).toBeGreaterThan(0);
      expect(limited.delivered).toBe(0);
      // Before the time is up the card is not tried again (a call would have been refused again).
      h.advance(waitMs - 1_000);
      await h.deliver();
      const instance = await instanceTitled(h, item);
      const cardRows = await h.prisma.outboxMessage.findMany({
        where: { kind: OUTBOX_KINDS.cardSync, payload: { path: ['instanceId'], equals: instance.id } },
      });
      expect(cardRows.every((row) => row.status === 'pending' && row.attempts <= 1)).toBe(true);
      expect((await h.cards(ASSIGNEE)).some((c) => c.content.includes(item))).toBe(false);
      h.advance(1_000);
      await h.deliver();
      expect(has(await cardTitled(h, ASSIGNEE, item), 'approve')).toBe(true);
      expect(await h.prisma.outboxMessage.count({ where: { status: 'failed' } })).toBe(0);
    });
  });
}
