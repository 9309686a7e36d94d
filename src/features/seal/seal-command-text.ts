// The words after `/seal` (or after 用印 where commands are typed as text): a sub-command, or the
// request itself (`公章 3 标题`). Pure; never throws.

import type { SealLifecycleAction } from '../../domain/seal/seal-request.ts';

/** What the words after `/seal` ask for. */
export type SealCommand =
  | { kind: 'form' }
  | { kind: 'help' }
  | { kind: 'list' }
  | { kind: 'register'; args: string[] }
  | { kind: 'lifecycle'; action: SealLifecycleAction; seal: string; reason: string }
  | { kind: 'request'; text: string };

const LIFECYCLE_WORDS: Readonly<Record<string, SealLifecycleAction>> = {
  suspend: 'suspend',
  停用: 'suspend',
  resume: 'resume',
  恢复: 'resume',
  启用: 'resume',
  retire: 'retire',
  封存: 'retire',
  destroy: 'destroy',
  销毁: 'destroy',
  lost: 'lost',
  遗失: 'lost',
  报失: 'lost',
};

/** Reads the words after `/seal`: a sub-command, or the request itself (`公章 3 标题`). */
export function parseSealCommand(text: string): SealCommand {
  const words = text
    .replace(/\u3000/gu, ' ')
    .trim()
    .split(/\s+/u)
    .filter(Boolean);
  const first = (words[0] ?? '').toLowerCase();
  if (words.length === 0) return { kind: 'form' };
  if (['help', '帮助', '?', '？'].includes(first)) return { kind: 'help' };
  if (['list', '列表', '一览'].includes(first)) return { kind: 'list' };
  if (['register', '登记簿'].includes(first)) return { kind: 'register', args: words.slice(1, 5) };
  const action = LIFECYCLE_WORDS[first];
  // The reason and the request's title are kept as typed (full-width punctuation and spacing).
  if (action) return { kind: 'lifecycle', action, seal: words[1] ?? '', reason: textAfterWords(text, 2) };
  return { kind: 'request', text: text.trim() };
}

/** What follows the first `count` words of `text`, as typed (trimmed). */
function textAfterWords(text: string, count: number): string {
  const match = new RegExp(`^\\s*(?:\\S+\\s+){${count}}`, 'u').exec(text);
  return match ? text.slice(match[0].length).trim() : '';
}

/** `2026-11`, `2026年11月`, `202611` (full-width digits too) → a month; null otherwise. */
export function readMonth(word: string): { year: number; month: number } | null {
  const match = /^(\d{4})(?:[-/.年]?)(\d{1,2})月?$/u.exec(word.normalize('NFKC'));
  if (!match) return null;
  const year = Number(match[1]);
  const month = Number(match[2]);
  return year >= 2000 && year <= 2100 && month >= 1 && month <= 12 ? { year, month } : null;
}
