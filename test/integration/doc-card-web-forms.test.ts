import { describe, expect, it } from 'vitest';
import { stepFormLinkParams } from '../../src/features/workflow/step-web-form.ts';
import { databaseKinds } from '../support/databases.ts';
import { option, text } from '../support/playground.ts';
import { useWebFormPlayground } from '../support/web-form-playground.ts';

// A step's own form (批办) on the bot's web page, for platforms without modals: the step's card
// button links to it, the page is drawn from the same FormSpec as the modal, a wrong value is shown
// beside its field, a handler the directory refuses is answered on the page, and a valid one makes
// the step's click once. The item is registered and proposed through Slack, as in incoming-chat.

const TEAM = 'T0PLAYGROUND';
const P = { zhouJing: 'U0EXAMPLE04', zhaoMin: 'U0EXAMPLE03' } as const;
const DIRECTOR = 'zhang-jianguo';

describe.each(databaseKinds)('the document card forms on the web (%s)', (kind) => {
  const { running, webForms, prisma, local, post } = useWebFormPlayground(kind);

  it('serves each step form under the step it belongs to, and the hand-off form', () => {
    expect(webForms().formOfStep('instruct')).toBe('documents.instruct');
    expect(webForms().formOfStep('director_signoff')).toBe('documents.sign_off');
    expect(webForms().formOfStep('leader_signoff')).toBe('documents.sign_off');
    expect(webForms().formOfStep('propose')).toBeNull();
  });

  it('applies 批办 from the web as the modal does: checked on the page, then the step’s click once', async () => {
    const { pg } = running();
    const title = `关于 ${kind} 网页批办的通知`;
    await pg.command(P.zhouJing, '/doc', 'receive');
    const registration = await pg.modal(P.zhouJing, 'the registration form');
    const registered = await pg.submit(P.zhouJing, registration.id, {
      doc_receive_title: { doc_receive_title_input: text(title) },
      doc_receive_issuer: { doc_receive_issuer_input: text('市水利局') },
      doc_receive_their_number: { doc_receive_their_number_input: text('市水安〔2026〕77号') },
      doc_receive_date: { doc_receive_date_input: text('2026-11-20') },
      doc_receive_category: { doc_receive_category_select: option('upper') },
      doc_receive_urgency: { doc_receive_urgency_select: option('normal') },
      doc_receive_secrecy: { doc_receive_secrecy_select: option('internal') },
      doc_receive_copies: { doc_receive_copies_input: text('') },
      doc_receive_link: { doc_receive_link_input: text('') },
    });
    expect(registered.body).toEqual({ ok: true });
    const card = await pg.cardWithButton(P.zhaoMin, title, 'wf_approve');
    await pg.click(P.zhaoMin, card, 'wf_approve');
    const propose = await pg.modal(P.zhaoMin);
    await pg.submit(P.zhaoMin, propose.id, {
      wf_modal_comment: { wf_comment_input: text('拟请张局长阅示。') },
    });
    const instance = await waitFor(async () => {
      const found = await prisma().workflowInstance.findFirst({ where: { title } });
      // At 批办: the director is who it waits on.
      return found?.waitingOn.includes(DIRECTOR) ? found : null;
    });

    const url = webForms().linkFor({
      personId: DIRECTOR,
      formId: 'documents.instruct',
      params: stepFormLinkParams({ instanceId: instance.id, version: instance.version, workspaceId: TEAM }),
    });
    const page = await (await fetch(local(url))).text();
    expect(page).toContain('批办');
    for (const name of ['comment', 'leadDepartment', 'handler', 'coDepartments', 'readers', 'handlingDays'])
      expect(page).toContain(`name="${name}"`);
    expect(page).toContain('水政水资源科');

    const fields = {
      comment: '请李局阅。水政水资源科牵头办理。',
      leadDepartment: 'water-admin',
      readers: ['li-weidong'],
      handlingDays: '3',
    };
    // A wrong value is shown beside its field, in the modal's words.
    const badDays = await post(url, { ...fields, handler: 'liu-yang', handlingDays: '0' });
    expect(badDays.status).toBe(422);
    expect(await badDays.text()).toContain('id="f-handlingDays-error"');
    // A handler outside the lead department: the directory's check refuses it, nothing applied.
    const wrong = await post(url, { ...fields, handler: 'ma-qiang' });
    expect(wrong.status).toBe(409);
    expect(await wrong.text()).toContain('承办人须在主办部门');
    expect((await prisma().workflowInstance.findUniqueOrThrow({ where: { id: instance.id } })).version).toBe(
      instance.version,
    );

    const done = await post(url, { ...fields, handler: 'liu-yang' });
    expect(done.status).toBe(200);
    const after = await prisma().workflowInstance.findUniqueOrThrow({ where: { id: instance.id } });
    expect(after.version).toBe(instance.version + 1);
    expect(JSON.stringify(after.state)).toContain('"handler":"liu-yang"');
    const audit = await prisma().auditEntry.findMany({
      where: { instanceId: instance.id, actorId: DIRECTOR },
    });
    expect(audit).toEqual([expect.objectContaining({ action: 'approve', comment: fields.comment })]);
    expect((await post(url, { ...fields, handler: 'liu-yang' })).status).toBe(410);
  });
});

async function waitFor<T>(find: () => Promise<T | null>): Promise<T> {
  for (let i = 0; i < 200; i += 1) {
    const found = await find();
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('not found in time');
}
