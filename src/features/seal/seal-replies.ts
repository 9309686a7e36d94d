// What `/seal` answers, for every platform: the list of seals (with 报告遗失 on those the viewer
// may report lost), what a started request and a lifecycle change say, a seal out of use, the
// notes of a command that could not be read whole, and the register file's name.

import {
  joinRich,
  REPLY_LIMITS,
  type Reply,
  type ReplyBlock,
  type RichText,
  richT,
  strong,
  truncateText,
} from '../../chat/core/reply.ts';
import type { readSealCommand } from '../../domain/seal/seal-request.ts';
import { type Locale, t } from '../../shared/i18n.ts';

/** The actions of `/seal`'s reply buttons (unchanged ids, so buttons drawn before an upgrade still work). */
export const SEAL_ACTIONS = {
  /** 报告遗失 on a row of `/seal list`; the value is the seal's id. */
  reportLost: 'seal_report_lost',
} as const;

/** A seal's names, as the seal lists and commands have them. */
interface SealNames {
  name: string;
  nameEn: string | null;
}

/** A seal's name in `locale` (the Chinese one where it has no English one). */
export function sealNameOf(seal: SealNames, locale: Locale): string {
  return locale === 'en' ? (seal.nameEn ?? seal.name) : seal.name;
}

/** One row of `/seal list`, its labels already in the viewer's language. */
export interface SealListRow extends SealNames {
  id: string;
  custodian: string;
  /** The state's label (在用, 已停用…). */
  state: string;
  needsLeader: boolean;
}

/**
 * `/seal list`: a title and one paragraph per seal, with 报告遗失 beside the seals in `reportable`
 * (their custodian or owner, or the office head). The text lists every seal; the blocks as many as
 * a reply holds.
 */
export function sealListReply(
  locale: Locale,
  seals: readonly SealListRow[],
  reportable: ReadonlySet<string>,
): Reply {
  const title = strong(t(locale, 'seal.list.title'));
  const rows = seals.map((s) => listRow(locale, s));
  const blocks: ReplyBlock[] = [{ kind: 'section', text: [title] }];
  // The title takes one block.
  seals.slice(0, REPLY_LIMITS.blocks - 1).forEach((s, index) => {
    blocks.push({
      kind: 'section',
      text: rows[index] ?? [],
      ...(reportable.has(s.id)
        ? {
            button: {
              label: t(locale, 'seal.lost.button'),
              action: SEAL_ACTIONS.reportLost,
              value: s.id,
              style: 'danger' as const,
            },
          }
        : {}),
    });
  });
  return { text: joinRich([[title], ...rows.map((row) => ['• ', ...row])], '\n'), blocks };
}

function listRow(locale: Locale, seal: SealListRow): RichText {
  return richT(locale, 'seal.list.row', {
    name: sealNameOf(seal, locale),
    custodian: seal.custodian,
    state: seal.state,
    leader: seal.needsLeader ? t(locale, 'seal.list.needs_leader') : '',
  });
}

/** What the requester is told once their request is started. */
export function sealStartedText(
  locale: Locale,
  request: { title: string; sealName: string; copies: number; firstReviewer: string },
): RichText {
  return richT(locale, 'seal.started', {
    title: request.title,
    seal: request.sealName,
    copies: request.copies,
    person: request.firstReviewer,
  });
}

/** What a lifecycle change did: the seal, its state now (a label), and how many requests are on hold. */
export function sealChangedText(
  locale: Locale,
  done: { seal: SealNames; state: string; held: number },
): RichText {
  const text = richT(locale, 'seal.lifecycle.done', {
    seal: sealNameOf(done.seal, locale),
    state: done.state,
    held: done.held > 0 ? t(locale, 'seal.lifecycle.held', { count: done.held }) : '',
  });
  return trimEnd(text);
}

/** A seal out of use cannot be requested; each language names the seal and its state in its own words. */
export function sealUnavailableText(
  locale: Locale,
  seal: SealNames,
  stateLabel: (locale: Locale) => string,
): RichText {
  return richT(locale, 'error.seal_unavailable', {
    sealZh: seal.name,
    sealEn: seal.nameEn ?? seal.name,
    stateZh: stateLabel('zh'),
    stateEn: stateLabel('en'),
  });
}

/** The notes of a `/seal …` that could not be read whole (`word`: its first word), in `locale`. */
export function sealCommandNotes(
  reading: ReturnType<typeof readSealCommand>,
  word: string,
  locale: Locale,
): string[] {
  const shown = truncateText(word, 20);
  return reading.problems.map((problem) => {
    switch (problem) {
      case 'seal_unknown':
        return t(locale, 'seal.note.seal_unknown', { word: shown });
      case 'seal_ambiguous':
        return t(locale, 'seal.note.seal_ambiguous', {
          word: shown,
          seals: reading.candidates.map((c) => sealNameOf(c, locale)).join(locale === 'en' ? ', ' : '、'),
        });
      case 'copies_missing':
        return t(locale, 'seal.note.copies_missing');
      case 'copies_invalid':
        return t(locale, 'seal.note.copies_invalid', { max: 500 });
      case 'title_missing':
        return t(locale, 'seal.note.title_missing');
    }
    return '';
  });
}

/** The register file's name: 印章使用登记簿, then the seal and the month when asked for one. */
export function sealRegisterFilename(
  seal: { name: string } | undefined,
  month: { year: number; month: number } | null,
): string {
  const name = [
    '印章使用登记簿',
    ...(seal ? [seal.name] : []),
    ...(month ? [`${month.year}-${String(month.month).padStart(2, '0')}`] : []),
  ]
    .join('-')
    .replace(/[\\/:*?"<>|\s]+/g, '_');
  return `${name}.csv`;
}

/** `text` without the spaces it ends with (a message whose last placeholder was left empty). */
function trimEnd(text: RichText): RichText {
  const last = text.at(-1);
  if (typeof last !== 'string') return text;
  const trimmed = last.trimEnd();
  return trimmed === '' ? text.slice(0, -1) : [...text.slice(0, -1), trimmed];
}
