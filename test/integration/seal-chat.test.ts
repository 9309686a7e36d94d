import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

// Seal requests (用印) through signed requests to the bot and the Slack double: `/seal` inline and
// through its form, the department head's approval, the custodian's 已盖章 with the impressions
// made (never more than approved), the seal register, and a seal suspended, resumed and lost.

const P = {
  gaoYan: 'U0EXAMPLE05', // construction: the requester
  maQiang: 'U0EXAMPLE15', // construction head
  wuFang: 'U0EXAMPLE09', // custodian of the finance seal
  zhouJing: 'U0EXAMPLE04', // secretary, custodian of the official seal
  zhaoMin: 'U0EXAMPLE03', // office head
  zhangJianguo: 'U0EXAMPLE01', // director
} as const;

describe.each(databaseKinds)('seals in chat on %s', (kind) => {
  let running: TestPlayground;
  let pg: ReturnType<typeof playgroundClient>;

  beforeAll(async () => {
    running = await startTestPlayground(kind);
    ({ pg } = running);
  }, 90_000);
  afterAll(async () => {
    await running?.stop();
  });

  const prisma = () => running.playground.bot.db.prisma;
  const ephemeral = (user: string, needle: string) =>
    pg.waitFor(
      user,
      (s) => s.conversations.flatMap((c) => c.messages).find((m) => m.ephemeral && m.text.includes(needle)),
      `an answer with ${needle}`,
    );

  const topModal = (user: string, callback?: string) =>
    pg.waitFor(user, (s) => s.modals.at(-1), callback ?? 'a form');

  it('takes `/seal 财务章 ２ 标题` at once, and the custodian stamps no more than approved', async () => {
    const title = '关于拨付2027年度防汛经费的请示';
    expect((await pg.command(P.gaoYan, '/seal', `财务章 ２ ${title}`)).body).toEqual({ ok: true });
    await ephemeral(P.gaoYan, '已提交用印申请');

    // The custodian has nothing to press before the approval: no card at all.
    expect(pg.cardTitled(title)(await pg.state(P.wuFang))).toBeUndefined();
    const headCard = await pg.cardWithButton(P.maQiang, title, 'wf_approve');
    expect(JSON.stringify(headCard.blocks)).toContain('示范县水利局财务专用章');
    expect((await pg.click(P.maQiang, headCard, 'wf_approve')).body).toEqual({ ok: true });

    const custodianCard = await pg.cardWithButton(P.wuFang, title, 'wf_approve');
    expect(JSON.stringify(pg.buttonOf(custodianCard, 'wf_approve')?.element)).toContain('已盖章');
    expect((await pg.click(P.wuFang, custodianCard, 'wf_approve')).body).toEqual({ ok: true });
    const form = await topModal(P.wuFang);
    const tooMany = await pg.submit(P.wuFang, form.id, {
      seal_impressions: { seal_impressions_input: text('3') },
      seal_stamp_note: { seal_stamp_note_input: text('') },
    });
    expect(tooMany.body).toMatchObject({
      ok: false,
      errors: { seal_impressions: expect.stringContaining('批准用印 2 份') },
    });
    expect(await prisma().sealUse.count()).toBe(0);
    const stamped = await pg.submit(P.wuFang, form.id, {
      seal_impressions: { seal_impressions_input: text('２次') },
      seal_stamp_note: { seal_stamp_note_input: text('已核对文件一致。') },
    });
    expect(stamped.body).toEqual({ ok: true });

    const done: PlaygroundMessage = await pg.waitFor(
      P.gaoYan,
      (s) => {
        const card = pg.cardTitled(title)(s);
        return card && JSON.stringify(card.blocks).includes('实际用印') ? card : null;
      },
      'the finished card',
    );
    // The finished card and the requester's notice say it was stamped, and how many times.
    expect(JSON.stringify(done.blocks)).toContain('*已盖章*');
    expect(JSON.stringify(done.blocks)).not.toContain('已通过');
    const notice = await pg.waitFor(
      P.gaoYan,
      (s) => pg.dm(s).messages.find((m) => m.text.includes('已由吴芳盖章')),
      'the notice that it was stamped',
    );
    expect(notice.text).toBe(`你申请的「${title}」已由吴芳盖章 2 次，用印已完成。`);
    const instance = await prisma().workflowInstance.findFirstOrThrow({ where: { title } });
    const use = await prisma().sealUse.findUniqueOrThrow({ where: { instanceId: instance.id } });
    expect(use).toMatchObject({
      sealId: 'finance',
      documentTitle: title,
      departmentId: 'construction',
      requesterId: 'gao-yan',
      approverIds: ['ma-qiang'],
      handlerId: 'wu-fang',
      approvedCount: 2,
      impressions: 2,
    });
    // The register row is the custodian's audited act.
    const act = await prisma().auditEntry.findFirstOrThrow({
      where: { instanceId: instance.id, action: 'approve', actorId: 'wu-fang' },
    });
    expect(act.at.getTime()).toBe(use.stampedAt.getTime());
    expect(act.details).toMatchObject({ impressions: 2, approved: 2, params: { impressions: '2' } });
    // The history names the custodian's act after the step's form.
    expect(JSON.stringify(done.blocks)).toContain('*吴芳* 已盖章');
  }, 60_000);

  it('answers a refused 已盖章 on the custodian’s form, which stays open, rather than in a DM after it closed', async () => {
    const title = '关于报送2026年度财务决算的函';
    expect((await pg.command(P.gaoYan, '/seal', `财务章 1 ${title}`)).body).toEqual({ ok: true });
    const headCard = await pg.cardWithButton(P.maQiang, title, 'wf_approve');
    expect((await pg.click(P.maQiang, headCard, 'wf_approve')).body).toEqual({ ok: true });
    const custodianCard = await pg.cardWithButton(P.wuFang, title, 'wf_approve');
    expect((await pg.click(P.wuFang, custodianCard, 'wf_approve')).body).toEqual({ ok: true });
    const form = await topModal(P.wuFang);
    // The seal is taken out of use while the custodian's form is open.
    await pg.command(P.zhaoMin, '/seal', 'suspend 财务章 年度审计');
    await ephemeral(P.zhaoMin, '已暂停 1 件');
    const dmsBefore = pg.dm(await pg.state(P.wuFang))?.messages.length ?? 0;
    const refused = await pg.submit(P.wuFang, form.id, {
      seal_impressions: { seal_impressions_input: text('1') },
      seal_stamp_note: { seal_stamp_note_input: text('') },
    });
    expect(refused.body).toMatchObject({
      ok: false,
      errors: { seal_impressions: expect.stringContaining('已停用') },
    });
    expect((await pg.state(P.wuFang)).modals.at(-1)?.id).toBe(form.id);
    expect(pg.dm(await pg.state(P.wuFang))?.messages.length ?? 0).toBe(dmsBefore);
    const instance = await prisma().workflowInstance.findFirstOrThrow({ where: { title } });
    expect(await prisma().sealUse.count({ where: { instanceId: instance.id } })).toBe(0);
    await pg.command(P.zhaoMin, '/seal', 'resume 财务章');
    await ephemeral(P.zhaoMin, '财务专用章：在用');
  }, 60_000);

  it('opens the form pre-filled with a note when the command is ambiguous or incomplete', async () => {
    expect((await pg.command(P.gaoYan, '/seal', '章 关于申报水利工程质量奖的函')).body).toEqual({ ok: true });
    const form = await topModal(P.gaoYan);
    const blocks = JSON.stringify(form.blocks);
    expect(blocks).toContain('“章”可指');
    expect(blocks).toContain('请填写用印份数');
    expect(blocks).toContain('"initial_value":"关于申报水利工程质量奖的函"');
    // The form's own checks: no seal chosen, a bad count, a bad link.
    const refused = await pg.submit(P.gaoYan, form.id, {
      seal_title: { seal_title_input: text('关于申报水利工程质量奖的函') },
      seal_copies: { seal_copies_input: text('十') },
      seal_link: { seal_link_input: text('共享盘/质量奖') },
    });
    expect(refused.body).toMatchObject({
      ok: false,
      errors: {
        seal_seal: expect.any(String),
        seal_copies: expect.any(String),
        seal_link: expect.any(String),
      },
    });
    const sent = await pg.submit(P.gaoYan, form.id, {
      seal_seal: { seal_seal_select: option('contract') },
      seal_title: { seal_title_input: text('关于申报水利工程质量奖的函') },
      seal_copies: { seal_copies_input: text('1') },
      seal_purpose: { seal_purpose_input: text('报送市水利局') },
      seal_link: { seal_link_input: text('') },
      seal_important: { seal_important_check: { type: 'checkboxes', selected_options: [] } },
    });
    expect(sent.body).toEqual({ ok: true });
    // Its card may arrive before or after it: look for the confirmation among the messages.
    await pg.waitFor(
      P.gaoYan,
      (s) => pg.dm(s)?.messages.find((m) => m.text.includes('已提交用印申请《关于申报水利工程质量奖的函》')),
      'the confirmation',
    );
    // The contract seal needs a leader: the route has the leader's approval.
    const instance = await prisma().workflowInstance.findFirstOrThrow({
      where: { title: '关于申报水利工程质量奖的函' },
    });
    expect(instance.definitionId).toBe('seal_use_leader');
  }, 60_000);

  it('holds waiting requests while the seal is suspended, refuses new ones, and releases them', async () => {
    const title = '关于报送2026年度安全生产责任书的函';
    await pg.command(P.gaoYan, '/seal', `公章 1 ${title}`);
    await ephemeral(P.gaoYan, title);
    // Not the office head: refused, nothing changes.
    await pg.command(P.zhouJing, '/seal', 'suspend 公章 年检');
    await ephemeral(P.zhouJing, '只有办公室负责人');
    expect((await prisma().seal.findUniqueOrThrow({ where: { id: 'official' } })).state).toBe('active');

    await pg.command(P.zhaoMin, '/seal', 'suspend 公章 年检期间暂停使用');
    await ephemeral(P.zhaoMin, '已暂停 1 件');
    await pg.waitFor(
      P.gaoYan,
      (s) => pg.dm(s)?.messages.find((m) => m.text.includes('申请暂停办理')),
      'the hold notice',
    );
    // The cards of the held request say so, the head's (who may still approve) and the requester's.
    const marked = (user: string, shown: boolean) =>
      pg.waitFor(
        user,
        (s) => {
          const card = pg.cardTitled(title)(s);
          return card && JSON.stringify(card.blocks).includes('暂停办理') === shown ? card : null;
        },
        `${user}'s card ${shown ? 'with' : 'without'} the hold mark`,
      );
    expect(JSON.stringify((await marked(P.gaoYan, true)).blocks)).toContain('印章已停用，恢复使用后继续办理');
    await marked(P.maQiang, true);
    await pg.command(P.gaoYan, '/seal', '公章 1 关于另一事项的函');
    await ephemeral(P.gaoYan, '目前已停用，不能申请用印');
    expect(await prisma().workflowInstance.count({ where: { title: '关于另一事项的函' } })).toBe(0);

    await pg.command(P.zhaoMin, '/seal', 'resume 公章');
    await pg.waitFor(
      P.gaoYan,
      (s) => pg.dm(s)?.messages.find((m) => m.text.includes('已恢复使用')),
      'the release notice',
    );
    await marked(P.gaoYan, false);
    await marked(P.maQiang, false);
    const events = await prisma().sealEvent.findMany({
      where: { sealId: 'official' },
      orderBy: { id: 'asc' },
    });
    expect(events.map((e) => [e.kind, e.actorId, e.reason])).toEqual([
      ['suspended', 'zhao-min', '年检期间暂停使用'],
      ['resumed', 'zhao-min', ''],
    ]);
  }, 60_000);

  it('alerts the office head and the director at once when a custodian reports a seal lost', async () => {
    await pg.command(P.wuFang, '/seal', 'lost 财务章 保险柜中未找到');
    for (const user of [P.zhaoMin, P.zhangJianguo]) {
      const alert = await pg.waitFor(
        user,
        (s) => pg.dm(s)?.messages.find((m) => m.text.startsWith('【紧急】')),
        'the lost-seal alert',
      );
      expect(alert.text).toBe(
        '【紧急】吴芳报告示范县水利局财务专用章遗失：保险柜中未找到。该印章已停用，相关用印申请暂停办理。',
      );
    }
    expect((await prisma().seal.findUniqueOrThrow({ where: { id: 'finance' } })).state).toBe('suspended');
    // Someone who is neither custodian nor office head cannot report it.
    await pg.command(P.gaoYan, '/seal', 'lost 合同章 不见了');
    await ephemeral(P.gaoYan, '只有办公室负责人');
    expect((await prisma().seal.findUniqueOrThrow({ where: { id: 'contract' } })).state).toBe('active');
  }, 60_000);

  it('offers 报告遗失 in /seal list to the custodian only, and the report suspends the seal and alerts', async () => {
    // Not a custodian, nor the office head: the list has no button. 周静 keeps two seals.
    await pg.command(P.gaoYan, '/seal', 'list');
    const plain = await ephemeral(P.gaoYan, '印章一览');
    expect(pg.buttonOf(plain, 'seal_report_lost')).toBeNull();

    await pg.command(P.zhouJing, '/seal', 'list');
    const list = await ephemeral(P.zhouJing, '印章一览');
    const buttons = (list.blocks ?? []).flatMap((b) => {
      const accessory = b.accessory as { action_id?: string; value?: string } | undefined;
      return accessory?.action_id === 'seal_report_lost' ? [accessory.value] : [];
    });
    expect(buttons).toEqual(['official', 'contract']);
    expect((await pg.click(P.zhouJing, list, 'seal_report_lost')).body).toEqual({ ok: true });
    const form = await topModal(P.zhouJing, 'the lost form');
    expect(JSON.stringify(form.blocks)).toContain('示范县水利局公章');
    // No account of what happened: refused on the form, nothing changes.
    const empty = await pg.submit(P.zhouJing, form.id, {
      seal_lost_note: { seal_lost_note_input: text(' ') },
    });
    expect(empty.body).toMatchObject({ ok: false, errors: { seal_lost_note: '请写明经过。' } });
    expect((await prisma().seal.findUniqueOrThrow({ where: { id: 'official' } })).state).toBe('active');

    const sent = await pg.submit(P.zhouJing, form.id, {
      seal_lost_note: { seal_lost_note_input: text('今晨开柜时发现不在原位') },
    });
    expect(sent.body).toEqual({ ok: true });
    await pg.waitFor(
      P.zhangJianguo,
      (s) => pg.dm(s)?.messages.find((m) => m.text.includes('公章遗失：今晨开柜时发现不在原位')),
      'the alert to the director',
    );
    expect((await prisma().seal.findUniqueOrThrow({ where: { id: 'official' } })).state).toBe('suspended');
    const events = await prisma().sealEvent.findMany({ where: { sealId: 'official', kind: 'lost' } });
    expect(events.map((e) => [e.actorId, e.reason])).toEqual([['zhou-jing', '今晨开柜时发现不在原位']]);
    // Found again: the office head resumes it.
    await pg.command(P.zhaoMin, '/seal', 'resume 公章');
    await ephemeral(P.zhaoMin, '示范县水利局公章：在用');
  }, 60_000);

  it('exports the seal register as CSV for the office head, and only for those who keep it', async () => {
    await pg.command(P.gaoYan, '/seal', 'register 财务章');
    await ephemeral(P.gaoYan, '只有办公室负责人、办公室秘书和印章保管人');
    await pg.command(P.zhaoMin, '/seal', 'register 财务章');
    const message = await pg.waitFor(
      P.zhaoMin,
      (s) => pg.dm(s)?.messages.find((m) => (m as { files?: unknown[] }).files?.length),
      'the register file',
    );
    const [file] = (message as unknown as { files: Array<{ title: string; url: string }> }).files;
    expect(file?.title).toBe('印章使用登记簿-示范县水利局财务专用章.csv');
    const { bom, records } = csvRecords(await downloadFile(file?.url ?? ''));
    expect(bom).toBe(true);
    expect(records[0]?.slice(0, 9)).toEqual([
      '用印日期',
      '印章',
      '文件名称',
      '申请部门',
      '申请人',
      '批准人',
      '经办人',
      '批准份数',
      '用印次数',
    ]);
    expect(records.slice(1).map((r) => r.slice(1, 9))).toEqual([
      [
        '示范县水利局财务专用章',
        '关于拨付2027年度防汛经费的请示',
        '工程建设管理科',
        '高燕',
        '马强',
        '吴芳',
        '2',
        '2',
      ],
    ]);
  }, 60_000);
});
