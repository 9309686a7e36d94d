// `doc`: the documents feature's own words of the command (help, the lists, search, the registers,
// and the drafting and registration forms), and the 打开 button of its lists. `doc approve`,
// `doc report` and `doc reminders` are other features' sub-commands; the help stands in for them
// where their feature does not answer.

import { z } from 'zod';
import {
  asPerson,
  type ButtonHandler,
  type CommandAnswer,
  type CommandContext,
  type CommandHandler,
  formAnswer,
  replyAnswer,
  textAnswer,
} from '../../chat/core/commands.ts';
import type { LocalizedText } from '../../domain/workflow/types.ts';
import { type Locale, t } from '../../shared/i18n.ts';
import { buildDocHelpReply } from './doc-help.ts';
import { buildDocListReply, DOC_LIST_OPEN_ACTION, type DocListKind } from './doc-list-reply.ts';
import { answerRegister, type RegisterDeps } from './doc-register-command.ts';
import { type DocListRequest, parseDocCommand, unansweredNotice } from './doc-request.ts';
import { DOC_RECEIVE_FORM_ID, docReceiveFormSpec } from './incoming-form.ts';
import type { DocListPage, DocViewer } from './lists.ts';
import { DOC_NEW_FORM_ID, docNewFormSpec } from './new-outgoing-form.ts';

type Option = { id: string; name: string; nameEn: string | null };

/** What the `doc` lists and registers need from the rest of the bot. */
export interface DocListDeps extends RegisterDeps {
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
}

/** What `doc` needs: the lists and registers, the drafting form's choices, and today's date. */
export interface DocCommandDeps {
  lists: DocListDeps;
  /** The unit's document types and departments, for the drafting form (organisation file). */
  formOptions: { docTypes: readonly Option[]; departments: readonly Option[] };
  /** Today in the unit's calendar, YYYY-MM-DD (the registration form's default date). */
  today(): string;
}

/** The `doc` command's own handler: every word no other feature's sub-command takes. */
export function docCommand(deps: DocCommandDeps): CommandHandler {
  return {
    command: 'doc',
    async handle(text, context) {
      const request = parseDocCommand(text);
      context.log.info({ sub: request.kind }, 'doc command');
      switch (request.kind) {
        case 'new':
          return formAnswer(
            DOC_NEW_FORM_ID,
            docNewFormSpec({
              docTypes: deps.formOptions.docTypes,
              departments: deps.formOptions.departments,
            }),
          );
        case 'receive':
          return formAnswer(DOC_RECEIVE_FORM_ID, docReceiveFormSpec({ today: deps.today() }));
        case 'list':
        case 'mine':
        case 'find':
          return answerList(request, deps.lists, context);
        case 'register':
          return answerRegister(request.args, deps.lists, context);
        default:
          // Help, or a sub-command whose feature does not answer here.
          return replyAnswer(buildDocHelpReply(context.locale, unansweredNotice(request)));
      }
    },
  };
}

async function answerList(
  request: Exclude<DocListRequest, { kind: 'register' }>,
  deps: DocListDeps,
  context: CommandContext,
): Promise<CommandAnswer> {
  const { locale } = context;
  if (request.kind === 'find' && request.words.length === 0) return textAnswer(t(locale, 'doc.find.usage'));
  return asPerson(context, async (actor) => {
    const viewer = await deps.viewerOf(actor.personId);
    const kind: DocListKind = request.kind === 'list' ? 'waiting' : request.kind;
    const page =
      request.kind === 'list'
        ? await deps.waitingOn(viewer.personId)
        : request.kind === 'mine'
          ? await deps.startedBy(viewer.personId)
          : await deps.find(viewer, request.words);
    const names = await deps.namesOf([...new Set(page.items.flatMap((item) => item.waitingOn))], locale);
    const reply = buildDocListReply({
      kind,
      locale,
      now: deps.now(),
      timeZone: deps.timeZone,
      page,
      names,
      kindLabelOf: deps.kindLabelOf,
      ...(request.kind === 'find' ? { words: request.words } : {}),
    });
    context.log.info({ list: kind, shown: page.items.length, total: page.total }, 'doc list answered');
    return replyAnswer(reply);
  });
}

const OpenValue = z.uuid();

/**
 * The 打开 button of a list row (and of an App Home row): the clicker's card of that item is
 * posted anew at the bottom of their direct conversation and the old copy points to it (through
 * the outbox). Authorised on the stored record: only someone who holds the item's card.
 */
export function docListOpenButton(
  deps: Pick<DocListDeps, 'viewerOf' | 'holdsCard' | 'repostCard'>,
): ButtonHandler {
  return {
    action: DOC_LIST_OPEN_ACTION,
    async press(value, context) {
      const instanceId = OpenValue.safeParse(value);
      if (!instanceId.success) {
        context.log.warn('list button with a bad value');
        return textAnswer(t(context.locale, 'error.invalid_payload'));
      }
      return asPerson(context, async (actor) => {
        const viewer = await deps.viewerOf(actor.personId);
        if (!(await deps.holdsCard(viewer.personId, instanceId.data))) {
          context.log.info({ instanceId: instanceId.data }, 'card repost refused: not a holder');
          return textAnswer(t(context.locale, 'doc.list.not_holder'));
        }
        await deps.repostCard(instanceId.data, viewer.personId);
        context.log.info({ instanceId: instanceId.data }, 'card repost asked');
        // In the direct conversation the card shows up right below; elsewhere say where it went.
        return context.inDirectConversation
          ? { kind: 'none' }
          : textAnswer(t(context.locale, 'doc.list.opened'));
      });
    },
  };
}
