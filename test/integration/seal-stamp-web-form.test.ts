import { describe, expect, it } from 'vitest';
import { stepFormLinkParams } from '../../src/features/workflow/step-web-form.ts';
import { databaseKinds } from '../support/databases.ts';
import { useWebFormPlayground } from '../support/web-form-playground.ts';

// 已盖章 on the bot's web page, for platforms without modals: the stamping step's card button links
// to it, more impressions than approved are refused on the page with nothing written, and a valid
// count is the step's click once, recorded in the seal register. The request is made and approved
// through Slack, as in seal-chat.

const TEAM = 'T0PLAYGROUND';
const P = { gaoYan: 'U0EXAMPLE05', maQiang: 'U0EXAMPLE15' } as const;
const CUSTODIAN = 'wu-fang';

describe.each(databaseKinds)('已盖章 on the web (%s)', (kind) => {
  const { running, webForms, prisma, local, post } = useWebFormPlayground(kind);

  it('is the stamping step’s own form', () => {
    expect(webForms().formOfStep('stamp')).toBe('seal.stamp');
  });

  it('refuses more impressions than approved on the page, then records the count once', async () => {
    const { pg } = running();
    const title = `关于 ${kind} 网页盖章的函`;
    expect((await pg.command(P.gaoYan, '/seal', `财务章 2 ${title}`)).body).toEqual({ ok: true });
    const headCard = await pg.cardWithButton(P.maQiang, title, 'wf_approve');
    expect((await pg.click(P.maQiang, headCard, 'wf_approve')).body).toEqual({ ok: true });
    const instance = await waitFor(async () => {
      const found = await prisma().workflowInstance.findFirst({ where: { title } });
      return found?.waitingOn.includes(CUSTODIAN) ? found : null;
    });

    const url = webForms().linkFor({
      personId: CUSTODIAN,
      formId: 'seal.stamp',
      params: stepFormLinkParams({ instanceId: instance.id, version: instance.version, workspaceId: TEAM }),
    });
    const page = await (await fetch(local(url))).text();
    expect(page).toContain('name="impressions"');

    const tooMany = await post(url, { impressions: '3', note: '' });
    expect(tooMany.status).toBe(409);
    expect(await tooMany.text()).toContain('批准用印 2 份');
    const unchanged = await prisma().workflowInstance.findUniqueOrThrow({ where: { id: instance.id } });
    expect(unchanged.version).toBe(instance.version);

    const done = await post(url, { impressions: '2', note: '已核对文件一致。' });
    expect(done.status).toBe(200);
    const after = await prisma().workflowInstance.findUniqueOrThrow({ where: { id: instance.id } });
    expect(after.status).toBe('approved');
    const uses = await prisma().sealUse.findMany({ where: { instanceId: instance.id } });
    expect(uses).toEqual([expect.objectContaining({ impressions: 2 })]);
    // The link is single-use: sent again, nothing more is recorded.
    expect((await post(url, { impressions: '2', note: '' })).status).toBe(410);
    expect(await prisma().sealUse.count({ where: { instanceId: instance.id } })).toBe(1);
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
