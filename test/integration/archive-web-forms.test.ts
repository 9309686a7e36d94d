import { beforeAll, describe, expect, it } from 'vitest';
import { LOAN_DEFINITIONS } from '../../src/domain/archive/loan-definitions.ts';
import { ARCHIVE_ADD_FORM_ID } from '../../src/features/archive/archive-add-form.ts';
import { createEntry } from '../../src/features/archive/catalog.ts';
import { ARCHIVE_DESTROY_FORM_ID, ARCHIVE_LOAN_FORM_ID } from '../../src/features/archive/loan-step-forms.ts';
import { databaseKinds } from '../support/databases.ts';
import { useWebFormPlayground } from '../support/web-form-playground.ts';

// The forms /archive opens, as web forms on the running bot of the playground for platforms
// without modals: the loan request of the entry its link names (refused days beside nothing
// started, one request started, the used link refused; a destroyed or hidden entry shows why
// instead of the form), /archive add (the archivist's only) and 提请销毁.

const TEAM = 'T0PLAYGROUND';

describe.each(databaseKinds)('the /archive forms on the web (%s)', (kind) => {
  const { webForms, prisma, local, post } = useWebFormPlayground(kind);
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    const now = new Date();
    const add = (
      name: string,
      over: { secrecy?: 'internal' | 'secret'; year?: number; retention?: '30y' | '10y' },
    ) =>
      createEntry(
        { prisma: prisma(), now },
        {
          title: over.secrecy === 'secret' ? null : `网页借阅测试${name}`,
          docNumber: `网测发〔2026〕${name}号`,
          year: over.year ?? 2026,
          category: '文书',
          retention: over.retention ?? '30y',
          secrecy: over.secrecy ?? 'internal',
          source: 'manual',
          createdById: 'feng-xiaoyu',
        },
      );
    ids.kept = (await add('1', {})).id;
    ids.secret = (await add('2', { secrecy: 'secret' })).id;
    const gone = await add('3', {});
    await prisma().archiveEntry.update({ where: { id: gone.id }, data: { status: 'destroyed' } });
    ids.gone = gone.id;
    ids.expired = (await add('4', { year: 2001, retention: '10y' })).id;
  });

  const link = (personId: string, formId: string, params: Record<string, string> = {}) =>
    webForms().linkFor({ personId, formId, params: { w: TEAM, ...params } });
  const page = async (url: string) => (await fetch(local(url))).text();
  const loansOf = (personId: string) =>
    prisma().workflowInstance.count({
      where: { definitionId: { in: LOAN_DEFINITIONS.map((d) => d.id) }, requesterId: personId },
    });

  it('takes a loan request of the entry its link names, once', async () => {
    const url = link('gao-yan', ARCHIVE_LOAN_FORM_ID, { entryId: ids.kept as string });
    const form = await page(url);
    expect(form).toContain('网页借阅测试1');
    const before = await loansOf('gao-yan');
    const wrong = await post(url, { kind: 'borrow', purpose: '核对数据', days: '31' });
    // Refused by the same reading as the modal, beside the days: nothing started, the form shown again.
    expect(wrong.status).toBe(422);
    expect(await wrong.text()).toMatch(/<p class="error" id="f-days-error">[^<]*30/);
    expect(await loansOf('gao-yan')).toBe(before);
    const done = await post(url, { kind: 'borrow', purpose: '核对数据', days: '７天' });
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('已提交档案借阅申请');
    expect(await loansOf('gao-yan')).toBe(before + 1);
    expect((await post(url, { kind: 'borrow', purpose: '核对数据', days: '7' })).status).toBe(410);
    expect(await loansOf('gao-yan')).toBe(before + 1);
  });

  it('shows why instead of the form for a destroyed entry and for one the person may not see', async () => {
    const destroyed = await page(link('gao-yan', ARCHIVE_LOAN_FORM_ID, { entryId: ids.gone as string }));
    expect(destroyed).toContain('已销毁，不能借阅或复制');
    expect(destroyed).not.toContain('type="submit"');
    const hidden = await page(link('gao-yan', ARCHIVE_LOAN_FORM_ID, { entryId: ids.secret as string }));
    expect(hidden).not.toContain('网测发〔2026〕2号');
    expect(hidden).not.toContain('type="submit"');
  });

  it('adds an entry for the archivist and refuses anyone else in the catalog’s words', async () => {
    const fields = {
      title: '网页登记的通知',
      year: '2026',
      category: '文书',
      retention: '30y',
      secrecy: 'internal',
    };
    const refused = await post(link('gao-yan', ARCHIVE_ADD_FORM_ID), fields);
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain('档案管理员');
    expect(await prisma().archiveEntry.count({ where: { title: '网页登记的通知' } })).toBe(0);
    const done = await post(link('feng-xiaoyu', ARCHIVE_ADD_FORM_ID), fields);
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('已登记档案');
    expect(await prisma().archiveEntry.count({ where: { title: '网页登记的通知' } })).toBe(1);
  });

  it('proposes the destruction of the entries past retention', async () => {
    const url = link('zhao-min', ARCHIVE_DESTROY_FORM_ID, { quarter: '2026-Q4' });
    expect(await page(url)).toContain('提请销毁');
    const done = await post(url, { method: '碎纸机粉碎，监销人：冯晓雨' });
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('已提请销毁');
    const register = await prisma().workflowInstance.findFirstOrThrow({
      where: { definitionId: 'archive_destroy', requesterId: 'zhao-min' },
      orderBy: { createdAt: 'desc' },
    });
    expect(JSON.stringify(register.state)).toContain(ids.expired as string);
  });
});
