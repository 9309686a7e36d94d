import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { App } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { mrkdwn } from '../../src/chat/slack/blocks/message.ts';
import { escapeMrkdwn } from '../../src/chat/slack/blocks/mrkdwn.ts';
import { registerCommandAnswers } from '../../src/chat/slack/command-answers.ts';
import { SLACK_FORM_BINDINGS } from '../../src/chat/slack/form-bindings.ts';
import type { SlackRequestContext } from '../../src/chat/slack/request-context.ts';
import type { SealFeatureDeps as SealChatDeps } from '../../src/features/seal/seal-chat.ts';
import { sealButtons, sealCommands } from '../../src/features/seal/seal-commands.ts';
import { sealStateLabel } from '../../src/features/seal/seal-service.ts';
import type { Actor } from '../../src/org/chat-accounts.ts';
import { AppError } from '../../src/shared/errors.ts';
import type { Locale } from '../../src/shared/i18n.ts';
import { captureLogs } from '../support/logs.ts';

// What `/seal` and its 报告遗失 button show on Slack, recorded once from the listeners as they were
// before the command moved to the feature (UPDATE_FIXTURES=1 wrote them then; never rewrite them
// from the new code): every message, modal and file the person gets, for the same command typed
// by the same person, is the same, but for the deliberate differences listed below.
// Transport attributes (ack or response_url, response_type) are not compared: the glue now
// acknowledges first and answers through response_url.

const FIXTURES = join(import.meta.dirname, 'fixtures', 'seal-replies');

/** The Slack registration under test: `/seal` and 报告遗失, the feature's handlers through the glue. */
function registerSeal(app: App<SlackRequestContext>, deps: SealChatDeps): void {
  registerCommandAnswers(app, {
    commands: sealCommands(deps),
    buttons: sealButtons(deps),
    forms: SLACK_FORM_BINDINGS,
  });
}

type Seal = Awaited<ReturnType<SealChatDeps['seals']>>[number];

function seal(
  id: string,
  name: string,
  nameEn: string | null,
  extra: Partial<Seal> & { custodianName?: string; custodianEn?: string | null } = {},
): Seal {
  const { custodianName, custodianEn, ...rest } = extra;
  return {
    id,
    name,
    nameEn,
    kind: 'other',
    state: 'active',
    needsLeader: false,
    custodianId: 'zhou-jing',
    ownerId: null,
    custodian: {
      name: custodianName ?? '周静',
      nameEn: custodianEn === undefined ? 'Zhou Jing' : custodianEn,
    },
    ...rest,
  } as Seal;
}

const SEALS: Seal[] = [
  seal('official', '示范县水利局公章', 'Official seal', { kind: 'official' }),
  seal('finance', '财务专用章 <A&B>', 'Finance *seal* <A&B>', {
    kind: 'finance',
    state: 'suspended',
    custodianName: '吴*芳 <w&f>',
    custodianEn: null,
  }),
  seal('contract', '合同专用章', null, { kind: 'contract', needsLeader: true }),
  seal('contract2', '合同专用章（二）', 'Contract seal 2', { kind: 'contract', state: 'retired' }),
];

/** Sixty seals: more rows than a message holds. */
const MANY = Array.from({ length: 60 }, (_, i) => seal(`s${i}`, `印章${i}`, `Seal ${i}`));

const HEAD: Actor = { personId: 'zhao-min', locale: 'zh' };

function fakeDeps(seals: Seal[]): SealChatDeps {
  return {
    timeZone: 'Asia/Shanghai',
    now: () => new Date('2026-11-20T02:00:00Z'),
    seals: async () => seals,
    start: async () => ({ firstReviewer: '马强 <m&q>、*李四*' }),
    checkImpressions: async () => ({ ok: true }) as never,
    mayExportRegister: async (id: string) => id === HEAD.personId,
    exportRegister: async (request: { sealId: string | null }) =>
      request.sealId === 'contract'
        ? null
        : { csv: Buffer.from('\ufeff用印日期,印章\n2026-11-02,公章\n'), rows: 1 },
    async changeState(input: { sealId: string; action: string; reason: string }) {
      if (input.reason.includes('forbidden')) {
        throw new AppError('seal_change_forbidden', 'not the office head');
      }
      const found = seals.find((s) => s.id === input.sealId);
      return {
        seal: { name: found?.name ?? '', nameEn: found?.nameEn ?? null },
        state: input.action === 'resume' ? 'active' : 'suspended',
        held: input.action === 'resume' ? 0 : 2,
      };
    },
    reportableSeals: async (id: string) => new Set(id === HEAD.personId ? ['official', 'finance'] : []),
    stateLabel: sealStateLabel,
  } as unknown as SealChatDeps;
}

/** One thing the person was shown. */
interface Shown {
  via: 'message' | 'modal' | 'file';
  payload: unknown;
}

type Listener = (args: Record<string, unknown>) => Promise<void>;

/** A Bolt app that keeps the listeners registered on it. */
function fakeApp() {
  const commands = new Map<string, Listener>();
  const actions = new Map<string, Listener>();
  const app = {
    command: (name: string, listener: Listener) => commands.set(name, listener),
    action: (id: string, listener: Listener) => actions.set(id, listener),
    view: () => undefined,
  };
  return { app: app as unknown as App<SlackRequestContext>, commands, actions };
}

/** Everything a listener showed, transport attributes left out; `failUpload`: Slack refuses files. */
function recorder(failUpload = false) {
  const shown: Shown[] = [];
  const message = async (body?: Record<string, unknown>) => {
    if (body === undefined) return;
    const { response_type: _type, replace_original: _replace, ...rest } = body;
    shown.push({ via: 'message', payload: rest });
  };
  const client = {
    views: {
      open: async ({ view }: { view: unknown }) => {
        shown.push({ via: 'modal', payload: view });
        return { ok: true };
      },
    },
    conversations: { open: async () => ({ channel: { id: 'D-HEAD' } }) },
    chat: { postMessage: async (body: Record<string, unknown>) => message(body) },
    filesUploadV2: async (body: { file: Buffer } & Record<string, unknown>) => {
      if (failUpload) throw new Error('not_allowed_token_type');
      shown.push({ via: 'file', payload: { ...body, file: body.file.toString('utf8') } });
      return { ok: true };
    },
  };
  return { shown, message, client };
}

function contextOf(locale: Locale, actor: Actor | null) {
  return { locale: async () => locale, actor: async () => actor, log: captureLogs().logger };
}

async function slash(
  text: string,
  options: { locale: Locale; actor: Actor | null; seals?: Seal[]; failUpload?: boolean },
): Promise<Shown[]> {
  const { app, commands } = fakeApp();
  registerSeal(app, fakeDeps(options.seals ?? SEALS));
  const listener = commands.get('/seal');
  if (!listener) throw new Error('no /seal listener');
  const { shown, message, client } = recorder(options.failUpload);
  await listener({
    command: { text, team_id: 'T-UNIT', trigger_id: 'trigger-1', user_id: 'U-HEAD' },
    ack: message,
    respond: message,
    client,
    context: contextOf(options.locale, options.actor),
  });
  return shown;
}

async function press(value: string, options: { locale: Locale; actor: Actor | null }): Promise<Shown[]> {
  const { app, actions } = fakeApp();
  registerSeal(app, fakeDeps(SEALS));
  const listener = actions.get('seal_report_lost');
  if (!listener) throw new Error('no seal_report_lost listener');
  const { shown, message, client } = recorder();
  await listener({
    action: { value, action_id: 'seal_report_lost' },
    body: { trigger_id: 'trigger-2', user: { id: 'U-HEAD' }, team: { id: 'T-UNIT' } },
    ack: async () => undefined,
    respond: message,
    client,
    context: contextOf(options.locale, options.actor),
  });
  return shown;
}

/** The fixture `name`, written from `shown` when UPDATE_FIXTURES is set. */
function fixture(name: string, shown: Shown[]): unknown {
  const file = join(FIXTURES, `${name}.json`);
  if (process.env.UPDATE_FIXTURES === '1' || !existsSync(file)) {
    if (process.env.UPDATE_FIXTURES !== '1')
      throw new Error(`no fixture ${name}: record it with UPDATE_FIXTURES=1`);
    mkdirSync(FIXTURES, { recursive: true });
    writeFileSync(file, `${JSON.stringify(shown, null, 2)}\n`);
  }
  return JSON.parse(readFileSync(file, 'utf8'));
}

const LINKED = (locale: Locale): Actor => ({ ...HEAD, locale });
const PLAIN = (locale: Locale): Actor => ({ personId: 'gao-yan', locale });

/** Each case: its fixture name and how it is asked. */
const CASES: ReadonlyArray<readonly [string, (locale: Locale) => Promise<Shown[]>]> = [
  ['help', (locale) => slash('help', { locale, actor: LINKED(locale) })],
  ['form', (locale) => slash('', { locale, actor: LINKED(locale) })],
  ['form-none-usable', (locale) => slash('', { locale, actor: LINKED(locale), seals: [SEALS[1] as Seal] })],
  ['list-reportable', (locale) => slash('list', { locale, actor: LINKED(locale) })],
  ['list-unlinked', (locale) => slash('列表', { locale, actor: null })],
  ['list-empty', (locale) => slash('list', { locale, actor: LINKED(locale), seals: [] })],
  ['list-long', (locale) => slash('list', { locale, actor: PLAIN(locale), seals: MANY })],
  ['lifecycle-done', (locale) => slash('suspend 公章 年检　期间', { locale, actor: LINKED(locale) })],
  ['lifecycle-resume', (locale) => slash('恢复 official', { locale, actor: LINKED(locale) })],
  ['lifecycle-special-name', (locale) => slash('lost finance 不见了', { locale, actor: LINKED(locale) })],
  ['lifecycle-usage', (locale) => slash('suspend 不存在 原因', { locale, actor: LINKED(locale) })],
  ['lifecycle-refused', (locale) => slash('suspend 公章 forbidden', { locale, actor: PLAIN(locale) })],
  ['lifecycle-unlinked', (locale) => slash('suspend 公章 年检', { locale, actor: null })],
  ['request-started', (locale) => slash('公章 3 关于<某>*事项*&的函', { locale, actor: LINKED(locale) })],
  ['request-unavailable', (locale) => slash('finance 2 关于某事项的函', { locale, actor: LINKED(locale) })],
  ['request-unlinked', (locale) => slash('公章 3 关于某事项的函', { locale, actor: null })],
  ['request-prefilled', (locale) => slash('合同 关于申报的函', { locale, actor: LINKED(locale) })],
  [
    'request-unknown',
    (locale) => slash('不存在的很长很长很长很长很长很长的印章名称', { locale, actor: null }),
  ],
  ['request-bad-copies', (locale) => slash('公章 9999 标题', { locale, actor: LINKED(locale) })],
  ['register-bad-arg', (locale) => slash('register <b&d>*word*', { locale, actor: LINKED(locale) })],
  ['register-forbidden', (locale) => slash('register official', { locale, actor: PLAIN(locale) })],
  ['register-unlinked', (locale) => slash('登记簿', { locale, actor: null })],
  ['register-empty', (locale) => slash('register contract', { locale, actor: LINKED(locale) })],
  ['register-file', (locale) => slash('register 公章 2026年11月', { locale, actor: LINKED(locale) })],
  ['register-all', (locale) => slash('register', { locale, actor: LINKED(locale) })],
  ['lost-button', (locale) => press('finance', { locale, actor: LINKED(locale) })],
  ['lost-button-gone', (locale) => press('nowhere', { locale, actor: LINKED(locale) })],
];

/** A recorded message's text, with `change` made to it. */
function messageText(recorded: unknown, change: (text: string) => Shown['payload']): Shown[] {
  return (recorded as Shown[]).map((shown) => {
    const { text } = shown.payload as { text: string };
    return { ...shown, payload: change(text) };
  });
}

/**
 * Where the answer differs from the recording on purpose, what it is now, from the recording:
 * - the usage, and a seal out of use, were sent as typed mrkdwn: the usage's `<seal>` was read by
 *   Slack as a link, and a seal's name with `<`, `>` or `&` the same; they are escaped now, as
 *   every other answer's text is;
 * - a refusal (an AppError) was a bare text; it is now the error note every command's refusal is
 *   (its text and one section with the same words).
 */
const DELIBERATE: Readonly<Record<string, (recorded: unknown) => Shown[]>> = {
  help: (recorded) => messageText(recorded, (text) => ({ text: escapeMrkdwn(text) })),
  'request-unavailable': (recorded) => messageText(recorded, (text) => ({ text: escapeMrkdwn(text) })),
  'lifecycle-refused': (recorded) =>
    messageText(recorded, (text) => ({ text, blocks: [{ type: 'section', text: mrkdwn(text) }] })),
};

describe('what /seal shows on Slack, as recorded before the command moved', () => {
  for (const [name, ask] of CASES) {
    for (const locale of ['zh', 'en'] as const) {
      it(`${name} (${locale})`, async () => {
        const shown = await ask(locale);
        expect(shown.length).toBeGreaterThan(0);
        const recorded = fixture(`${name}.${locale}`, shown);
        const deliberate = DELIBERATE[name];
        expect(shown).toEqual(deliberate ? deliberate(recorded) : recorded);
      });
    }
  }

  it('differs on purpose only where a recorded text had mrkdwn’s control characters, or was a refusal', () => {
    expect(JSON.stringify(fixture('help.zh', []))).toContain('<印章>');
    expect(JSON.stringify(fixture('request-unavailable.en', []))).toContain('<A&B>');
    expect(JSON.stringify(fixture('lifecycle-refused.zh', []))).not.toContain('blocks');
  });
});

describe('a file answer on Slack', () => {
  it('tells the person, with a reference, when Slack refuses the file', async () => {
    const shown = await slash('register', { locale: 'en', actor: LINKED('en'), failUpload: true });
    expect(shown).toEqual([
      { via: 'message', payload: expect.objectContaining({ text: expect.any(String) }) },
    ]);
    expect((shown[0]?.payload as { text: string } | undefined)?.text).toMatch(
      /^Sorry, something went wrong.* reference: [0-9A-F]{8}$/u,
    );
  });
});
