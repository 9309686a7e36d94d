import { createHash, randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerArchiveFileKind } from '../../src/chat/slack/archive/file-delivery.ts';
import { createSlackDelivery } from '../../src/chat/slack/slack-delivery.ts';
import { defaultArchiveFilesDir } from '../../src/config.ts';
import { entryTerms } from '../../src/domain/archive/terms.ts';
import { ARCHIVE_FILE_KIND } from '../../src/features/archive/file-retrieval.ts';
import { DeliveryError } from '../../src/outbox/delivery.ts';
import type { ClaimedOutboxMessage } from '../../src/outbox/outbox-message.ts';
import { systemClock } from '../../src/shared/clock.ts';
import { createLogger } from '../../src/shared/logger.ts';
import { databaseKinds } from '../support/databases.ts';
import {
  downloadFile,
  option,
  type PlaygroundMessage,
  type PlaygroundState,
  type playgroundClient,
  startTestPlayground,
  type TestPlayground,
  text,
} from '../support/playground.ts';

// A lent electronic record in chat: the archivist's 出借 queues its file in the click's
// transaction; the outbox delivery checks its SHA-256 (recorded in archive_fixity_check) and
// uploads it to the borrower's DM. A tampered file is not sent: the borrower and the archivist
// are told, and the row fails for good. A paper record sends no file.

const P = {
  gaoYan: 'U0EXAMPLE05', // construction: the borrower
  maQiang: 'U0EXAMPLE15', // construction head
  fengXiaoyu: 'U0EXAMPLE11', // archivist
} as const;

interface FileRef {
  id: string;
  name: string;
  title: string;
  url: string;
}
const filesOf = (m: PlaygroundMessage) => (m as unknown as { files?: FileRef[] }).files ?? [];
const allMessages = (s: PlaygroundState) => s.conversations.flatMap((c) => c.messages);

describe.each(databaseKinds)('electronic archive records lent in chat on %s', (kind) => {
  let running: TestPlayground;
  let pg: ReturnType<typeof playgroundClient>;
  let filesDir: string;

  beforeAll(async () => {
    running = await startTestPlayground(kind);
    ({ pg } = running);
    filesDir = defaultArchiveFilesDir(running.playground.bot.config.dataDir);
  }, 90_000);
  afterAll(async () => {
    await running?.stop();
  });

  const prisma = () => running.playground.bot.db.prisma;
  const topModal = (user: string, needle: string) =>
    pg.waitFor(
      user,
      (s) => {
        const view = s.modals.at(-1);
        return view && JSON.stringify(view.blocks).includes(needle) ? view : null;
      },
      `a form showing ${needle}`,
    );

  /** A catalogued record; with `file`, an electronic one whose file is written and digested now. */
  async function catalogue(fields: {
    archiveNo: string;
    title: string;
    file?: { name: string; bytes: Buffer };
  }) {
    let fileRef: string | null = null;
    let fileSha256: string | null = null;
    if (fields.file) {
      fileRef = `lent/${fields.file.name}`;
      await mkdir(path.join(filesDir, 'lent'), { recursive: true });
      await writeFile(path.join(filesDir, fileRef), fields.file.bytes);
      fileSha256 = createHash('sha256').update(fields.file.bytes).digest('hex');
    }
    return prisma().archiveEntry.create({
      data: {
        id: randomUUID(),
        archiveNo: fields.archiveNo,
        title: fields.title,
        year: 2016,
        category: '文书',
        retention: '30y',
        secrecy: 'internal',
        terms: entryTerms({ title: fields.title, docNumber: null, year: 2016 }),
        source: 'manual',
        createdAt: new Date(),
        fileRef,
        fileSha256,
      },
    });
  }

  /** 高燕 finds `title`, asks to borrow it, 马强 approves, 冯晓雨 lends it for the days approved. */
  async function lendThroughChat(word: string, title: string) {
    await pg.command(P.gaoYan, '/archive', word);
    const result = await pg.waitFor(
      P.gaoYan,
      (s) =>
        allMessages(s).find(
          (m) => m.ephemeral && pg.buttonOf(m, 'archive_borrow') && JSON.stringify(m.blocks).includes(title),
        ),
      'the search result',
    );
    await pg.click(P.gaoYan, result, 'archive_borrow');
    const form = await topModal(P.gaoYan, title);
    const sent = await pg.submit(P.gaoYan, form.id, {
      archive_loan_kind: { archive_loan_kind_select: option('borrow') },
      archive_loan_purpose: { archive_loan_purpose_input: text('查阅往年资料') },
      archive_loan_days: { archive_loan_days_input: text('3') },
      archive_loan_outside: { archive_loan_outside_input: text('') },
    });
    expect(sent.body).toEqual({ ok: true });
    const headCard = await pg.cardWithButton(P.maQiang, title, 'wf_approve');
    expect((await pg.click(P.maQiang, headCard, 'wf_approve')).body).toEqual({ ok: true });
    const lendCard = await pg.waitFor(
      P.fengXiaoyu,
      (s) => {
        const card = pg.cardTitled(title)(s);
        return card && JSON.stringify(pg.buttonOf(card, 'wf_approve')?.element ?? {}).includes('出借')
          ? card
          : null;
      },
      'the 出借 button',
    );
    await pg.click(P.fengXiaoyu, lendCard, 'wf_approve');
    const lendForm = await topModal(P.fengXiaoyu, 'archive_lend_days');
    const lent = await pg.submit(P.fengXiaoyu, lendForm.id, {
      archive_lend_days: { archive_lend_days_input: text('') },
      archive_lend_note: { archive_lend_note_input: text('') },
    });
    expect(lent.body).toEqual({ ok: true });
  }

  /** The `archive.file` outbox rows of an entry. */
  const fileRowsOf = async (entryId: string) =>
    (
      await prisma().outboxMessage.findMany({ where: { kind: ARCHIVE_FILE_KIND }, orderBy: { id: 'asc' } })
    ).filter((r) => (r.payload as { entryId?: string }).entryId === entryId);

  it('uploads the file of a lent electronic record to the borrower’s DM, after a passed check', async () => {
    const bytes = Buffer.from('关于2016年度灌区节水改造工作的总结（电子文件）\n第二页……\n', 'utf8');
    const entry = await catalogue({
      archiveNo: 'SS-2016-Y30-WS-0101',
      title: '关于2016年度灌区节水改造工作的总结',
      file: { name: '示水办发〔2016〕9号.txt', bytes },
    });
    await lendThroughChat('灌区节水改造', entry.title ?? '');

    const shared = await pg.waitFor(
      P.gaoYan,
      (s) => pg.dm(s).messages.find((m) => filesOf(m).some((f) => f.name === '示水办发〔2016〕9号.txt')),
      'the uploaded file',
    );
    expect(shared.from).toBe('bot');
    expect(shared.text).toBe(
      '您借阅的档案 SS-2016-Y30-WS-0101 关于2016年度灌区节水改造工作的总结 的电子文件，已通过完整性校验（SHA-256）。',
    );
    const [file] = filesOf(shared);
    expect(await downloadFile(file?.url ?? '')).toEqual(bytes);
    const checks = await prisma().archiveFixityCheck.findMany({ where: { entryId: entry.id } });
    expect(checks.map((c) => [c.trigger, c.ok])).toEqual([['retrieval', true]]);
    const rows = await fileRowsOf(entry.id);
    expect(rows.map((r) => [r.orderingKey, r.status])).toEqual([['person:gao-yan', 'sent']]);
    expect(rows[0]?.payload).toEqual({
      source: 'archive.loan',
      entryId: entry.id,
      personId: 'gao-yan',
      instanceId: (await prisma().archiveLoan.findFirstOrThrow({ where: { entryId: entry.id } })).instanceId,
    });
  }, 90_000);

  it('sends no file whose bytes changed after cataloguing: the borrower and the archivist are told', async () => {
    const entry = await catalogue({
      archiveNo: 'SS-2016-Y30-WS-0102',
      title: '关于2016年度水土保持监测工作的报告',
      file: { name: '示水办发〔2016〕12号.txt', bytes: Buffer.from('原件内容\n', 'utf8') },
    });
    await writeFile(path.join(filesDir, 'lent', '示水办发〔2016〕12号.txt'), '被改动的内容\n');
    await lendThroughChat('水土保持监测', entry.title ?? '');

    await pg.waitFor(
      P.gaoYan,
      (s) =>
        pg
          .dm(s)
          .messages.find((m) =>
            m.text.includes(
              '档案 SS-2016-Y30-WS-0102 的电子文件未通过完整性校验（SHA-256），没有发送给您；已通知档案管理员。',
            ),
          ),
      'the borrower’s notice',
    );
    const warned = await pg.waitFor(
      P.fengXiaoyu,
      (s) =>
        pg
          .dm(s)
          .messages.find((m) => m.text.includes('SS-2016-Y30-WS-0102') && m.text.includes('完整性校验')),
      'the archivist’s notice',
    );
    expect(warned.text).toContain('未发送给借阅人高燕');
    expect(warned.text).toContain('npm run archive:verify');
    const state = await pg.state(P.gaoYan);
    expect(allMessages(state).some((m) => filesOf(m).some((f) => f.name.includes('12号')))).toBe(false);
    const checks = await prisma().archiveFixityCheck.findMany({ where: { entryId: entry.id } });
    expect(checks).toHaveLength(1);
    expect(checks[0]).toMatchObject({ trigger: 'retrieval', ok: false });
    expect(checks[0]?.actual).toBe(createHash('sha256').update('被改动的内容\n').digest('hex'));
    // Finished for good, not retried: a mismatch does not mend itself.
    const rows = await fileRowsOf(entry.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: 'failed', attempts: 1 });
    expect(rows[0]?.lastError).toContain('archive_fixity_failed');
  }, 90_000);

  it('sends no file when a paper record is lent', async () => {
    const entry = await catalogue({
      archiveNo: 'SS-2016-Y30-WS-0103',
      title: '关于2016年度河道采砂管理的通知',
    });
    await lendThroughChat('河道采砂管理', entry.title ?? '');
    // The loan is lent (the click committed): no file was queued with it, so none can follow.
    await pg.waitFor(
      P.fengXiaoyu,
      (s) => {
        const card = pg.cardTitled(entry.title ?? '')(s);
        return card && JSON.stringify(pg.buttonOf(card, 'wf_approve')?.element ?? {}).includes('归还');
      },
      'the 归还 button',
    );
    expect((await prisma().archiveLoan.findFirstOrThrow({ where: { entryId: entry.id } })).status).toBe(
      'lent',
    );
    expect(await fileRowsOf(entry.id)).toEqual([]);
    expect(await prisma().archiveFixityCheck.count({ where: { entryId: entry.id } })).toBe(0);
  }, 90_000);

  it('retries, uploading nothing, when the file read after the check is not the file checked', async () => {
    const entry = await catalogue({
      archiveNo: 'SS-2016-Y30-WS-0104',
      title: '关于2016年度农村饮水安全工程的报告',
      file: { name: '示水办发〔2016〕15号.txt', bytes: Buffer.from('饮水安全\n', 'utf8') },
    });
    const calls: string[] = [];
    const delivery = createSlackDelivery({
      logger: createLogger({ level: 'silent', pretty: false }),
      client: {
        apiCall: async (method: string) => {
          calls.push(method);
          return method === 'conversations.open' ? { ok: true, channel: { id: 'D0GAOYAN' } } : { ok: true };
        },
      } as never,
    });
    registerArchiveFileKind(delivery, {
      prisma: prisma(),
      clock: systemClock,
      filesDir,
      // The file swapped between the check and the read.
      readFile: async () => Buffer.from('另一份内容\n', 'utf8'),
      upload: async () => {
        throw new Error('nothing may be uploaded');
      },
    });
    const message: ClaimedOutboxMessage = {
      id: 1n,
      orderingKey: 'person:gao-yan',
      kind: ARCHIVE_FILE_KIND,
      payload: { source: 'archive.loan', entryId: entry.id, personId: 'gao-yan', instanceId: randomUUID() },
      attempts: 1,
      lockedUntil: new Date(Date.now() + 60_000),
      lockedBy: 'test',
      createdAt: new Date(),
    };
    const failure = await delivery.deliver(message).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DeliveryError);
    expect((failure as DeliveryError).classification).toEqual({
      kind: 'transient',
      code: 'archive_file_changed',
    });
    expect(calls).toEqual([]);
  });
});
