import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningPlayground } from '../../src/playground/start.ts';
import { databaseKinds } from '../support/databases.ts';
import {
  csvRecords,
  downloadFile,
  option,
  type PlaygroundMessage,
  type playgroundClient,
  startTestPlayground,
  type TestPlayground,
  text,
} from '../support/playground.ts';

// A classified incoming document (秘密) in chat, through signed requests to the bot and the Slack
// double: it is registered by its numbers only (DOMAIN.md: classified content never enters the
// system). A title is refused on the form and starts nothing; a level above the secretary's
// clearance is refused too; without a title it gets its 收文编号, which names it everywhere:
// the office head's card, the secretary's reply, `/doc find` and the 收文登记簿.

const P = {
  zhouJing: 'U0EXAMPLE04', // secretary, cleared for 秘密
  zhaoMin: 'U0EXAMPLE03', // office head
} as const;

describe.each(databaseKinds)('classified incoming documents in chat on %s', (kind) => {
  let running: TestPlayground;
  let playground: RunningPlayground;
  let pg: ReturnType<typeof playgroundClient>;

  beforeAll(async () => {
    running = await startTestPlayground(kind);
    ({ playground, pg } = running);
  }, 90_000);

  afterAll(async () => {
    await running?.stop();
  });

  const year = new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(
    new Date(),
  );
  const receiptNumber = `示水收上〔${year}〕1号`;
  const theirNumber = '市水密〔2026〕5号';
  // What must never reach the system: the refused first attempt types it.
  const secretTitle = '关于某水库除险加固工程的秘密事项';
  const registration = (values: { secrecy: string; title?: string; issuer?: string }) => ({
    doc_receive_secrecy: { doc_receive_secrecy_select: option(values.secrecy) },
    doc_receive_title: { doc_receive_title_input: text(values.title ?? '') },
    doc_receive_issuer: { doc_receive_issuer_input: text(values.issuer ?? '') },
    doc_receive_their_number: { doc_receive_their_number_input: text(theirNumber) },
    doc_receive_date: { doc_receive_date_input: text('２０２６-11-20') },
    doc_receive_category: { doc_receive_category_select: option('upper') },
    doc_receive_urgency: { doc_receive_urgency_select: option('urgent') },
    doc_receive_copies: { doc_receive_copies_input: text('1') },
    doc_receive_link: { doc_receive_link_input: text('') },
  });
  const prisma = () => playground.bot.db.prisma;

  it('refuses a title on a 秘密 registration, on the form, and starts nothing', async () => {
    await pg.command(P.zhouJing, '/doc', 'receive');
    const form = await pg.modal(P.zhouJing, 'the registration form');
    const refused = await pg.submit(
      P.zhouJing,
      form.id,
      registration({ secrecy: 'secret', title: secretTitle }),
    );
    expect(refused.body).toMatchObject({
      ok: false,
      errors: { doc_receive_title: '秘密及以上的来文不得录入标题、来文单位或附件，只登记编号。' },
    });
    expect(refused.body.errors).toEqual({ doc_receive_title: expect.any(String) });
    expect(await prisma().workflowInstance.count()).toBe(0);
  });

  it('refuses a level above the secretary’s clearance, on the level', async () => {
    await pg.command(P.zhouJing, '/doc', 'receive');
    const form = await pg.modal(P.zhouJing, 'the registration form');
    const refused = await pg.submit(P.zhouJing, form.id, registration({ secrecy: 'confidential' }));
    expect(refused.body).toMatchObject({
      ok: false,
      errors: { doc_receive_secrecy: expect.stringContaining('涉密等级') },
    });
    expect(await prisma().workflowInstance.count()).toBe(0);
  });

  it('registers a 秘密 item by number: the reply and the office head’s card name only the reference', async () => {
    await pg.command(P.zhouJing, '/doc', 'receive');
    const form = await pg.modal(P.zhouJing, 'the registration form');
    expect((await pg.submit(P.zhouJing, form.id, registration({ secrecy: 'secret' }))).body).toEqual({
      ok: true,
    });
    const reply = await pg.waitFor(
      P.zhouJing,
      (s) => pg.dm(s).messages.find((m) => m.text.includes('已登记密件')),
      'the registration reply',
    );
    expect(reply.text).toContain(receiptNumber);
    expect(reply.text).toContain('赵敏');
    expect(reply.text).not.toContain('《');

    // Stored by reference only: no title, no issuing unit; the 收文编号 is the reference.
    const row = await prisma().workflowInstance.findFirstOrThrow();
    expect(row).toMatchObject({ title: null, reference: receiptNumber, secrecy: 'secret' });
    const params = (row.state as { params: Record<string, unknown> }).params;
    expect(params).toMatchObject({ receiptNumber, theirNumber });
    expect(params).not.toHaveProperty('issuingUnit');
    expect(params).not.toHaveProperty('attachmentLink');

    const card: PlaygroundMessage = await pg.waitFor(
      P.zhaoMin,
      (s) => {
        const found = pg.cardTitled(`密件 #${receiptNumber}`)(s);
        return found && pg.buttonOf(found, 'wf_approve') ? found : null;
      },
      'the office head’s card',
    );
    const blocks = JSON.stringify(card.blocks);
    expect(blocks).not.toContain(secretTitle);
    // No key fields on a classified card: not even their number or the received date.
    expect(blocks).not.toContain(theirNumber);
    expect(blocks).not.toContain('2026-11-20');
    expect(card.text).not.toContain(secretTitle);
  });

  it('finds it for the secretary by its 收文编号, as 密件 with no title', async () => {
    const after = Number(pg.dm(await pg.state(P.zhouJing)).messages.at(-1)?.ts ?? 0);
    await pg.command(P.zhouJing, '/doc', `find ${receiptNumber}`);
    const found = await pg.waitFor(
      P.zhouJing,
      (s) =>
        pg
          .dm(s)
          .messages.find(
            (m) => m.from === 'bot' && m.ephemeral && m.text.includes('查找') && Number(m.ts) > after,
          ),
      'the search answer',
    );
    expect(JSON.stringify(found.blocks)).toContain(`密件 ${receiptNumber}`);
    expect(found.text).toContain('共 1 件');
  });

  it('exports the 收文登记簿 row with no title and no issuing unit', async () => {
    await pg.command(P.zhouJing, '/doc', `登记簿 收文 ${year}`);
    const message = await pg.waitFor(
      P.zhouJing,
      (s) => pg.dm(s).messages.find((m) => (m as { files?: unknown[] }).files?.length),
      'the uploaded register',
    );
    const [file] = (message as unknown as { files: Array<{ url: string }> }).files;
    const bytes = await downloadFile(file?.url ?? '');
    expect(bytes.toString('utf8')).not.toContain(secretTitle);
    const { records } = csvRecords(bytes);
    const [header, ...rows] = records;
    const column = (name: string) => header?.indexOf(name) ?? -1;
    expect(rows).toHaveLength(1);
    const row = rows[0] as string[];
    expect(row[column('收文编号')]).toBe(receiptNumber);
    expect(row[column('标题')]).toBe(`密件 ${receiptNumber}`);
    expect(row[column('来文单位')]).toBe('');
    expect(row[column('来文字号')]).toBe(theirNumber);
    expect(row[column('密级')]).toBe('秘密');
  });
});
