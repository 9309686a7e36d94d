// What the words after `doc` ask for. The documents feature answers most of them; `approve`,
// `report` and `reminders` are other features' sub-commands, read here too so that, where their
// feature does not answer them, the help says so as it always did.

import { parseFindWords } from './lists.ts';

/**
 * Sub-commands of `doc` that may be announced as coming soon: `receive`, and the others when the
 * bot has nothing behind them. `doc` alone (or `list`, 待办) lists what waits on me.
 */
export const DOC_SUBCOMMANDS = [
  'new',
  'receive',
  'mine',
  'find',
  'register',
  'help',
  'report',
  'reminders',
] as const;

/** A known `doc` sub-command. */
export type DocSubcommand = (typeof DOC_SUBCOMMANDS)[number];

/** Why the help is shown instead of what the person asked for. */
export type HelpNotice =
  | { kind: 'unknown_subcommand'; input: string }
  | { kind: 'coming_soon'; subcommand: DocSubcommand };

/** A list or register request. */
export type DocListRequest =
  | { kind: 'list' }
  | { kind: 'mine' }
  | { kind: 'find'; words: string[] }
  | { kind: 'register'; args: string[] };

/**
 * What a `doc` invocation asks for: help (with a notice for what is not built yet), a generic
 * approval, the drafting or registration form, the report, the reminders, or a list or register.
 */
export type DocRequest =
  | { kind: 'help'; notice?: HelpNotice }
  | { kind: 'approve'; title: string }
  | { kind: 'new' }
  | { kind: 'receive' }
  | { kind: 'report'; args: string[] }
  | { kind: 'reminders' }
  | DocListRequest;

/** The spellings of the sub-commands other features answer (their handlers claim them). */
export const APPROVE_WORDS = ['approve', '审批'] as const;
export const REPORT_WORDS = ['report', '通报'] as const;
export const REMINDER_WORDS = ['reminders', 'reminder', '提醒'] as const;

const HELP_WORDS = new Set(['help', '帮助', '?', '？']);
const LIST_WORDS = new Set(['', 'list', '待办']);
const MINE_WORDS = new Set(['mine', '我的']);
const FIND_WORDS = new Set(['find', '查找', '查询']);
const REGISTER_WORDS = new Set(['register', '登记簿']);
const NEW_WORDS = new Set(['new', '拟稿', '发文']);
const RECEIVE_WORDS = new Set(['receive', '收文']);
/** More words than a register takes (direction, year, department, state) are read as a mistake. */
const MAX_REGISTER_ARGS = 8;

const WORD_GAP = /[\s\u3000]+/u;

/** The words of `text` (full-width spaces separate words as well as ASCII ones). */
export function wordsOf(text: string): string[] {
  return text.split(WORD_GAP).filter(Boolean);
}

/** Reads the text after `doc` into a request. Pure. */
export function parseDocCommand(text: string): DocRequest {
  const trimmed = text.replace(/^[\s\u3000]+|[\s\u3000]+$/gu, '');
  const first = trimmed.split(WORD_GAP)[0] ?? '';
  const word = first.toLowerCase();
  const rest = trimmed.slice(first.length);
  if (HELP_WORDS.has(word)) return { kind: 'help' };
  if (LIST_WORDS.has(word)) return { kind: 'list' };
  if (MINE_WORDS.has(word)) return { kind: 'mine' };
  if (FIND_WORDS.has(word)) return { kind: 'find', words: parseFindWords(rest) };
  if (REGISTER_WORDS.has(word)) return { kind: 'register', args: wordsOf(rest).slice(0, MAX_REGISTER_ARGS) };
  if ((REPORT_WORDS as readonly string[]).includes(word)) return { kind: 'report', args: wordsOf(rest) };
  if ((REMINDER_WORDS as readonly string[]).includes(word)) return { kind: 'reminders' };
  if (NEW_WORDS.has(word)) return { kind: 'new' };
  if (RECEIVE_WORDS.has(word)) return { kind: 'receive' };
  if ((APPROVE_WORDS as readonly string[]).includes(word)) return { kind: 'approve', title: rest.trim() };
  if ((DOC_SUBCOMMANDS as readonly string[]).includes(word)) {
    return { kind: 'help', notice: { kind: 'coming_soon', subcommand: word as DocSubcommand } };
  }
  return { kind: 'help', notice: { kind: 'unknown_subcommand', input: text.trim() } };
}

/**
 * The help notice for a request nothing answers (a bot without the feature behind it): lists
 * fall back to the help, the rest are announced as coming soon.
 */
export function unansweredNotice(request: DocRequest): HelpNotice | undefined {
  if (request.kind === 'help') return request.notice;
  if (request.kind === 'list' || request.kind === 'approve') return undefined;
  return { kind: 'coming_soon', subcommand: request.kind };
}
