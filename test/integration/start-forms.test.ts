import { randomBytes, randomUUID } from 'node:crypto';
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkflowModule } from '../../src/bot.ts';
import type { ChatRuntime } from '../../src/chat/runtime.ts';
import { slackText } from '../../src/chat/slack/messages.ts';
import { createSlackIdentityLookup } from '../../src/chat/slack/slack-accounts.ts';
import { createSlackRuntime } from '../../src/chat/slack/slack-app.ts';
import { entryTerms } from '../../src/domain/archive/terms.ts';
import type { WorkflowService } from '../../src/features/workflow/workflow-service.ts';
import { loadOrgFile } from '../../src/org/org-file.ts';
import { t as text } from '../../src/shared/i18n.ts';
import { createTestDatabase, databaseKinds, silentLogger, type TestDatabase } from '../support/databases.ts';
import { finishedIncomingDocument } from '../support/documents.ts';
import { newSigningSecret, postSlack } from '../support/slack.ts';
import { loadExampleOrg, manualClock } from '../support/workflow.ts';

// The start forms (/seal, /supply, /doc new) close only once what they ask for is committed: a
// refusal shows on the form, which stays open and writes nothing; a database that does not answer
// within Slack's time makes the form say so and stay open, and sending it again after the late
// start closes it without starting a second request. The form's deadline and the database's
// answer are both held by the test (no sleeps).

const API_ORIGIN = 'https://slack-api.test';
const TEAM = 'T0OFFICE';
const GAO_YAN = 'U0EXAMPLE05'; // construction
const XU_HUI = 'U0EXAMPLE14'; // water-admin
const NOBODY = 'U0NOTLINKED';
const ZHENG_TAO = 'U0EXAMPLE10'; // supplies keeper
const ZHOU_JING = 'U0EXAMPLE04'; // secretary, custodian of the official and contract seals
const FENG_XIAOYU = 'U0EXAMPLE11'; // archivist
const ZHAO_MIN = 'U0EXAMPLE03'; // office head

/** A promise the test settles itself. */
function gate(): { promise: Promise<void>; open(): void } {
  let open = () => {};
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

const plain = (value: string) => ({ type: 'plain_text_input', value });
const option = (value: string) => ({
  type: 'static_select',
  selected_option: { value, text: { type: 'plain_text', text: value } },
});

/** A view_submission of form `callbackId` with Slack's id `viewId` (the same id when sent again). */
function submission(input: {
  userId: string;
  viewId: string;
  callbackId: string;
  privateMetadata?: string;
  values: Record<string, Record<string, unknown>>;
}): string {
  const payload = {
    type: 'view_submission',
    team: { id: TEAM, domain: 'office' },
    user: { id: input.userId, team_id: TEAM },
    api_app_id: 'A0TEST',
    token: 'legacy-token',
    trigger_id: `1700000000.2.${randomBytes(6).toString('hex')}`,
    view: {
      id: input.viewId,
      type: 'modal',
      callback_id: input.callbackId,
      private_metadata: input.privateMetadata ?? '',
      hash: 'h1',
      state: { values: input.values },
    },
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

describe.each(databaseKinds)('start forms commit before they close (%s)', (kind) => {
  let t: TestDatabase;
  let runtime: ChatRuntime;
  let port: number;
  const secret = newSigningSecret();
  const posted: Array<{ method: string; body: Record<string, unknown> }> = [];
  /** What the form's deadline does this time: already reached, or never. */
  let deadline: () => Promise<void> = () => new Promise(() => {});
  /** When set, starts wait for it before reaching the database (a database that does not answer). */
  let database: Promise<void> | null = null;
  /** Starts that reached the database wrapper, and whether Slack had its answer when each committed. */
  let entered = 0;
  let answered = false;
  const answeredAtCommit: boolean[] = [];
  let markerId = '';
  let service: WorkflowService;

  const held =
    <A extends unknown[], R>(start: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      entered += 1;
      if (database) await database;
      const result = await start(...args);
      answeredAtCommit.push(answered);
      return result;
    };

  beforeAll(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
    nock(API_ORIGIN)
      .persist()
      .post(/\/api\/.*/)
      .reply(function reply(uri, body) {
        const parsed =
          typeof body === 'string'
            ? Object.fromEntries(new URLSearchParams(body))
            : (body as Record<string, unknown>);
        posted.push({ method: uri.replace('/api/', ''), body: parsed });
        if (uri.endsWith('conversations.open'))
          return [200, { ok: true, channel: { id: `D-${String(parsed.users)}` } }];
        return [200, { ok: true, channel: parsed.channel, ts: '1700000000.000001' }];
      });
    t = await createTestDatabase(kind);
    await loadExampleOrg(t);
    await t.db.prisma.person.updateMany({ data: { locale: 'zh' } });
    const marker = await t.db.prisma.supplyItem.create({
      data: {
        name: '白板笔',
        unit: '支',
        stock: 50,
        unitPriceFen: 300,
        lowStockThreshold: 5,
        createdAt: new Date('2026-11-01T00:00:00Z'),
        updatedAt: new Date('2026-11-01T00:00:00Z'),
      },
    });
    markerId = marker.id;
    const { org } = await loadOrgFile('org.example.yaml');
    const settings = {
      mode: 'http' as const,
      botToken: 'xoxb-test',
      signingSecret: secret,
      apiUrl: `${API_ORIGIN}/api/`,
    };
    const module = createWorkflowModule({
      db: t.db,
      logger: silentLogger,
      clock: manualClock('2026-11-23T01:30:00Z'),
      timeZone: 'Asia/Shanghai',
      seals: org.seals,
      supply: { departmentReview: true, departments: org.departments },
      documents: { unit: org.unit, departments: org.departments, people: org.people },
    });
    service = module.service;
    runtime = createSlackRuntime({
      settings,
      port: 0,
      host: '127.0.0.1',
      logger: silentLogger,
      readiness: async () => ({ database: 'ok' }),
      identityOf: createSlackIdentityLookup(t.db.prisma),
      workflow: { ...module.workflowChat, formDeadline: () => deadline() },
      // The forms applied by their own handlers: each submission waits for the test's database.
      forms: module.chat.webForms.map((form) => ({ ...form, submit: held(form.submit) })),
    });
    port = (await runtime.start()).port;
  }, 60_000);

  afterAll(async () => {
    await runtime?.stop(2000);
    await t?.cleanup();
    nock.cleanAll();
    nock.enableNetConnect();
  });

  const send = (body: string) => postSlack(port, body, { secret });
  const instancesOf = (definitionPrefix: string) =>
    t.db.prisma.workflowInstance.count({ where: { definitionId: { startsWith: definitionPrefix } } });
  const dmsTo = (user: string) =>
    posted.filter((c) => c.method === 'chat.postMessage' && c.body.channel === `D-${user}`);

  /**
   * Sends a form while the database does not answer and the deadline has come (the form stays open
   * and says so under `errorBlock`), lets the late commit through until `committed` holds, then
   * sends the same form again with the database answering. Returns the second answer and the direct
   * messages `user` gets after it.
   */
  async function sendLateThenAgain(input: {
    body: () => string;
    user: string;
    errorBlock: string;
    committed: () => Promise<boolean>;
  }): Promise<{ second: { status: number; text: string }; dms: () => string[] }> {
    const slow = gate();
    database = slow.promise;
    deadline = () => Promise.resolve();
    const first = await send(input.body());
    expect(first.json).toEqual({
      response_action: 'errors',
      errors: { [input.errorBlock]: text('zh', 'wf.form_timeout') },
    });
    expect(await input.committed()).toBe(false);
    slow.open();
    await expect.poll(input.committed).toBe(true);
    database = null;
    deadline = () => new Promise(() => {});
    const dmsBefore = dmsTo(input.user).length;
    const second = await send(input.body());
    return {
      second,
      dms: () =>
        dmsTo(input.user)
          .slice(dmsBefore)
          .map((c) => String(c.body.text)),
    };
  }

  const forms = [
    {
      name: '/seal',
      callbackId: 'seal_request_modal',
      errorBlock: 'seal_seal',
      user: GAO_YAN,
      definition: 'seal_use',
      confirmation: '已提交用印申请',
      values: (title: string) => ({
        seal_seal: { seal_seal_select: option('official') },
        seal_title: { seal_title_input: plain(title) },
        seal_copies: { seal_copies_input: plain('2') },
        seal_purpose: { seal_purpose_input: plain('报送市水利局') },
        seal_link: { seal_link_input: plain('') },
        seal_important: { seal_important_check: { type: 'checkboxes', selected_options: [] } },
      }),
    },
    {
      name: '/supply',
      callbackId: 'supply_request_modal',
      errorBlock: 'supply_item:1',
      user: GAO_YAN,
      definition: 'supply',
      confirmation: '白板笔',
      values: (title: string) => ({
        'supply_item:1': { supply_item_select: option(markerId) },
        'supply_qty:1': { supply_quantity_input: plain('3') },
        supply_reason: { supply_reason_input: plain(title) },
      }),
    },
    {
      name: '/doc new',
      callbackId: 'doc_new_modal',
      errorBlock: 'doc_new_title',
      user: XU_HUI,
      definition: 'outgoing',
      confirmation: '已提交',
      values: (title: string) => ({
        doc_new_title: { doc_new_title_input: plain(title) },
        doc_new_doc_type: { doc_new_doc_type_select: option('main') },
        doc_new_direction: { doc_new_direction_select: option('downward') },
        doc_new_urgency: { doc_new_urgency_select: option('normal') },
        doc_new_secrecy: { doc_new_secrecy_select: option('internal') },
        doc_new_main_recipients: { doc_new_main_recipients_input: plain('各科室') },
        doc_new_copy_to: { doc_new_copy_to_input: plain('') },
        doc_new_countersign: {
          doc_new_countersign_select: { type: 'multi_static_select', selected_options: [] },
        },
        doc_new_draft_link: { doc_new_draft_link_input: plain('') },
        doc_new_copies: { doc_new_copies_input: plain('5') },
      }),
    },
  ];

  describe.each(forms)('the $name form', (form) => {
    it('shows a refusal on the form, which stays open, and starts nothing', async () => {
      deadline = () => new Promise(() => {});
      database = null;
      const before = await instancesOf(form.definition);
      const dmsBefore = dmsTo(NOBODY).length;
      const res = await send(
        submission({
          userId: NOBODY,
          viewId: `V-${form.callbackId}-refused`,
          callbackId: form.callbackId,
          values: form.values(`${form.name} 未关联的人的申请`),
        }),
      );
      expect(res.status).toBe(200);
      expect(res.json).toEqual({
        response_action: 'errors',
        errors: { [form.errorBlock]: slackText('zh', 'not_linked') },
      });
      expect(await instancesOf(form.definition)).toBe(before);
      expect(dmsTo(NOBODY).length).toBe(dmsBefore);
    });

    it('keeps the form open when the database does not answer in time, and a second send after the late start closes it without starting another', async () => {
      const title = `${form.name} 数据库迟迟不答时的申请`;
      const viewId = `V-${form.callbackId}-slow`;
      const body = () =>
        submission({ userId: form.user, viewId, callbackId: form.callbackId, values: form.values(title) });
      const slow = gate();
      database = slow.promise;
      deadline = () => Promise.resolve();
      const enteredBefore = entered;
      const first = await send(body());
      expect(first.status).toBe(200);
      expect(first.json).toEqual({
        response_action: 'errors',
        errors: { [form.errorBlock]: text('zh', 'wf.form_timeout') },
      });
      expect(entered).toBe(enteredBefore + 1);
      // The database answers after Slack was told: the start commits late.
      const startedBefore = await instancesOf(form.definition);
      slow.open();
      await expect.poll(() => instancesOf(form.definition)).toBe(startedBefore + 1);

      database = null;
      deadline = () => new Promise(() => {});
      const dmsBefore = dmsTo(form.user).length;
      const second = await send(body());
      expect(second.status).toBe(200);
      expect(second.text).toBe('');
      expect(await instancesOf(form.definition)).toBe(startedBefore + 1);
      // The second send reports the first request.
      await expect
        .poll(() =>
          dmsTo(form.user)
            .slice(dmsBefore)
            .map((c) => String(c.body.text)),
        )
        .toEqual([expect.stringContaining(form.confirmation)]);
    });

    it('closes the form only once the request is started', async () => {
      const title = `${form.name} 正常提交的申请`;
      const slow = gate();
      database = slow.promise;
      deadline = () => new Promise(() => {});
      answered = false;
      answeredAtCommit.length = 0;
      const before = await instancesOf(form.definition);
      const enteredBefore = entered;
      const response = send(
        submission({
          userId: form.user,
          viewId: `V-${form.callbackId}-ok`,
          callbackId: form.callbackId,
          values: form.values(title),
        }),
      ).then((res) => {
        answered = true;
        return res;
      });
      await expect.poll(() => entered).toBe(enteredBefore + 1);
      expect(await instancesOf(form.definition)).toBe(before);
      slow.open();
      const res = await response;
      expect(res.status).toBe(200);
      expect(res.text).toBe('');
      // Slack had no answer yet when the request was committed.
      expect(answeredAtCommit).toEqual([false]);
      expect(await instancesOf(form.definition)).toBe(before + 1);
      await expect
        .poll(() => dmsTo(form.user).map((c) => String(c.body.text)))
        .toContainEqual(expect.stringContaining(form.confirmation));
      database = null;
    });
  });

  it('shows a refused supply plan on the form, which stays open, and saves nothing', async () => {
    deadline = () => new Promise(() => {});
    database = null;
    const res = await send(
      submission({
        userId: NOBODY,
        viewId: 'V-supply-plan-refused',
        callbackId: 'supply_plan_modal',
        values: {
          supply_period: { supply_period_select: option('2027-01') },
          'supply_item:1': { supply_item_select: option(markerId) },
          'supply_qty:1': { supply_quantity_input: plain('10') },
        },
      }),
    );
    expect(res.json).toEqual({
      response_action: 'errors',
      errors: { supply_period: slackText('zh', 'not_linked') },
    });
    expect(await t.db.prisma.supplyPlanLine.count()).toBe(0);
  });

  it('keeps the keeper’s stock-in form open when the database does not answer in time, and books it once when sent again', async () => {
    const body = () =>
      submission({
        userId: ZHENG_TAO,
        viewId: 'V-supply-stock-in-slow',
        callbackId: 'supply_stock_in_modal',
        values: {
          supply_item_one: { supply_item_select: option(markerId) },
          supply_quantity: { supply_quantity_input: plain('20') },
          supply_price: { supply_price_input: plain('3.00') },
          supply_supplier: { supply_supplier_input: plain('晨光文具') },
          supply_date: { supply_date_input: plain('2026-11-20') },
        },
      });
    const stock = async () =>
      (await t.db.prisma.supplyItem.findUniqueOrThrow({ where: { id: markerId } })).stock;
    const before = await stock();
    const slow = gate();
    database = slow.promise;
    deadline = () => Promise.resolve();
    const first = await send(body());
    expect(first.json).toEqual({
      response_action: 'errors',
      errors: { supply_item_one: text('zh', 'wf.form_timeout') },
    });
    slow.open();
    await expect.poll(stock).toBe(before + 20);
    database = null;
    deadline = () => new Promise(() => {});
    const dmsBefore = dmsTo(ZHENG_TAO).length;
    const second = await send(body());
    expect(second.text).toBe('');
    expect(await stock()).toBe(before + 20);
    await expect
      .poll(() =>
        dmsTo(ZHENG_TAO)
          .slice(dmsBefore)
          .map((c) => String(c.body.text)),
      )
      .toEqual([text('zh', 'error.supply_already_booked')]);
  });

  it('keeps the 归档 form open when the database does not answer in time', async () => {
    const slow = gate();
    database = slow.promise;
    deadline = () => Promise.resolve();
    const enteredBefore = entered;
    const res = await send(
      submission({
        userId: XU_HUI,
        viewId: 'V-doc-archive-slow',
        callbackId: 'doc_archive_modal',
        privateMetadata: JSON.stringify({ i: '00000000-0000-4000-8000-000000000001', v: 1 }),
        values: {
          doc_archive_retention: { doc_archive_retention_select: option('30y') },
          doc_archive_final_text: { doc_archive_final_text_input: plain('') },
        },
      }),
    );
    expect(res.json).toEqual({
      response_action: 'errors',
      errors: { doc_archive_retention: text('zh', 'wf.form_timeout') },
    });
    expect(entered).toBe(enteredBefore + 1);
    expect(await t.db.prisma.archiveHandoff.count()).toBe(0);
    slow.open();
    database = null;
  });

  it('keeps the 借阅 form open when the database does not answer in time, and a second send after the late start closes it without starting another', async () => {
    const title = '关于2016年度水资源公报的编制说明';
    const entry = await t.db.prisma.archiveEntry.create({
      data: {
        id: randomUUID(),
        archiveNo: 'SS-2016-Y30-WS-0003',
        title,
        year: 2016,
        category: '文书',
        retention: '30y',
        secrecy: 'internal',
        terms: entryTerms({ title, docNumber: null, year: 2016 }),
        source: 'manual',
        createdAt: new Date('2026-11-01T00:00:00Z'),
      },
    });
    const body = () =>
      submission({
        userId: GAO_YAN,
        viewId: 'V-archive-loan-slow',
        callbackId: 'archive_loan_modal',
        privateMetadata: JSON.stringify({ entryId: entry.id }),
        values: {
          archive_loan_kind: { archive_loan_kind_select: option('borrow') },
          archive_loan_purpose: { archive_loan_purpose_input: plain('编写年度总结') },
          archive_loan_days: { archive_loan_days_input: plain('5') },
          archive_loan_outside: { archive_loan_outside_input: plain('') },
        },
      });
    const loans = () => t.db.prisma.workflowInstance.count({ where: { reference: entry.archiveNo } });
    const slow = gate();
    database = slow.promise;
    deadline = () => Promise.resolve();
    const first = await send(body());
    expect(first.json).toEqual({
      response_action: 'errors',
      errors: { archive_loan_purpose: text('zh', 'wf.form_timeout') },
    });
    slow.open();
    await expect.poll(loans).toBe(1);
    database = null;
    deadline = () => new Promise(() => {});
    const dmsBefore = dmsTo(GAO_YAN).length;
    const second = await send(body());
    expect(second.text).toBe('');
    expect(await loans()).toBe(1);
    await expect
      .poll(() =>
        dmsTo(GAO_YAN)
          .slice(dmsBefore)
          .map((c) => String(c.body.text)),
      )
      .toEqual([expect.stringContaining('SS-2016-Y30-WS-0003')]);
  });

  /** A 提请销毁 form sent by `userId` (every such form asks for the method only). */
  const destroyForm = (userId: string, viewId: string) =>
    submission({
      userId,
      viewId,
      callbackId: 'archive_destroy_modal',
      values: { archive_destroy_method: { archive_destroy_method_input: plain('粉碎') } },
    });

  it('shows a refused 提请销毁 on its form, which stays open, and proposes nothing', async () => {
    deadline = () => new Promise(() => {});
    database = null;
    const before = await t.db.prisma.workflowInstance.count();
    const res = await send(destroyForm(NOBODY, 'V-archive-destroy-refused'));
    expect(res.json).toEqual({
      response_action: 'errors',
      errors: { archive_destroy_method: slackText('zh', 'not_linked') },
    });
    expect(await t.db.prisma.workflowInstance.count()).toBe(before);
  });

  it('keeps the 收文登记 form open when the database does not answer in time, and a second send after the late registration closes it without registering twice', async () => {
    const title = '关于做好2027年度汛前检查工作的通知';
    const body = () =>
      submission({
        userId: ZHOU_JING,
        viewId: 'V-doc-receive-slow',
        callbackId: 'doc_receive_modal',
        values: {
          doc_receive_title: { doc_receive_title_input: plain(title) },
          doc_receive_issuer: { doc_receive_issuer_input: plain('市水利局') },
          doc_receive_their_number: { doc_receive_their_number_input: plain('市水安〔2026〕40号') },
          doc_receive_date: { doc_receive_date_input: plain('2026-11-20') },
          doc_receive_category: { doc_receive_category_select: option('upper') },
          doc_receive_urgency: { doc_receive_urgency_select: option('normal') },
          doc_receive_secrecy: { doc_receive_secrecy_select: option('internal') },
          doc_receive_copies: { doc_receive_copies_input: plain('1') },
          doc_receive_link: { doc_receive_link_input: plain('') },
        },
      });
    const registered = () => t.db.prisma.workflowInstance.count({ where: { title } });
    const slow = gate();
    database = slow.promise;
    deadline = () => Promise.resolve();
    const first = await send(body());
    expect(first.json).toEqual({
      response_action: 'errors',
      errors: { doc_receive_title: text('zh', 'wf.form_timeout') },
    });
    slow.open();
    await expect.poll(registered).toBe(1);
    database = null;
    deadline = () => new Promise(() => {});
    const second = await send(body());
    expect(second.text).toBe('');
    expect(await registered()).toBe(1);
  });

  it('shows a refused 报告遗失 on its form, which stays open, and the seal stays in use', async () => {
    deadline = () => new Promise(() => {});
    database = null;
    const res = await send(
      submission({
        userId: NOBODY,
        viewId: 'V-seal-lost-refused',
        callbackId: 'seal_lost_modal',
        privateMetadata: 'finance',
        values: { seal_lost_note: { seal_lost_note_input: plain('外出用印时遗失') } },
      }),
    );
    expect(res.json).toEqual({
      response_action: 'errors',
      errors: { seal_lost_note: slackText('zh', 'not_linked') },
    });
    expect((await t.db.prisma.seal.findUniqueOrThrow({ where: { id: 'finance' } })).state).toBe('active');
  });

  const archiveAddValues = (title: string, category = '文书') => ({
    archive_add_title: { archive_add_title_input: plain(title) },
    archive_add_doc_number: { archive_add_doc_number_input: plain('') },
    archive_add_year: { archive_add_year_input: plain('2025') },
    archive_add_category: { archive_add_category_select: option(category) },
    archive_add_retention: { archive_add_retention_select: option('30y') },
    archive_add_secrecy: { archive_add_secrecy_select: option('internal') },
    archive_add_pages: { archive_add_pages_input: plain('12') },
    archive_add_location: { archive_add_location_input: plain('') },
  });

  it('shows a refused /archive add on its form, under the field it concerns, and adds nothing', async () => {
    deadline = () => new Promise(() => {});
    database = null;
    const before = await t.db.prisma.archiveEntry.count();
    const dmsBefore = dmsTo(GAO_YAN).length + dmsTo(FENG_XIAOYU).length;
    const notArchivist = await send(
      submission({
        userId: GAO_YAN,
        viewId: 'V-archive-add-not-archivist',
        callbackId: 'archive_add_modal',
        values: archiveAddValues('关于2025年度河长制工作的总结'),
      }),
    );
    expect(notArchivist.json).toEqual({
      response_action: 'errors',
      errors: { archive_add_title: text('zh', 'error.archive_not_archivist') },
    });
    const unknownCategory = await send(
      submission({
        userId: FENG_XIAOYU,
        viewId: 'V-archive-add-category',
        callbackId: 'archive_add_modal',
        values: archiveAddValues('关于2025年度河长制工作的总结', '不存在的类别'),
      }),
    );
    expect(unknownCategory.json).toEqual({
      response_action: 'errors',
      errors: { archive_add_category: text('zh', 'error.archive_invalid.category') },
    });
    expect(await t.db.prisma.archiveEntry.count()).toBe(before);
    expect(dmsTo(GAO_YAN).length + dmsTo(FENG_XIAOYU).length).toBe(dmsBefore);
  });

  it('keeps the /archive add form open when the database does not answer in time, and a second send after the late commit closes it without adding another', async () => {
    const title = '关于2025年度水资源管理考核的报告';
    const added = () => t.db.prisma.archiveEntry.findMany({ where: { title } });
    const { second, dms } = await sendLateThenAgain({
      body: () =>
        submission({
          userId: FENG_XIAOYU,
          viewId: 'V-archive-add-slow',
          callbackId: 'archive_add_modal',
          values: archiveAddValues(title),
        }),
      user: FENG_XIAOYU,
      errorBlock: 'archive_add_title',
      committed: async () => (await added()).length > 0,
    });
    expect(second.text).toBe('');
    const entries = await added();
    expect(entries.length).toBe(1);
    await expect
      .poll(dms)
      .toEqual([text('zh', 'archive.add.done', { archiveNo: entries[0]?.archiveNo ?? '' })]);
  });

  it('keeps the 报告遗失 form open when the database does not answer in time, and a second send after the late commit closes it without reporting twice', async () => {
    const lostEvents = () => t.db.prisma.sealEvent.count({ where: { sealId: 'contract', kind: 'lost' } });
    const alerts = () =>
      t.db.prisma.outboxMessage.count({ where: { payload: { path: ['key'], equals: 'seal.notice.lost' } } });
    const alertsBefore = await alerts();
    const { second, dms } = await sendLateThenAgain({
      body: () =>
        submission({
          userId: ZHOU_JING,
          viewId: 'V-seal-lost-slow',
          callbackId: 'seal_lost_modal',
          privateMetadata: 'contract',
          values: { seal_lost_note: { seal_lost_note_input: plain('外出签约时遗失') } },
        }),
      user: ZHOU_JING,
      errorBlock: 'seal_lost_note',
      committed: async () => (await lostEvents()) > 0,
    });
    expect(second.text).toBe('');
    expect(await lostEvents()).toBe(1);
    const alerted = (await alerts()) - alertsBefore;
    expect(alerted).toBeGreaterThan(0);
    await expect.poll(dms).toEqual([expect.stringContaining('已停用')]);
    // The office heads and the director were alerted by the first send only.
    expect((await alerts()) - alertsBefore).toBe(alerted);
  });

  it('keeps the 归档 form open when the database does not answer in time, and a second send after the late hand-off closes it; another 归档 of the document is refused', async () => {
    const doc = await finishedIncomingDocument({ service, prisma: t.db.prisma }, TEAM, {
      title: '关于开展冬春农田水利建设检查的通知',
      theirNumber: '市水农〔2026〕31号',
    });
    const archiveForm = (userId: string, viewId: string) =>
      submission({
        userId,
        viewId,
        callbackId: 'doc_archive_modal',
        privateMetadata: JSON.stringify({ i: doc.id, v: doc.version }),
        values: {
          doc_archive_retention: { doc_archive_retention_select: option('30y') },
          doc_archive_final_text: { doc_archive_final_text_input: plain('') },
        },
      });
    const handOffs = () => t.db.prisma.archiveHandoff.findMany({ where: { instanceId: doc.id } });
    const { second, dms } = await sendLateThenAgain({
      body: () => archiveForm(ZHOU_JING, 'V-doc-archive-late'),
      user: ZHOU_JING,
      errorBlock: 'doc_archive_retention',
      committed: async () => (await handOffs()).length > 0,
    });
    expect(second.text).toBe('');
    const [handOff] = await handOffs();
    await expect.poll(dms).toEqual([
      text('zh', 'doc.archive.done', {
        number: handOff?.docNumber ?? '',
        retention: text('zh', 'doc.archive.retention.30y'),
      }),
    ]);
    // The archivist's own 归档 of the same document, from another form, is refused on that form.
    const other = await send(archiveForm(FENG_XIAOYU, 'V-doc-archive-other'));
    expect(other.json).toEqual({
      response_action: 'errors',
      errors: { doc_archive_retention: text('zh', 'error.archive_already', { time: '2026-11-23 09:30' }) },
    });
    expect((await handOffs()).length).toBe(1);
  });

  it('keeps the 提请销毁 form open when the database does not answer in time, and a second send after the late proposal closes it without proposing again; another proposal of the same records is refused', async () => {
    await t.db.prisma.archiveEntry.create({
      data: {
        archiveNo: 'SS-2012-Y10-WS-0007',
        title: '关于2012年度防汛物资储备的报告',
        year: 2012,
        category: '文书',
        retention: '10y',
        secrecy: 'internal',
        terms: entryTerms({ title: '关于2012年度防汛物资储备的报告', docNumber: null, year: 2012 }),
        source: 'manual',
        createdAt: new Date('2026-11-01T00:00:00Z'),
      },
    });
    const proposals = () => instancesOf('archive_destroy');
    const { second, dms } = await sendLateThenAgain({
      body: () => destroyForm(FENG_XIAOYU, 'V-archive-destroy-slow'),
      user: FENG_XIAOYU,
      errorBlock: 'archive_destroy_method',
      committed: async () => (await proposals()) > 0,
    });
    expect(second.text).toBe('');
    expect(await proposals()).toBe(1);
    await expect.poll(dms).toEqual([text('zh', 'archive.destroy.started', { count: 1 })]);
    // The office head's own 提请销毁, from another form, finds nothing left to propose.
    const other = await send(destroyForm(ZHAO_MIN, 'V-archive-destroy-other'));
    expect(other.json).toEqual({
      response_action: 'errors',
      errors: { archive_destroy_method: text('zh', 'error.archive_nothing_to_destroy') },
    });
    expect(await proposals()).toBe(1);
  });
});
