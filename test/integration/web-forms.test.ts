import { describe, expect, it } from 'vitest';
import { actionFormLinkParams } from '../../src/chat/core/action-web-form.ts';
import { signFormLink } from '../../src/chat/core/form-link.ts';
import { databaseKinds } from '../support/databases.ts';
import { useWebFormPlayground } from '../support/web-form-playground.ts';

// The web forms on the running bot of the playground (its own HTTP server, the port Slack's
// requests come to), on both databases: a page from a signed link, a submission checked by the
// form's FormSpec, applied once; expired, reused, forged and misdirected links refused.

const TEAM = 'T0PLAYGROUND';
const XU_HUI = { userId: 'U0EXAMPLE14', personId: 'xu-hui' };
const LIU_YANG = { userId: 'U0EXAMPLE12', personId: 'liu-yang' };
const ZHAO_MIN = 'zhao-min';

describe.each(databaseKinds)('web forms on the running bot (%s)', (kind) => {
  const { running, base, webForms, prisma, local, post } = useWebFormPlayground(kind);
  const sealLink = (personId = ZHAO_MIN) =>
    webForms().linkFor({ personId, formId: 'seal.request', params: { w: TEAM } });
  const sealId = async () => (await prisma().seal.findFirstOrThrow({ where: { state: 'active' } })).id;
  const requestsTitled = (title: string) => prisma().workflowInstance.count({ where: { title } });

  it('serves the form of a link as a page in the person’s language, on a phone too', async () => {
    const page = await fetch(local(sealLink()));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('cache-control')).toBe('no-store');
    const html = await page.text();
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(html).toContain('用印申请');
    expect(html).toContain('name="copies"');
    expect(html).not.toMatch(/<script|<link |src="http/);
  });

  it('speaks English to a person who reads English', async () => {
    const html = await (await fetch(local(sealLink(XU_HUI.personId)))).text();
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('Seal request');
    const expired = webForms().linkFor({ personId: XU_HUI.personId, formId: 'seal.request', ttlMs: -1 });
    expect(await (await fetch(local(expired))).text()).toContain('Link expired');
  });

  it('shows a wrong value beside its field with what was typed kept, and applies nothing', async () => {
    const url = sealLink();
    const title = `合同 ${kind} wrong`;
    const answer = await post(url, { seal: await sealId(), title, copies: '很多' });
    expect(answer.status).toBe(422);
    const html = await answer.text();
    expect(html).toMatch(/id="f-copies"[^>]*value="很多"|value="很多"[^>]*id="f-copies"/);
    expect(html).toContain('<p class="error" id="f-copies-error">用印份数应为 1 到');
    expect(html).toContain(`value="${title}"`);
    expect(await requestsTitled(title)).toBe(0);
    // The link still works: nothing was applied.
    expect((await post(url, { seal: await sealId(), title, copies: '2' })).status).toBe(200);
    expect(await requestsTitled(title)).toBe(1);
  });

  it('applies exactly one of two concurrent submissions of one link', async () => {
    const url = sealLink();
    const title = `合同 ${kind} twice`;
    const fields = { seal: await sealId(), title, copies: '3份' };
    const answers = await Promise.all([post(url, fields), post(url, fields)]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 410]);
    expect(await requestsTitled(title)).toBe(1);
    expect(await prisma().formLinkUse.count({ where: { linkId: linkIdOf(url), personId: ZHAO_MIN } })).toBe(
      1,
    );
  });

  it('applies a card’s opinion form through the same click as the modal, once', async () => {
    const title = `关于 ${kind} 网页表单的请示`;
    await running().pg.command(XU_HUI.userId, '/doc', `approve ${title}`);
    const instance = await waitForInstance(title);
    const url = webForms().linkFor({
      personId: LIU_YANG.personId,
      formId: 'workflow.action',
      params: actionFormLinkParams({
        instanceId: instance.id,
        version: instance.version,
        action: 'approve',
        requireComment: true,
        workspaceId: TEAM,
      }),
    });
    const page = await (await fetch(local(url))).text();
    expect(page).toContain('同意并填写意见');
    // The step requires an opinion: refused beside the field, in the modal's words.
    const empty = await post(url, { comment: ' ' });
    expect(empty.status).toBe(422);
    expect(await empty.text()).toContain('<p class="error" id="f-comment-error">请填写意见。</p>');
    const done = await post(url, { comment: '同意，网页提交。' });
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('已提交');
    const audit = await prisma().auditEntry.findMany({
      where: { instanceId: instance.id, action: 'approve' },
    });
    expect(audit).toEqual([
      expect.objectContaining({ actorId: LIU_YANG.personId, comment: '同意，网页提交。' }),
    ]);
    // Used: a second submission, or opening it again, is refused and changes nothing.
    const again = await post(url, { comment: '再来一次' });
    expect(again.status).toBe(410);
    expect(await again.text()).toContain('链接已使用');
    expect((await fetch(local(url))).status).toBe(410);
    const after = await prisma().workflowInstance.findUniqueOrThrow({ where: { id: instance.id } });
    expect(after.version).toBe(instance.version + 1);
  });

  it('refuses expired, forged and misdirected links with a page that says so, changing nothing', async () => {
    const title = `合同 ${kind} refused`;
    const fields = { seal: await sealId(), title, copies: '1' };
    const expired = webForms().linkFor({ personId: ZHAO_MIN, formId: 'seal.request', ttlMs: -1000 });
    const expiredAnswer = await post(expired, fields);
    expect(expiredAnswer.status).toBe(410);
    expect(await expiredAnswer.text()).toContain('链接已过期');

    const good = new URL(sealLink());
    const token = good.searchParams.get('t') ?? '';
    const forgedToken = signFormLink(
      { personId: ZHAO_MIN, formId: 'seal.request', expiresAt: new Date(Date.now() + 60_000) },
      Buffer.from('not-the-bots-key-0123456789abcdef0123456789'),
    ).token;
    for (const url of [
      `${base()}/forms/seal.request?t=${encodeURIComponent(forgedToken)}`,
      `${base()}/forms/seal.request?t=${encodeURIComponent(`${token.slice(0, -3)}abc`)}`,
      `${base()}/forms/seal.request`,
      // A link to one form does not open another.
      `${base()}/forms/workflow.action?t=${encodeURIComponent(token)}`,
    ]) {
      const answer = await post(url, fields);
      expect(answer.status).toBe(403);
      expect(await answer.text()).toContain('链接无效');
    }
    const english = await fetch(`${base()}/forms/seal.request?t=x`, {
      headers: { 'accept-language': 'en-GB,en' },
    });
    expect(await english.text()).toContain('Invalid link');
    expect(await requestsTitled(title)).toBe(0);
  });

  function linkIdOf(url: string): string {
    const token = new URL(url).searchParams.get('t') ?? '';
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'));
    return String(payload.l);
  }

  async function waitForInstance(title: string) {
    for (let i = 0; i < 200; i += 1) {
      const found = await prisma().workflowInstance.findFirst({ where: { title } });
      if (found) return found;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`no item titled ${title}`);
  }
});
