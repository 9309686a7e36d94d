import type { AllMiddlewareArgs, App, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import type { LocalizedText } from '../../../domain/workflow/types.ts';
import type { DocListPage, DocViewer } from '../../../features/documents/lists.ts';
import {
  parseRegisterArgs,
  type RegisterRequest,
  type RegisterState,
} from '../../../features/documents/registers.ts';
import { type Locale, t } from '../../../shared/i18n.ts';
import { type ActorContext, asActor } from '../actor.ts';
import { truncateText } from '../blocks/limits.ts';
import { escapeMrkdwn, tMrkdwn } from '../blocks/mrkdwn.ts';
import { ACTION_IDS } from '../ids.ts';
import { onButtonInteraction } from '../interactions.ts';
import type { SlackRequestContext } from '../request-context.ts';
import { buildDocListMessage, type DocListKind } from './list-blocks.ts';

/** Roles that may export a register (办公室负责人, 办公室秘书, 档案管理员). */
export const REGISTER_EXPORT_ROLES = ['office_head', 'secretary', 'archivist'] as const;

/** What the `/doc` lists and registers need from the rest of the bot. */
export interface DocListChatDeps {
  /** The unit's time zone (organisation file): deadlines and dates are shown in it. */
  timeZone: string;
  now(): Date;
  /** What a person of the directory may see. */
  viewerOf(personId: string): Promise<DocViewer>;
  waitingOn(personId: string): Promise<DocListPage>;
  startedBy(personId: string): Promise<DocListPage>;
  find(viewer: DocViewer, words: readonly string[]): Promise<DocListPage>;
  namesOf(personIds: readonly string[], locale: Locale): Promise<Map<string, string>>;
  /** The flow's name by definition id. */
  kindLabelOf(definitionId: string): LocalizedText;
  /** Whether the person holds a copy of the item's card (only then is it reposted). */
  holdsCard(personId: string, instanceId: string): Promise<boolean>;
  /** Asks, through the outbox, for the person's card to be posted anew at the bottom of their DM. */
  repostCard(instanceId: string, personId: string): Promise<void>;
  /** Departments, to read `/doc register` words and name them. */
  departments: ReadonlyArray<{ id: string; name: string; nameEn: string | null }>;
  /** The register asked for (发文 or 收文) as a CSV file; null when nothing matches. */
  exportRegister(
    request: RegisterRequest,
  ): Promise<{ csv: Buffer; rows: number; truncated: boolean; maxRows: number } | null>;
}

/** A `/doc` list or register request, as parsed from the command. */
export type DocListRequest =
  | { kind: 'list' }
  | { kind: 'mine' }
  | { kind: 'find'; words: string[] }
  | { kind: 'register'; args: string[] };

type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs<SlackRequestContext>;

/** The command fields the handlers use. */
interface CommandInput {
  context: ActorContext;
  slackUserId: string;
  locale: Locale;
}

/**
 * Answers `/doc` (待办), `/doc mine`, `/doc find …` and `/doc register …`. What needs no database
 * (usage, the incoming register) is answered in the acknowledgement; the rest acknowledges first
 * and answers through response_url.
 */
export async function answerDocListCommand(
  args: CommandArgs,
  input: CommandInput,
  request: DocListRequest,
  deps: DocListChatDeps,
): Promise<void> {
  const { ack, respond } = args;
  const { locale } = input;
  if (request.kind === 'find' && request.words.length === 0) {
    await ack({ response_type: 'ephemeral', text: t(locale, 'doc.find.usage') });
    return;
  }
  if (request.kind === 'register') {
    await answerRegister(args, input, request.args, deps);
    return;
  }
  await ack();
  const viewer = await asActor(
    input.context,
    async (text) => {
      await respond({ response_type: 'ephemeral', text });
      return null;
    },
    (actor) => deps.viewerOf(actor.personId),
  );
  if (!viewer) return;
  const kind: DocListKind = request.kind === 'list' ? 'waiting' : request.kind;
  const page =
    request.kind === 'list'
      ? await deps.waitingOn(viewer.personId)
      : request.kind === 'mine'
        ? await deps.startedBy(viewer.personId)
        : await deps.find(viewer, request.words);
  const names = await deps.namesOf([...new Set(page.items.flatMap((item) => item.waitingOn))], locale);
  const message = buildDocListMessage({
    kind,
    locale,
    now: deps.now(),
    timeZone: deps.timeZone,
    page,
    names,
    kindLabelOf: deps.kindLabelOf,
    ...(request.kind === 'find' ? { words: request.words } : {}),
  });
  args.context.log.info({ list: kind, shown: page.items.length, total: page.total }, 'doc list answered');
  await respond({ response_type: 'ephemeral', ...message });
}

async function answerRegister(
  args: CommandArgs,
  input: CommandInput,
  words: readonly string[],
  deps: DocListChatDeps,
): Promise<void> {
  const { ack, respond, client, context } = args;
  const { locale } = input;
  const now = deps.now();
  const parsed = parseRegisterArgs(words, {
    departments: deps.departments,
    currentYear: Number(
      new Intl.DateTimeFormat('en', { timeZone: deps.timeZone, year: 'numeric' }).format(now),
    ),
  });
  if (!parsed.ok) {
    const problem = t(
      locale,
      `doc.register.${parsed.problem.kind === 'unknown' ? 'unknown_arg' : 'repeated_arg'}`,
      {
        // Echoed back in mrkdwn: escaped, so a typed `<!channel>` stays text.
        arg: escapeMrkdwn(truncateText(parsed.problem.arg, 40)),
      },
    );
    await ack({ response_type: 'ephemeral', text: `${problem}\n${t(locale, 'doc.register.usage')}` });
    return;
  }
  const request = parsed.request;
  await ack();
  const viewer = await asActor(
    input.context,
    async (text) => {
      await respond({ response_type: 'ephemeral', text });
      return null;
    },
    (actor) => deps.viewerOf(actor.personId),
  );
  if (!viewer) return;
  if (!REGISTER_EXPORT_ROLES.some((role) => viewer.roles.includes(role))) {
    context.log.info({ roles: viewer.roles }, 'register export refused');
    await respond({ response_type: 'ephemeral', text: t(locale, 'doc.register.forbidden') });
    return;
  }
  const registerName = t(locale, `doc.register.name.${request.direction}`);
  await respond({
    response_type: 'ephemeral',
    text: t(locale, 'doc.register.generating', { year: request.year, register: registerName }),
  });
  const scope = scopeOf(request, deps, locale);
  const register = await deps.exportRegister(request);
  if (register === null) {
    await respond({
      response_type: 'ephemeral',
      text: tMrkdwn(locale, 'doc.register.empty', { year: request.year, scope }),
    });
    return;
  }
  const dm = await client.conversations.open({ users: input.slackUserId });
  const channel = dm.channel?.id;
  if (!channel) throw new Error('conversations.open answered without a channel');
  const filename = registerFileName(request, deps);
  const comment = [
    t(locale, 'doc.register.ready', {
      year: request.year,
      scope,
      count: register.rows,
      register: registerName,
    }),
    ...(register.truncated ? [t(locale, 'doc.register.truncated', { max: register.maxRows })] : []),
  ].join('\n');
  await client.filesUploadV2({
    channel_id: channel,
    file: register.csv,
    filename,
    title: filename,
    initial_comment: comment,
  });
  context.log.info({ year: request.year, rows: register.rows, state: request.state }, 'register exported');
}

/** `发文登记簿-2026[-部门][-状态].csv`: the register is a Chinese document, so is its name. */
export function registerFileName(
  request: RegisterRequest,
  deps: Pick<DocListChatDeps, 'departments'>,
): string {
  const department = deps.departments.find((d) => d.id === request.departmentId);
  const parts = [
    `${request.direction === 'in' ? '收文登记簿' : '发文登记簿'}-${request.year}`,
    ...(department ? [department.name] : []),
    ...(request.state !== 'all' ? [t('zh', `doc.register.state.${request.state}`)] : []),
  ];
  return `${parts.join('-').replace(/[\\/:*?"<>|\s]+/g, '_')}.csv`;
}

function scopeOf(
  request: RegisterRequest,
  deps: Pick<DocListChatDeps, 'departments'>,
  locale: Locale,
): string {
  const department = deps.departments.find((d) => d.id === request.departmentId);
  const departmentName = department
    ? locale === 'en'
      ? (department.nameEn ?? department.name)
      : department.name
    : t(locale, 'doc.register.all_departments');
  const state: RegisterState = request.state;
  return [departmentName, t(locale, `doc.register.state.${state}`)].join(locale === 'en' ? ', ' : '、');
}

const OpenValue = z.uuid();

/**
 * The 打开 button of a list row: the clicker's card of that item is posted anew at the bottom of
 * their DM and the old copy points to it (through the outbox). Authorised on the stored record:
 * only someone who holds the item's card.
 */
export function registerDocListListeners(app: App<SlackRequestContext>, deps: DocListChatDeps): void {
  // A button in a message answers through its response_url; one on the App Home has none, so the
  // answer goes to the direct message instead.
  onButtonInteraction(app, ACTION_IDS.docListOpen, ({ action, body, context }) => ({
    parse(locale) {
      const instanceId = OpenValue.safeParse(action.value);
      if (instanceId.success) return { ok: true, value: instanceId.data };
      context.log.warn('list button with a bad value');
      return { ok: false, answer: t(locale, 'error.invalid_payload') };
    },
    async start(actor, instanceId) {
      const viewer = await deps.viewerOf(actor.personId);
      if (!(await deps.holdsCard(viewer.personId, instanceId))) {
        context.log.info({ instanceId }, 'card repost refused: not a holder');
        return 'not_holder' as const;
      }
      await deps.repostCard(instanceId, viewer.personId);
      context.log.info({ instanceId }, 'card repost asked');
      return 'asked' as const;
    },
    describe(outcome, _instanceId, locale) {
      if (outcome === 'not_holder') return t(locale, 'doc.list.not_holder');
      // In the direct messages the card shows up right below; elsewhere say where it went.
      const channel = body.container?.channel_id ?? body.channel?.id ?? '';
      return channel.startsWith('D') ? null : t(locale, 'doc.list.opened');
    },
  }));
}
