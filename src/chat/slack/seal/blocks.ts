// The `/seal` forms and messages: the request form (用印申请, pre-filled from what `/seal …` could
// read, with a note saying what it could not), the custodian's 已盖章 and 报告遗失 forms, all drawn
// from the feature's FormSpecs, and the list of seals. Fixed block and action ids (view.state.values
// is keyed by them); seal/submission.ts reads them back.

import type { types } from '@slack/bolt';
import {
  SEAL_CUSTODY_FIELDS,
  sealLostFormSpec,
  sealStampFormSpec,
} from '../../../features/seal/seal-custody-forms.ts';
import {
  SEAL_REQUEST_FIELDS,
  type SealFormInitial,
  type SealOption,
  sealRequestFormSpec,
} from '../../../features/seal/seal-request-form.ts';
import { type Locale, t } from '../../../shared/i18n.ts';
import { type ActionRef, encodeModalMetadata } from '../action-values.ts';
import { BLOCK_KIT_LIMITS } from '../blocks/limits.ts';
import { type Block, mrkdwn, plainText } from '../blocks/message.ts';
import { bold, escapeMrkdwn } from '../blocks/mrkdwn.ts';
import { renderSlackModal, type SlackFormBinding } from '../form-view.ts';
import { ACTION_IDS, BLOCK_IDS, CALLBACK_IDS } from '../ids.ts';

export type { SealFormInitial, SealOption } from '../../../features/seal/seal-request-form.ts';

/** Where the request form's fields sit in the modal (and `parseSealRequestSubmission` reads them). */
export const SEAL_REQUEST_BINDING: SlackFormBinding = {
  callbackId: CALLBACK_IDS.sealRequestModal,
  privateMetadata: '',
  noticeBlockIds: { problems: BLOCK_IDS.sealNotice },
  fields: {
    [SEAL_REQUEST_FIELDS.seal]: {
      blockId: BLOCK_IDS.sealSeal,
      actionId: ACTION_IDS.sealSealSelect,
      omitOptional: true,
    },
    [SEAL_REQUEST_FIELDS.title]: { blockId: BLOCK_IDS.sealTitle, actionId: ACTION_IDS.sealTitleInput },
    [SEAL_REQUEST_FIELDS.copies]: { blockId: BLOCK_IDS.sealCopies, actionId: ACTION_IDS.sealCopiesInput },
    [SEAL_REQUEST_FIELDS.purpose]: { blockId: BLOCK_IDS.sealPurpose, actionId: ACTION_IDS.sealPurposeInput },
    [SEAL_REQUEST_FIELDS.link]: { blockId: BLOCK_IDS.sealLink, actionId: ACTION_IDS.sealLinkInput },
    [SEAL_REQUEST_FIELDS.important]: {
      blockId: BLOCK_IDS.sealImportant,
      actionId: ACTION_IDS.sealImportantCheck,
    },
  },
};

/** The request form (用印申请): only seals in use are offered. */
export function buildSealRequestModal(input: {
  locale: Locale;
  seals: readonly SealOption[];
  initial?: SealFormInitial;
}): types.ModalView {
  return renderSlackModal(
    sealRequestFormSpec({ seals: input.seals, ...(input.initial ? { initial: input.initial } : {}) }),
    SEAL_REQUEST_BINDING,
    input.locale,
  );
}

/** Where the 已盖章 form's fields sit; the request's card ref rides in private_metadata. */
export function sealStampBinding(privateMetadata = ''): SlackFormBinding {
  return {
    callbackId: CALLBACK_IDS.sealStampModal,
    privateMetadata,
    fields: {
      [SEAL_CUSTODY_FIELDS.impressions]: {
        blockId: BLOCK_IDS.sealImpressions,
        actionId: ACTION_IDS.sealImpressionsInput,
      },
      [SEAL_CUSTODY_FIELDS.note]: {
        blockId: BLOCK_IDS.sealStampNote,
        actionId: ACTION_IDS.sealStampNoteInput,
      },
    },
  };
}

/** The custodian's 已盖章 form for the request `ref` points at. */
export function buildSealStampModal(input: { locale: Locale; ref: ActionRef }): types.ModalView {
  return renderSlackModal(
    sealStampFormSpec(),
    sealStampBinding(encodeModalMetadata(input.ref)),
    input.locale,
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
    { type: 'section', text: mrkdwn(bold(t(locale, 'seal.list.title'))) } as unknown as Block,
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

/** Where the 报告遗失 form's field sits; the seal's id rides in private_metadata. */
export function sealLostBinding(sealId = ''): SlackFormBinding {
  return {
    callbackId: CALLBACK_IDS.sealLostModal,
    privateMetadata: sealId,
    fields: {
      [SEAL_CUSTODY_FIELDS.note]: { blockId: BLOCK_IDS.sealLostNote, actionId: ACTION_IDS.sealLostNoteInput },
    },
  };
}

/** 报告遗失: what happened (required); submitting alerts the office head and the director at once. */
export function buildSealLostModal(input: {
  locale: Locale;
  sealId: string;
  sealName: string;
}): types.ModalView {
  return renderSlackModal(
    sealLostFormSpec({ sealName: input.sealName }),
    sealLostBinding(input.sealId),
    input.locale,
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
  return [bold(t(locale, 'seal.list.title')), ...rows.map((r) => `• ${r}`)].join('\n');
}
