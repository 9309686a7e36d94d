// Commands and reply buttons, for every platform. A feature declares its commands (`seal`, with
// the words people type for it where there are no slash commands: `用印`) and the buttons its
// replies carry; each takes the text or the button's value with who asks, and answers: a reply
// shown to that person only, a form to open, or nothing. Each platform's adapter acknowledges its
// event, resolves the person once, calls the handler through {@link runCommand} or
// {@link pressButton}, and draws the answer its own way: a Slack ephemeral message or modal; a
// DingTalk or WeCom message, and a web-form link for a form.

import type { Actor } from '../../org/chat-accounts.ts';
import { isAppError } from '../../shared/errors.ts';
import type { Locale } from '../../shared/i18n.ts';
import type { Logger } from '../../shared/logger.ts';
import type { WebFormLinker } from './adapter.ts';
import { appErrorText, newReferenceId } from './flow.ts';
import type { FormSpec } from './form-spec.ts';
import { catalogRich, link, type Reply, type RichText, richT } from './reply.ts';

/** Who asks, where, in which language: what an adapter resolves once per request. */
export interface CommandContext {
  /** The chat workspace (tenant) the request came from; null where the platform does not say. */
  workspaceId: string | null;
  /** The directory person asking; null when their chat account is linked to nobody. */
  actor: Actor | null;
  locale: Locale;
  /**
   * What makes the request one: delivered twice (or sent twice by the person), it has the same
   * key, and whatever it starts is started once.
   */
  dedupeKey: string;
  log: Logger;
  /**
   * Where a command sends more than its one answer (a note that a long job started, a report and
   * its files in the person's direct conversation); absent where the platform cannot.
   */
  direct?: DirectChannel;
  /**
   * The request came from the person's direct conversation with the bot, where what a button
   * posts anew shows up by itself (so an answer saying where it went would only repeat it).
   */
  inDirectConversation?: boolean;
}

/** A file a command sends the person (a register, a chart). */
export interface SentFile {
  name: string;
  content: Buffer;
}

/** What a command sends the person asking, besides its answer. */
export interface DirectChannel {
  /** Shows `text` to the person now, before the answer (that a report is being drawn up). */
  note(text: RichText): Promise<void>;
  /** Posts `reply` in the person's direct conversation with the bot. */
  post(reply: Reply): Promise<void>;
  /** Sends `files` in one message to the person's direct conversation, with `comment` above them. */
  sendFiles(files: readonly SentFile[], comment: string): Promise<void>;
}

/** A form a command or a button opens: which, drawn as what, and what it is about. */
export interface FormToOpen {
  /** The form's id (its FormSpec's): the web form of that id, and the platform's modal of it. */
  formId: string;
  spec: FormSpec;
  /**
   * What the form is about (a seal's id, an archive entry's), carried with it to its submission:
   * a modal's metadata, a web-form link's params.
   */
  params: Readonly<Record<string, string>>;
}

/** A file made for the person who asked (an export), sent to them alone with a line saying what it is. */
export interface FileToSend {
  filename: string;
  content: Buffer;
  comment: RichText;
}

/** What a command or a button is answered with. */
export type CommandAnswer =
  /**
   * A reply only the person sees (an ephemeral message, or a direct message). `replaces`: the
   * reply takes the place of the message whose button was pressed (a list's next page), where the
   * platform can; elsewhere it is a new message.
   */
  | { kind: 'reply'; reply: Reply; replaces?: true }
  /** A refusal or a failure: shown like a reply, as an error. */
  | { kind: 'error'; text: RichText }
  /** A form to fill in. */
  | { kind: 'form'; form: FormToOpen }
  /** A file for the person alone (their direct conversation with the bot). */
  | { kind: 'file'; file: FileToSend }
  /** The person's chat account is linked to nobody: the adapter says so in its own words. */
  | { kind: 'not_linked' }
  /** Nothing to show (what was asked arrives by itself: a card, a file sent later). */
  | { kind: 'none' };

/**
 * A command a feature answers, or one sub-command of a command that several features share
 * (`doc report` is the reports feature's, `doc new` the documents feature's).
 */
export interface CommandHandler {
  /** The command's name (`seal`): Slack's `/seal`, and the first word typed where there are no slash commands. */
  command: string;
  /**
   * The sub-command this handler takes: the first word after the command, in any of these spellings
   * (`report`, `通报`); without them, the handler takes what no sub-command handler takes.
   */
  subcommands?: readonly string[];
  /**
   * Words that name this handler by themselves where commands are typed as text (`用印` for
   * `seal`, `收文` for `doc receive`); what follows them is the handler's text.
   */
  words?: readonly string[];
  /**
   * Offered only where commands are typed as text (its words, or its name as the first word):
   * a platform whose commands are declared ahead of time (Slack's slash commands, in its app
   * manifest) registers none for it. For a command that answers what the platform already shows
   * another way (the person's work, on Slack's App Home).
   */
  textOnly?: true;
  /** Answers the text after the command (and its sub-command). An AppError thrown is a refusal in its own words. */
  handle(text: string, context: CommandContext): Promise<CommandAnswer>;
}

/** A button a feature's replies carry. */
export interface ButtonHandler {
  /** The neutral action its buttons name ({@link ReplyButton.action}). */
  action: string;
  /** Answers a press with the button's value. An AppError thrown is a refusal in its own words. */
  press(value: string, context: CommandContext): Promise<CommandAnswer>;
}

/** A reply answer. */
export function replyAnswer(reply: Reply): CommandAnswer {
  return { kind: 'reply', reply };
}

/** A reply answer of text alone. */
export function textAnswer(text: RichText | string): CommandAnswer {
  return { kind: 'reply', reply: { text: typeof text === 'string' ? [text] : text, blocks: [] } };
}

/** A form answer. */
export function formAnswer(
  formId: string,
  spec: FormSpec,
  params: Readonly<Record<string, string>> = {},
): CommandAnswer {
  return { kind: 'form', form: { formId, spec, params } };
}

/** A file answer. */
export function fileAnswer(file: FileToSend): CommandAnswer {
  return { kind: 'file', file };
}

/**
 * Runs `work` as the person asking: the not-linked answer for someone linked to nobody, so a
 * feature says it in one line.
 */
export async function asPerson(
  context: CommandContext,
  work: (actor: Actor) => Promise<CommandAnswer>,
): Promise<CommandAnswer> {
  if (context.actor === null) return { kind: 'not_linked' };
  return work(context.actor);
}

/**
 * Answers a command: the handler's answer, an AppError's own words as an error, or for anything
 * unexpected an apology with the reference of the one log line that records it. Never throws.
 */
export async function runCommand(
  handler: CommandHandler,
  text: string,
  context: CommandContext,
): Promise<CommandAnswer> {
  context.log.info({ command: handler.command, sub: handler.subcommands?.[0] }, 'command');
  return answered(() => handler.handle(text, context), context);
}

/** Answers a button's press, as {@link runCommand} answers a command. Never throws. */
export async function pressButton(
  handler: ButtonHandler,
  value: string,
  context: CommandContext,
): Promise<CommandAnswer> {
  return answered(() => handler.press(value, context), context);
}

async function answered(work: () => Promise<CommandAnswer>, context: CommandContext): Promise<CommandAnswer> {
  try {
    return await work();
  } catch (error) {
    if (isAppError(error)) {
      context.log.warn({ err: error, code: error.code }, 'request refused');
      return { kind: 'error', text: catalogRich(appErrorText(context.locale, error)) };
    }
    const ref = newReferenceId();
    context.log.error({ err: error, ref }, 'command failed');
    return { kind: 'error', text: richT(context.locale, 'error.unexpected', { ref }) };
  }
}

/** The handler of `command` for `text` (its sub-command's, else the command's own) and the text it takes. */
export function routeCommand(
  handlers: readonly CommandHandler[],
  command: string,
  text: string,
): { handler: CommandHandler; rest: string } | null {
  const name = command.toLowerCase();
  const { word, rest } = splitFirstWord(text);
  const lower = word.toLowerCase();
  const sub = handlers.find(
    (h) => h.command === name && (h.subcommands ?? []).some((spelling) => spelling.toLowerCase() === lower),
  );
  if (sub) return { handler: sub, rest };
  const own = handlers.find((h) => h.command === name && h.subcommands === undefined);
  return own ? { handler: own, rest: text.trim() } : null;
}

/**
 * The handler `text` names where commands are typed as text: its first word, with or without a
 * leading slash, is a command's name (then routed as {@link routeCommand}) or a handler's word.
 * Null when no command is named.
 */
export function commandOfText(
  handlers: readonly CommandHandler[],
  text: string,
): { handler: CommandHandler; rest: string } | null {
  const { word, rest } = splitFirstWord(text.trim().replace(/^[/／]/u, ''));
  const lower = word.toLowerCase();
  const named = handlers.find((h) => (h.words ?? []).some((w) => w.toLowerCase() === lower));
  // A word for a whole command (`查档`) takes its sub-commands as the command's name would (`查档 add`).
  if (named)
    return named.subcommands === undefined
      ? routeCommand(handlers, named.command, rest)
      : { handler: named, rest };
  return handlers.some((h) => h.command === lower) ? routeCommand(handlers, lower, rest) : null;
}

/**
 * Answers `text` typed after the command `command` (Slack's `/doc …`): its handler's answer, or,
 * when the command has no handler of its own and the first word is none of its sub-commands, the
 * sub-commands it has. Never throws.
 */
export async function answerCommand(
  handlers: readonly CommandHandler[],
  command: string,
  text: string,
  context: CommandContext,
): Promise<CommandAnswer> {
  const route = routeCommand(handlers, command, text);
  if (route) return runCommand(route.handler, route.rest, context);
  const subs = handlers
    .filter((h) => h.command === command)
    .map((h) => `${command} ${h.subcommands?.[0] ?? ''}`.trim());
  return {
    kind: 'error',
    text: richT(context.locale, 'command.unknown', {
      commands: subs.join(context.locale === 'en' ? ', ' : '、'),
    }),
  };
}

/**
 * Answers a message typed to the bot where commands are typed as text (`用印 公章 3 …`, `/seal …`,
 * `seal …`): the command it names, or what the bot can do when it names none. Never throws.
 * `named` is {@link commandOfText} of `text`, for a caller that has read it already.
 */
export async function answerTypedText(
  handlers: readonly CommandHandler[],
  text: string,
  context: CommandContext,
  named: { handler: CommandHandler; rest: string } | null = commandOfText(handlers, text),
): Promise<CommandAnswer> {
  if (named) return runCommand(named.handler, named.rest, context);
  const { word } = splitFirstWord(text.trim().replace(/^[/／]/u, ''));
  const command = word.toLowerCase();
  if (handlers.some((h) => h.command === command)) return answerCommand(handlers, command, '', context);
  const words = handlers.flatMap((h) => h.words?.[0] ?? []);
  const names = commandNames(handlers);
  return {
    kind: 'reply',
    reply: {
      text: richT(context.locale, 'command.help', {
        words: words.join(context.locale === 'en' ? ', ' : '、'),
        commands: names.join(context.locale === 'en' ? ', ' : '、'),
      }),
      blocks: [],
    },
  };
}

/** The commands' names, each once, in the handlers' order. */
export function commandNames(handlers: readonly CommandHandler[]): string[] {
  return [...new Set(handlers.map((h) => h.command))];
}

function splitFirstWord(text: string): { word: string; rest: string } {
  const match = /^\s*(\S+)\s*([\s\S]*)$/u.exec(text);
  return match ? { word: match[1] ?? '', rest: (match[2] ?? '').trim() } : { word: '', rest: '' };
}

/** What a platform without modals needs to offer a form: a link to its web page, where it has one. */
export interface WebFormOffer {
  /** Makes the person's signed link to a web form; null when the bot serves no web forms. */
  linkFor: WebFormLinker | null;
  /** Whether the bot serves `formId` on the web. */
  hasForm(formId: string): boolean;
}

/**
 * An answer as a platform without modals shows it: a form becomes a reply with the person's
 * signed link to the same form on the bot's web page (or says it cannot be opened here), and the
 * not-linked answer becomes its reply in the person's language. A reply, an error and nothing stay.
 */
export function answerWithoutModals(
  answer: CommandAnswer,
  input: { personId: string | null; locale: Locale; forms: WebFormOffer },
): Exclude<CommandAnswer, { kind: 'form' } | { kind: 'not_linked' }> {
  switch (answer.kind) {
    case 'not_linked':
      return { kind: 'error', text: richT(input.locale, 'wf.not_linked') };
    case 'form': {
      const { formId, params } = answer.form;
      const { linkFor } = input.forms;
      if (linkFor === null || input.personId === null || !input.forms.hasForm(formId)) {
        return { kind: 'error', text: richT(input.locale, 'form.unavailable') };
      }
      const url = linkFor({ personId: input.personId, formId, params });
      return {
        kind: 'reply',
        reply: { text: richT(input.locale, 'form.web_link', { url: link(url, url) }), blocks: [] },
      };
    }
    default:
      return answer;
  }
}
