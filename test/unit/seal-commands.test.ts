import { describe, expect, it } from 'vitest';
import type { CommandAnswer, CommandContext } from '../../src/chat/core/commands.ts';
import { runCommand } from '../../src/chat/core/commands.ts';
import { plainOf, type Reply } from '../../src/chat/core/reply.ts';
import { outcomeText, type WebFormOutcome } from '../../src/chat/core/web-form.ts';
import { ACTION_IDS } from '../../src/chat/slack/ids.ts';
import type { SealFeatureDeps } from '../../src/features/seal/seal-chat.ts';
import { sealButtons, sealCommands } from '../../src/features/seal/seal-commands.ts';
import { SEAL_LOST_FORM_ID } from '../../src/features/seal/seal-custody-forms.ts';
import { sealLostWebForm } from '../../src/features/seal/seal-lost-web-form.ts';
import { SEAL_ACTIONS } from '../../src/features/seal/seal-replies.ts';
import { SEAL_REQUEST_FORM_ID } from '../../src/features/seal/seal-request-form.ts';
import { sealRequestWebForm } from '../../src/features/seal/seal-request-web-form.ts';
import { sealStateLabel } from '../../src/features/seal/seal-service.ts';
import type { Actor } from '../../src/org/chat-accounts.ts';
import { AppError } from '../../src/shared/errors.ts';
import type { Locale } from '../../src/shared/i18n.ts';
import { captureLogs } from '../support/logs.ts';

// `/seal` and its 报告遗失 button as the feature answers them, with no platform: the words read,
// the service called as the person asking, and the answer (a reply, a form with its params, a
// file); and the two forms on the web, drawn and applied as the modals are.

type Seal = Awaited<ReturnType<SealFeatureDeps['seals']>>[number];

function seal(id: string, name: string, nameEn: string | null, extra: Partial<Seal> = {}): Seal {
  return {
    id,
    name,
    nameEn,
    kind: 'other',
    state: 'active',
    needsLeader: false,
    custodianId: 'zhou-jing',
    ownerId: null,
    custodian: { name: '周静', nameEn: 'Zhou Jing' },
    ...extra,
  } as Seal;
}

const SEALS: Seal[] = [
  seal('official', '示范县水利局公章', 'Official seal', { kind: 'official' }),
  seal('finance', '示范县水利局财务专用章', null, { kind: 'finance', state: 'suspended' }),
  seal('contract', '合同专用章', 'Contract seal', { kind: 'contract', needsLeader: true }),
  seal('contract2', '合同专用章（二）', null, { kind: 'contract' }),
];

const HEAD: Actor = { personId: 'zhao-min', locale: 'zh' };

/** The feature's deps with fixed seals, recording the calls that change something. */
function fakeDeps(seals: Seal[] = SEALS) {
  const calls: Array<[string, unknown]> = [];
  const deps = {
    seals: async () => seals,
    async start(input: unknown) {
      calls.push(['start', input]);
      return { firstReviewer: '马强' };
    },
    mayExportRegister: async (id: string) => id === HEAD.personId,
    async exportRegister(request: unknown) {
      calls.push(['exportRegister', request]);
      return (request as { sealId: string | null }).sealId === 'contract'
        ? null
        : { csv: Buffer.from('\ufeff用印日期\n'), rows: 4 };
    },
    async changeState(input: { sealId: string; action: string; reason: string }) {
      calls.push(['changeState', input]);
      if (input.reason === 'forbidden') throw new AppError('seal_change_forbidden', 'not the head');
      const found = seals.find((s) => s.id === input.sealId);
      return {
        seal: { name: found?.name ?? '', nameEn: found?.nameEn ?? null },
        state: 'suspended',
        held: 0,
      };
    },
    reportableSeals: async (id: string) => new Set(id === HEAD.personId ? ['official', 'contract'] : []),
    stateLabel: sealStateLabel,
  };
  return { deps: deps as unknown as SealFeatureDeps, calls };
}

function contextOf(actor: Actor | null = HEAD, locale: Locale = 'zh'): CommandContext {
  return { workspaceId: 'T-1', actor, locale, dedupeKey: 'command:trigger-9', log: captureLogs().logger };
}

async function seal_(text: string, context = contextOf(), deps = fakeDeps().deps): Promise<CommandAnswer> {
  const [handler] = sealCommands(deps);
  if (!handler) throw new Error('no /seal handler');
  return handler.handle(text, context);
}

function replyOf(answer: CommandAnswer): Reply {
  if (answer.kind !== 'reply') throw new Error(`a ${answer.kind} answer, not a reply`);
  return answer.reply;
}

function formOf(answer: CommandAnswer) {
  if (answer.kind !== 'form') throw new Error(`a ${answer.kind} answer, not a form`);
  return answer.form;
}

const buttonsOf = (reply: Reply) =>
  reply.blocks.flatMap((b) => (b.kind === 'section' && b.button ? [[b.button.action, b.button.value]] : []));

describe('/seal, neutral', () => {
  it('is the seal command, typed as 用印 where commands are text, and its button is Slack’s action id', () => {
    const [handler] = sealCommands(fakeDeps().deps);
    expect(handler).toMatchObject({ command: 'seal', words: ['用印'] });
    expect(handler?.subcommands).toBeUndefined();
    expect(sealButtons(fakeDeps().deps).map((b) => b.action)).toEqual(['seal_report_lost']);
    expect(ACTION_IDS.sealReportLost).toBe(SEAL_ACTIONS.reportLost);
  });

  it('answers help with the usage, and nothing typed with the request form', async () => {
    expect(plainOf(replyOf(await seal_('帮助')).text)).toContain('/seal register');
    const form = formOf(await seal_('   '));
    expect(form.formId).toBe(SEAL_REQUEST_FORM_ID);
    expect(form.params).toEqual({});
    // Only seals in use are offered.
    const select = form.spec.fields.find((f) => f.id === 'seal');
    expect(select && 'options' in select ? select.options?.map((o) => o.value) : null).toEqual([
      'official',
      'contract',
      'contract2',
    ]);
  });

  it('lists the seals with 报告遗失 on those the person may report lost, none for someone linked to nobody', async () => {
    const list = replyOf(await seal_('list'));
    expect(plainOf(list.text).split('\n')).toEqual([
      '印章一览',
      '• 示范县水利局公章 · 保管人 周静 · 在用',
      '• 示范县水利局财务专用章 · 保管人 周静 · 已停用',
      '• 合同专用章 · 保管人 周静 · 在用 · 须领导审批',
      '• 合同专用章（二） · 保管人 周静 · 在用',
    ]);
    expect(buttonsOf(list)).toEqual([
      ['seal_report_lost', 'official'],
      ['seal_report_lost', 'contract'],
    ]);
    const english = replyOf(await seal_('list', contextOf(HEAD, 'en')));
    expect(plainOf(english.text)).toContain('Official seal · custodian Zhou Jing · in use');
    expect(buttonsOf(replyOf(await seal_('列表', contextOf(null))))).toEqual([]);
  });

  it('keeps a long list within a reply’s blocks, while its text names every seal', async () => {
    const many = Array.from({ length: 70 }, (_, i) => seal(`s${i}`, `印章${i}`, null));
    const list = replyOf(await seal_('list', contextOf(), fakeDeps(many).deps));
    expect(list.blocks).toHaveLength(50);
    expect(plainOf(list.text)).toContain('印章69');
  });

  it('starts a request read whole at once, as the person, keyed by the request', async () => {
    const { deps, calls } = fakeDeps();
    const answer = await seal_('公章 ３份 关于某某事项的函', contextOf(), deps);
    expect(plainOf(replyOf(answer).text)).toBe(
      '已提交用印申请《关于某某事项的函》（示范县水利局公章，3 份），等待 马强 审批。',
    );
    expect(calls).toEqual([
      [
        'start',
        {
          workspaceId: 'T-1',
          requesterPersonId: 'zhao-min',
          form: {
            sealId: 'official',
            title: '关于某某事项的函',
            copies: 3,
            purpose: null,
            docLink: null,
            important: false,
          },
          locale: 'zh',
          startKey: 'command:trigger-9',
        },
      ],
    ]);
  });

  it('starts nothing for someone linked to nobody', async () => {
    const { deps, calls } = fakeDeps();
    expect(await seal_('公章 3 关于某某事项的函', contextOf(null), deps)).toEqual({ kind: 'not_linked' });
    expect(calls).toEqual([]);
  });

  it('refuses a seal out of use in both languages’ words, without a form', async () => {
    const { deps, calls } = fakeDeps();
    const answer = await seal_('finance 2 关于某某事项的函', contextOf(HEAD, 'en'), deps);
    expect(plainOf(replyOf(answer).text)).toBe(
      '示范县水利局财务专用章 is suspended and cannot be requested.',
    );
    expect(calls).toEqual([]);
  });

  it('opens the form with what could be read and notes on the rest, carried in its params for a web link too', async () => {
    const form = formOf(await seal_('合同 关于申报的函'));
    expect(form.formId).toBe(SEAL_REQUEST_FORM_ID);
    expect(form.params).toEqual({
      title: '关于申报的函',
      notes: '“合同”可指 合同专用章、合同专用章（二），请在表单中选择。\n请填写用印份数。',
    });
    expect(form.spec.notices).toEqual([
      { kind: 'problems', lines: form.params.notes?.split('\n').map((text) => ({ text })) },
    ]);
    expect(form.spec.fields.find((f) => f.id === 'title')?.initial).toBe('关于申报的函');

    // The same form on the web, from the same params.
    const web = sealRequestWebForm(fakeDeps().deps);
    const loaded = await web.load({
      personId: 'zhao-min',
      params: form.params,
      locale: 'zh',
      key: 'form-link:l-1',
    });
    expect(loaded).toEqual(form.spec);

    const chosen = formOf(await seal_('contract2 十 关于申报的函'));
    expect(chosen.params).toMatchObject({ seal: 'contract2' });
    expect(chosen.spec.fields.find((f) => f.id === 'seal')?.initial).toBe('contract2');
  });

  it('changes a seal’s state as the person, with the reason as typed, and says what happened', async () => {
    const { deps, calls } = fakeDeps();
    const answer = await seal_('停用 公章 年检　期间，暂停', contextOf(), deps);
    expect(plainOf(replyOf(answer).text)).toBe('示范县水利局公章：已停用。');
    expect(calls).toEqual([
      [
        'changeState',
        { actorPersonId: 'zhao-min', sealId: 'official', action: 'suspend', reason: '年检　期间，暂停' },
      ],
    ]);
    // A seal not named exactly once: the usage, nothing changed.
    const none = fakeDeps();
    expect(plainOf(replyOf(await seal_('suspend 合同 原因', contextOf(), none.deps)).text)).toContain(
      '/seal suspend 公章',
    );
    expect(none.calls).toEqual([]);
  });

  it('answers a refused change in the refusal’s own words', async () => {
    const [handler] = sealCommands(fakeDeps().deps);
    if (!handler) throw new Error('no /seal handler');
    const answer = await runCommand(handler, 'suspend 公章 forbidden', contextOf());
    expect(answer).toEqual({
      kind: 'error',
      text: ['只有办公室负责人可以停用、恢复、封存或销毁印章；印章保管人可报告遗失。'],
    });
  });

  it('exports the register as a CSV file to those who keep it, for a seal and a month', async () => {
    const { deps, calls } = fakeDeps();
    const answer = await seal_('register 公章 2026年11月', contextOf(), deps);
    if (answer.kind !== 'file') throw new Error(`a ${answer.kind} answer, not a file`);
    expect(answer.file.filename).toBe('印章使用登记簿-示范县水利局公章-2026-11.csv');
    expect(answer.file.content.toString('utf8')).toBe('\ufeff用印日期\n');
    expect(plainOf(answer.file.comment)).toBe('印章使用登记簿：4 条记录。');
    expect(calls).toEqual([['exportRegister', { sealId: 'official', month: { year: 2026, month: 11 } }]]);
  });

  it('refuses the register to others, says when nothing matches, and names a word it cannot read', async () => {
    const others = fakeDeps();
    const forbidden = await seal_('register', contextOf({ personId: 'gao-yan', locale: 'zh' }), others.deps);
    expect(plainOf(replyOf(forbidden).text)).toContain('只有办公室负责人');
    expect(others.calls).toEqual([]);
    expect(plainOf(replyOf(await seal_('register contract')).text)).toBe('没有符合条件的用印记录。');
    expect(plainOf(replyOf(await seal_('register 2026-13', contextOf(null))).text)).toBe(
      '看不懂“2026-13”：请写印章名称和月份（如 2026-11）。',
    );
    expect(await seal_('登记簿 公章', contextOf(null))).toEqual({ kind: 'not_linked' });
  });
});

describe('报告遗失, neutral', () => {
  it('opens the loss form for the seal pressed, its id in the params', async () => {
    const [button] = sealButtons(fakeDeps().deps);
    const answer = await button?.press('contract', contextOf(HEAD, 'en'));
    const form = formOf(answer as CommandAnswer);
    expect(form.formId).toBe(SEAL_LOST_FORM_ID);
    expect(form.params).toEqual({ sealId: 'contract' });
    expect(JSON.stringify(form.spec.notices)).toContain('Contract seal');
  });

  it('says the request cannot be read for a seal that is not there', async () => {
    const [button] = sealButtons(fakeDeps().deps);
    const answer = await button?.press('nowhere', contextOf());
    expect(plainOf(replyOf(answer as CommandAnswer).text)).toBe('无法识别这条请求，请重新操作一次。');
  });
});

/** What an applied outcome tells the person, in plain words. */
function textOf(outcome: WebFormOutcome): string | null {
  return outcome.ok && outcome.message ? outcomeText(outcome.message) : null;
}

describe('the seal request form on the web and as a modal', () => {
  it('starts the request as the person, keyed by the form, and tells what was started and who reviews it', async () => {
    const { deps, calls } = fakeDeps();
    const done = await sealRequestWebForm(deps).submit(
      { personId: 'gao-yan', params: { w: 'T1' }, locale: 'zh', key: 'view:V1' },
      { seal: 'official', title: '关于申报的函', copies: 2, purpose: '报送', link: '', important: [] },
    );
    expect(calls).toEqual([
      [
        'start',
        {
          requesterPersonId: 'gao-yan',
          workspaceId: 'T1',
          form: expect.objectContaining({ sealId: 'official', title: '关于申报的函', copies: 2 }),
          locale: 'zh',
          startKey: 'view:V1',
        },
      ],
    ]);
    const text = textOf(done);
    expect(text).toContain('关于申报的函');
    expect(text).toContain('马强');
  });
});

describe('the 报告遗失 form on the web', () => {
  const web = (deps: SealFeatureDeps) => sealLostWebForm(deps);
  const context = (params: Record<string, string>) => ({
    personId: 'zhou-jing',
    params,
    locale: 'zh' as const,
    key: 'form-link:link-7',
  });

  it('draws the form the modal draws, and nothing for a seal that is gone', async () => {
    const { deps } = fakeDeps();
    const [button] = sealButtons(deps);
    const modal = formOf((await button?.press('official', contextOf())) as CommandAnswer);
    expect(await web(deps).load(context({ sealId: 'official' }))).toEqual(modal.spec);
    expect(await web(deps).load(context({ sealId: 'nowhere' }))).toBeNull();
  });

  it('reports the seal lost as the person, keyed by the link, and shows a refusal on the form', async () => {
    const { deps, calls } = fakeDeps();
    const done = await web(deps).submit(context({ sealId: 'official' }), { note: '保险柜中未找到' });
    expect(textOf(done)).toBe('示范县水利局公章：已停用。');
    expect(calls).toEqual([
      [
        'changeState',
        {
          actorPersonId: 'zhou-jing',
          sealId: 'official',
          action: 'lost',
          reason: '保险柜中未找到',
          requestKey: 'form-link:link-7',
        },
      ],
    ]);
    const refused = await web(deps).submit(context({ sealId: 'official' }), { note: 'forbidden' });
    expect(refused).toEqual({
      ok: false,
      message: '只有办公室负责人可以停用、恢复、封存或销毁印章；印章保管人可报告遗失。',
    });
  });
});
