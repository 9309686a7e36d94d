import { describe, expect, it } from 'vitest';
import {
  answerCommand,
  answerTypedText,
  answerWithoutModals,
  asPerson,
  type CommandContext,
  type CommandHandler,
  commandNames,
  commandOfText,
  pressButton,
  routeCommand,
  runCommand,
  textAnswer,
} from '../../src/chat/core/commands.ts';
import { type FormSpec, message } from '../../src/chat/core/form-spec.ts';
import {
  catalogRich,
  code as codeRun,
  joinRich,
  link,
  plainOf,
  richT,
  strong,
  textReply,
} from '../../src/chat/core/reply.ts';
import { renderBlock, renderMrkdwn, renderReply } from '../../src/chat/slack/reply-blocks.ts';
import { AppError } from '../../src/shared/errors.ts';
import { t } from '../../src/shared/i18n.ts';
import { captureLogs } from '../support/logs.ts';

function contextFor(overrides: Partial<CommandContext> = {}) {
  const logs = captureLogs();
  const context: CommandContext = {
    workspaceId: 'T1',
    actor: { personId: 'p-wang', locale: 'zh' },
    locale: 'zh',
    dedupeKey: 'command:1',
    log: logs.logger,
    ...overrides,
  };
  return { context, logs };
}

const echo = (name: string, extra: Partial<CommandHandler> = {}): CommandHandler => ({
  command: name,
  ...extra,
  handle: async (text) => textAnswer(`${name}${extra.subcommands ? `:${extra.subcommands[0]}` : ''}|${text}`),
});

describe('rich text from the catalog', () => {
  it('keeps the catalog words as plain runs and each parameter as its own runs, bold where asked', () => {
    const row = richT('zh', 'seal.list.row', {
      name: strong('合同章'),
      custodian: '王芳',
      state: '在用',
      leader: '',
    });
    expect(row).toEqual([{ text: '合同章', bold: true }, ' · 保管人 ', '王芳', ' · ', '在用']);
    expect(plainOf(row)).toBe('合同章 · 保管人 王芳 · 在用');
  });

  it('reads a parameter given as several runs, and numbers as text', () => {
    const text = richT('en', 'error.unexpected', { ref: [codeRun('AB12'), '!'] });
    expect(plainOf(text)).toBe(t('en', 'error.unexpected', { ref: 'AB12!' }));
    expect(text).toContainEqual({ text: 'AB12', code: true });
    expect(plainOf(richT('en', 'error.unexpected', { ref: 42 }))).toContain('42');
  });

  it("draws the catalog's backtick spans as code runs, never a parameter's", () => {
    const hint = richT('zh', 'home.more', { count: 3 });
    expect(hint).toContainEqual({ text: '/doc', code: true });
    expect(hint).toContainEqual({ text: '/doc mine', code: true });
    expect(plainOf(hint)).not.toContain('`');
    // Typed text with backticks stays words: only the catalog's own spans are code.
    const echoed = richT('en', 'help.notice.unknown', { input: '`rm`' });
    expect(echoed).not.toContainEqual({ text: 'rm', code: true });
    expect(plainOf(echoed)).toContain('`rm`');
    expect(catalogRich('type `/seal` now')).toEqual(['type ', { text: '/seal', code: true }, ' now']);
  });

  it('joins texts with a separator between them only', () => {
    expect(joinRich([['a'], [strong('b')], ['c']], '\n')).toEqual([
      'a',
      '\n',
      { text: 'b', bold: true },
      '\n',
      'c',
    ]);
    expect(joinRich([], '\n')).toEqual([]);
  });
});

describe('a reply drawn for Slack', () => {
  it('escapes every run, so typed text cannot become a mention or a link', () => {
    expect(renderMrkdwn(['<!channel> & ', strong('<@U1>')])).toBe('&lt;!channel&gt; &amp; *&lt;@U1&gt;*');
  });

  it('marks bold, code and links in mrkdwn', () => {
    expect(
      renderMrkdwn([strong('标题'), ' ', codeRun('/seal list'), ' ', link('https://x.test/a?b=1', '打开')]),
    ).toBe('*标题* `/seal list` <https://x.test/a?b=1|打开>');
  });

  it('is its text alone when it has no blocks', () => {
    expect(renderReply(textReply('好的'))).toEqual({ text: '好的' });
  });

  it('draws each block kind as its Block Kit block, with the key as block_id', () => {
    const button = { label: '报告遗失', action: 'seal_report_lost', value: 's1', style: 'danger' as const };
    expect(renderBlock({ kind: 'section', key: 'row:s1', text: ['合同章'], button })).toEqual({
      type: 'section',
      block_id: 'row:s1',
      text: { type: 'mrkdwn', text: '合同章' },
      accessory: {
        type: 'button',
        action_id: 'seal_report_lost',
        value: 's1',
        style: 'danger',
        text: { type: 'plain_text', text: '报告遗失', emoji: true },
      },
    });
    expect(renderBlock({ kind: 'section', fields: [['a'], ['b']] })).toEqual({
      type: 'section',
      fields: [
        { type: 'mrkdwn', text: 'a' },
        { type: 'mrkdwn', text: 'b' },
      ],
    });
    expect(renderBlock({ kind: 'header', text: '印章' })).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: '印章', emoji: true },
    });
    expect(renderBlock({ kind: 'context', items: [['小字']] })).toEqual({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: '小字' }],
    });
    expect(renderBlock({ kind: 'divider' })).toEqual({ type: 'divider' });
    const confirm = { title: '确认', text: '确定吗？', confirm: '是', deny: '否' };
    expect(
      renderBlock({
        kind: 'buttons',
        buttons: [{ label: '下一页', action: 'more', value: '2', style: 'danger', confirm }],
      }),
    ).toEqual({
      type: 'actions',
      elements: [
        {
          type: 'button',
          action_id: 'more',
          value: '2',
          style: 'danger',
          text: { type: 'plain_text', text: '下一页', emoji: true },
          confirm: {
            title: { type: 'plain_text', text: '确认', emoji: true },
            text: { type: 'plain_text', text: '确定吗？', emoji: true },
            confirm: { type: 'plain_text', text: '是', emoji: true },
            deny: { type: 'plain_text', text: '否', emoji: true },
            style: 'danger',
          },
        },
      ],
    });
  });
});

describe('routing a command', () => {
  const handlers = [
    echo('doc'),
    echo('doc', { subcommands: ['report', '通报'] }),
    echo('seal', { words: ['用印'] }),
    echo('doc', { subcommands: ['receive'], words: ['收文'] }),
  ];

  it("takes a sub-command in any of its spellings, and the rest to the command's own handler", () => {
    expect(routeCommand(handlers, 'doc', ' 通报  month ')).toMatchObject({ rest: 'month' });
    expect(routeCommand(handlers, 'doc', 'REPORT week')?.handler.subcommands).toEqual(['report', '通报']);
    const own = routeCommand(handlers, 'doc', 'find 预算');
    expect(own?.handler.subcommands).toBeUndefined();
    expect(own?.rest).toBe('find 预算');
    expect(routeCommand(handlers, 'archive', 'x')).toBeNull();
  });

  it('reads a command typed as text, with or without a slash (half- or full-width), or by one of its words', () => {
    expect(commandOfText(handlers, '/seal 公章 3 函')).toMatchObject({ rest: '公章 3 函' });
    expect(commandOfText(handlers, '／seal list')?.handler.command).toBe('seal');
    expect(commandOfText(handlers, '用印 公章 3 函')).toMatchObject({ rest: '公章 3 函' });
    // A word for a whole command takes its sub-commands as the command's name does.
    const wordy = [
      ...handlers,
      echo('archive', { words: ['查档'] }),
      echo('archive', { subcommands: ['add'] }),
    ];
    expect(commandOfText(wordy, '查档 add')?.handler.subcommands).toEqual(['add']);
    expect(commandOfText(wordy, '查档 合同')).toMatchObject({ rest: '合同' });
    expect(commandOfText(handlers, '收文')?.handler.subcommands).toEqual(['receive']);
    expect(commandOfText(handlers, 'doc 通报')?.handler.subcommands).toEqual(['report', '通报']);
    expect(commandOfText(handlers, '你好')).toBeNull();
    expect(commandOfText(handlers, '   ')).toBeNull();
  });

  it('names each command once', () => {
    expect(commandNames(handlers)).toEqual(['doc', 'seal']);
  });
});

describe('answering a command', () => {
  it("answers a refusal in the error's own words, and logs it as a refusal", async () => {
    const { context, logs } = contextFor();
    const handler: CommandHandler = {
      command: 'seal',
      handle: async () => {
        throw new AppError('not_found', 'no such seal', {
          messageKey: 'error.unexpected',
          params: { ref: 'R1' },
        });
      },
    };
    const answer = await runCommand(handler, '', context);
    expect(answer).toEqual({ kind: 'error', text: [t('zh', 'error.unexpected', { ref: 'R1' })] });
    expect(logs.lines().some((line) => line.msg === 'request refused')).toBe(true);
  });

  it('answers anything unexpected with an apology whose reference is in the one error log line', async () => {
    const { context, logs } = contextFor({ locale: 'en' });
    const answer = await pressButton(
      {
        action: 'x',
        press: async () => {
          throw new Error('database gone');
        },
      },
      'v',
      context,
    );
    expect(answer.kind).toBe('error');
    const text = answer.kind === 'error' ? plainOf(answer.text) : '';
    const errors = logs.lines().filter((line) => line.level === 'error');
    expect(errors).toHaveLength(1);
    expect(text).toBe(t('en', 'error.unexpected', { ref: String(errors[0]?.ref) }));
    expect(text).not.toContain('database gone');
  });

  it('gives someone linked to nobody the not-linked answer without doing the work', async () => {
    const { context } = contextFor({ actor: null });
    let ran = false;
    const answer = await asPerson(context, async () => {
      ran = true;
      return { kind: 'none' };
    });
    expect(answer).toEqual({ kind: 'not_linked' });
    expect(ran).toBe(false);
    const linked = await asPerson(contextFor().context, async (actor) => textAnswer(actor.personId));
    expect(linked).toEqual(textAnswer('p-wang'));
  });
});

describe('an answer on a platform without modals', () => {
  const spec: FormSpec = {
    id: 'seal-lost',
    title: message('seal.lost.title'),
    submitLabel: null,
    notices: [],
    fields: [],
  };
  const form = { kind: 'form' as const, form: { formId: 'seal-lost', spec, params: { sealId: 's1' } } };
  const links: unknown[] = [];
  const forms = {
    linkFor: (input: unknown) => {
      links.push(input);
      return 'https://bot.test/forms/seal-lost?t=abc';
    },
    hasForm: (formId: string) => formId === 'seal-lost',
  };

  it("becomes the person's signed link to the same form on the web, about the same thing", () => {
    const shown = answerWithoutModals(form, { personId: 'p-wang', locale: 'zh', forms });
    expect(links).toEqual([{ personId: 'p-wang', formId: 'seal-lost', params: { sealId: 's1' } }]);
    expect(shown.kind).toBe('reply');
    const text = shown.kind === 'reply' ? shown.reply.text : [];
    expect(plainOf(text)).toBe(t('zh', 'form.web_link', { url: 'https://bot.test/forms/seal-lost?t=abc' }));
    expect(text).toContainEqual(
      link('https://bot.test/forms/seal-lost?t=abc', 'https://bot.test/forms/seal-lost?t=abc'),
    );
  });

  it('says the form cannot be opened here when the bot does not serve it on the web, or serves no web forms', () => {
    const unserved = { kind: 'form' as const, form: { ...form.form, formId: 'other' } };
    expect(answerWithoutModals(unserved, { personId: 'p-wang', locale: 'en', forms })).toEqual({
      kind: 'error',
      text: [t('en', 'form.unavailable')],
    });
    expect(
      answerWithoutModals(form, { personId: 'p-wang', locale: 'en', forms: { ...forms, linkFor: null } }),
    ).toEqual({
      kind: 'error',
      text: [t('en', 'form.unavailable')],
    });
  });

  it('words the not-linked answer in the core catalog and leaves replies as they are', () => {
    expect(answerWithoutModals({ kind: 'not_linked' }, { personId: null, locale: 'zh', forms })).toEqual({
      kind: 'error',
      text: [t('zh', 'wf.not_linked')],
    });
    const reply = textAnswer('好的');
    expect(answerWithoutModals(reply, { personId: 'p', locale: 'zh', forms })).toBe(reply);
  });
});

describe('a command that names nothing a handler takes', () => {
  const onlySubs = [echo('doc', { subcommands: ['approve', '审批'] }), echo('seal', { words: ['用印'] })];

  it('lists its sub-commands instead of handing the words to one of them', async () => {
    const { context } = contextFor();
    const answer = await answerCommand(onlySubs, 'doc', 'help', context);
    expect(answer).toEqual({
      kind: 'error',
      text: richT('zh', 'command.unknown', { commands: 'doc approve' }),
    });
    expect(await answerCommand(onlySubs, 'doc', 'approve 采购', context)).toEqual(
      textAnswer('doc:approve|采购'),
    );
  });

  it('typed as text, answers what the bot can do when no command is named', async () => {
    const { context } = contextFor({ locale: 'en' });
    const answer = await answerTypedText(onlySubs, '你好', context);
    expect(answer.kind).toBe('reply');
    const text = answer.kind === 'reply' ? plainOf(answer.reply.text) : '';
    expect(text).toBe(t('en', 'command.help', { words: '用印', commands: 'doc, seal' }));
    expect(await answerTypedText(onlySubs, '用印 公章', context)).toEqual(textAnswer('seal|公章'));
    expect((await answerTypedText(onlySubs, 'doc', context)).kind).toBe('error');
  });
});
