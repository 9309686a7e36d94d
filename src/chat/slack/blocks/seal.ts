// The `/seal` forms and messages: the request form (用印申请, pre-filled from what `/seal …` could
// read, with a note saying what it could not), the custodian's 已盖章 form, and the list of seals.
// Fixed block and action ids (view.state.values is keyed by them); seal-submission.ts parses them.

import type { types } from '@slack/bolt';
import { MAX_SEAL_COPIES } from '../../../domain/seal/seal-request.ts';
import { type Locale, type PlainMessageKey, t } from '../../../shared/i18n.ts';
import { type ActionRef, encodeModalMetadata } from '../action-values.ts';
import { ACTION_IDS, BLOCK_IDS, CALLBACK_IDS } from '../ids.ts';
import { textInput } from './inputs.ts';
import { BLOCK_KIT_LIMITS, truncateText } from './limits.ts';
import { type Block, mrkdwn, plainText } from './message.ts';
import { escapeMrkdwn } from './mrkdwn.ts';

/** A seal as the form offers it. */
export interface SealOption {
  id: string;
  name: string;
  nameEn: string | null;
}

/** What the form starts with (from `/seal …`), and the notes on what was missing. */
export interface SealFormInitial {
  sealId?: string | null;
  title?: string;
  copies?: number | null;
  notes?: string[];
}

const OPTIONS_MAX = 100;
const sealName = (seal: SealOption, locale: Locale) =>
  locale === 'en' ? (seal.nameEn ?? seal.name) : seal.name;

function modal(
  locale: Locale,
  callbackId: string,
  title: PlainMessageKey,
  submit: PlainMessageKey | null,
  blocks: Block[],
  metadata = '',
): types.ModalView {
  return {
    type: 'modal',
    callback_id: callbackId,
    private_metadata: metadata,
    title: plainText(truncateText(t(locale, title), BLOCK_KIT_LIMITS.modalTitle)),
    ...(submit ? { submit: plainText(truncateText(t(locale, submit), BLOCK_KIT_LIMITS.modalTitle)) } : {}),
    close: plainText(truncateText(t(locale, 'modal.close'), BLOCK_KIT_LIMITS.modalTitle)),
    blocks: blocks as types.ModalView['blocks'],
  };
}

/** The request form (用印申请): only seals in use are offered. */
export function buildSealRequestModal(input: {
  locale: Locale;
  seals: readonly SealOption[];
  initial?: SealFormInitial;
}): types.ModalView {
  const { locale, initial = {} } = input;
  const notes = initial.notes ?? [];
  const blocks: Block[] = [];
  if (notes.length > 0) {
    blocks.push({
      type: 'context',
      block_id: BLOCK_IDS.sealNotice,
      elements: [mrkdwn(truncateText(notes.map((n) => `⚠️ ${escapeMrkdwn(n)}`).join('\n'), 3000))],
    } as unknown as Block);
  }
  if (input.seals.length === 0) {
    blocks.push({
      type: 'section',
      text: plainText(t(locale, 'seal.field.none_usable')),
    } as unknown as Block);
    return modal(locale, CALLBACK_IDS.sealRequestModal, 'seal.modal.title', null, blocks);
  }
  const options = input.seals.slice(0, OPTIONS_MAX).map((s) => ({
    text: plainText(truncateText(sealName(s, locale), 75)),
    value: s.id,
  }));
  const chosen = options.find((o) => o.value === initial.sealId);
  blocks.push(
    {
      type: 'input',
      block_id: BLOCK_IDS.sealSeal,
      label: plainText(t(locale, 'seal.field.seal')),
      element: {
        type: 'static_select',
        action_id: ACTION_IDS.sealSealSelect,
        options,
        ...(chosen ? { initial_option: chosen } : {}),
      },
    } as unknown as Block,
    textInput(BLOCK_IDS.sealTitle, ACTION_IDS.sealTitleInput, t(locale, 'seal.field.title'), {
      max: 200,
      initial: initial.title ?? null,
    }),
    textInput(BLOCK_IDS.sealCopies, ACTION_IDS.sealCopiesInput, t(locale, 'seal.field.copies'), {
      max: 10,
      initial: initial.copies ? String(initial.copies) : null,
    }),
    textInput(BLOCK_IDS.sealPurpose, ACTION_IDS.sealPurposeInput, t(locale, 'seal.field.purpose'), {
      max: 500,
      multiline: true,
      optional: true,
    }),
    textInput(BLOCK_IDS.sealLink, ACTION_IDS.sealLinkInput, t(locale, 'seal.field.link'), {
      max: 1000,
      optional: true,
    }),
    {
      type: 'input',
      block_id: BLOCK_IDS.sealImportant,
      optional: true,
      label: plainText(t(locale, 'seal.field.important')),
      element: {
        type: 'checkboxes',
        action_id: ACTION_IDS.sealImportantCheck,
        options: [{ text: plainText(t(locale, 'seal.field.important_option')), value: 'important' }],
      },
    } as unknown as Block,
  );
  return modal(locale, CALLBACK_IDS.sealRequestModal, 'seal.modal.title', 'seal.modal.submit', blocks);
}

/** The custodian's 已盖章 form for the request `ref` points at. */
export function buildSealStampModal(input: { locale: Locale; ref: ActionRef }): types.ModalView {
  const { locale } = input;
  return modal(
    locale,
    CALLBACK_IDS.sealStampModal,
    'seal.stamp.title',
    'seal.stamp.submit',
    [
      { type: 'context', elements: [plainText(t(locale, 'seal.stamp.hint'))] } as unknown as Block,
      textInput(
        BLOCK_IDS.sealImpressions,
        ACTION_IDS.sealImpressionsInput,
        t(locale, 'seal.stamp.impressions'),
        {
          max: String(MAX_SEAL_COPIES).length + 4,
        },
      ),
      textInput(BLOCK_IDS.sealStampNote, ACTION_IDS.sealStampNoteInput, t(locale, 'seal.stamp.note'), {
        max: 500,
        multiline: true,
        optional: true,
      }),
    ],
    encodeModalMetadata(input.ref),
  );
}

/** `/seal list`: every seal with its custodian and state. */
/**
 * `/seal list` as blocks: one section per seal, with 报告遗失 on the seals the viewer may report
 * lost (their custodian or owner, or the office head). `text` is the notification fallback.
 */
export function buildSealListBlocks(
  locale: Locale,
  seals: ReadonlyArray<{
    id: string;
    name: string;
    nameEn: string | null;
    custodian: string;
    state: string;
    needsLeader: boolean;
  }>,
  reportable: ReadonlySet<string>,
): { text: string; blocks: Block[] } {
  const blocks: Block[] = [
    { type: 'section', text: mrkdwn(t(locale, 'seal.list.title')) } as unknown as Block,
  ];
  // A message holds at most 50 blocks; the title takes one.
  for (const s of seals.slice(0, BLOCK_KIT_LIMITS.blocksPerMessage - 1)) {
    const row = t(locale, 'seal.list.row', {
      name: escapeMrkdwn(locale === 'en' ? (s.nameEn ?? s.name) : s.name),
      custodian: escapeMrkdwn(s.custodian),
      state: s.state,
      leader: s.needsLeader ? t(locale, 'seal.list.needs_leader') : '',
    });
    blocks.push({
      type: 'section',
      text: mrkdwn(row),
      ...(reportable.has(s.id)
        ? {
            accessory: {
              type: 'button',
              action_id: ACTION_IDS.sealReportLost,
              value: s.id,
              style: 'danger',
              text: plainText(t(locale, 'seal.lost.button')),
            },
          }
        : {}),
    } as unknown as Block);
  }
  return { text: buildSealListText(locale, seals), blocks };
}

/** 报告遗失: what happened (required); submitting alerts the office head and the director at once. */
export function buildSealLostModal(input: {
  locale: Locale;
  sealId: string;
  sealName: string;
}): types.ModalView {
  const { locale } = input;
  return modal(
    locale,
    CALLBACK_IDS.sealLostModal,
    'seal.lost.title',
    'seal.lost.submit',
    [
      {
        type: 'section',
        text: mrkdwn(t(locale, 'seal.lost.hint', { seal: escapeMrkdwn(input.sealName) })),
      } as unknown as Block,
      textInput(BLOCK_IDS.sealLostNote, ACTION_IDS.sealLostNoteInput, t(locale, 'seal.lost.note'), {
        max: 500,
        multiline: true,
      }),
    ],
    input.sealId,
  );
}

export function buildSealListText(
  locale: Locale,
  seals: ReadonlyArray<{
    name: string;
    nameEn: string | null;
    custodian: string;
    state: string;
    needsLeader: boolean;
  }>,
): string {
  const rows = seals.map((s) =>
    t(locale, 'seal.list.row', {
      name: escapeMrkdwn(locale === 'en' ? (s.nameEn ?? s.name) : s.name),
      custodian: escapeMrkdwn(s.custodian),
      state: s.state,
      leader: s.needsLeader ? t(locale, 'seal.list.needs_leader') : '',
    }),
  );
  return [t(locale, 'seal.list.title'), ...rows.map((r) => `• ${r}`)].join('\n');
}
