import { describe, expect, it } from 'vitest';
import { buildCard } from '../../src/chat/core/card.ts';
import { encodeItemRef, InvalidActionValueError, parseItemRef } from '../../src/chat/slack/action-values.ts';
import {
  ARCHIVE_HANDOFF_FIELD_SLOTS,
  buildDocArchiveModal,
  buildDocSignOffModal,
  SIGN_OFF_FIELD_SLOTS,
} from '../../src/chat/slack/documents/card-form-blocks.ts';
import { readSpecModal } from '../../src/chat/slack/spec-modal.ts';
import type { SlackViewStateValues } from '../../src/chat/slack/view-state.ts';
import { renderCardBlocks } from '../../src/chat/slack/workflow/card-blocks.ts';
import { INCOMING_DEFINITION } from '../../src/domain/documents/incoming.ts';
import { OUTGOING_DEFINITIONS, SIGN_OFF_STEP_IDS } from '../../src/domain/documents/outgoing.ts';
import type { WorkflowInstance } from '../../src/domain/workflow/types.ts';
import {
  archiveCardExtras,
  archiveCardFields,
  canHandOff,
  yearOf,
} from '../../src/features/documents/archive-handoff.ts';
import {
  archiveHandOffFormSpec,
  handOffOfForm,
  signOffFormSpec,
  signOffOfForm,
} from '../../src/features/documents/card-forms.ts';
import { distributionOf, splitRecipients } from '../../src/features/documents/outgoing-documents.ts';
import type { Locale } from '../../src/shared/i18n.ts';
import { blockKitProblems } from '../support/block-kit.ts';
import { text } from '../support/playground.ts';
import { assignment, step } from '../support/workflow-fixtures.ts';

/**
 * The sign-off and 归档 modals' submissions as Slack's form glue reads them: by the forms' slots,
 * checked by their FormSpecs (a sign-off's checks do not depend on the draft it was filled from).
 */
const parseDocSignOffSubmission = (values: SlackViewStateValues | null | undefined, locale: Locale) =>
  readSpecModal(
    signOffFormSpec({ mainRecipients: '', copyTo: null, copies: null }),
    SIGN_OFF_FIELD_SLOTS,
    values,
    locale,
    signOffOfForm,
  );
const parseDocArchiveSubmission = (values: SlackViewStateValues | null | undefined, locale: Locale) =>
  readSpecModal(archiveHandOffFormSpec(), ARCHIVE_HANDOFF_FIELD_SLOTS, values, locale, handOffOfForm);

const ID = '3f2b8c1e-6a4d-4f0b-9c2e-1d5a7b9e0f12';
const REF = { instanceId: ID, version: 7, action: 'approve' as const, form: 'director_signoff' };

const signOffValues = (values: { comment?: string; main?: string; copyTo?: string; copies?: string }) => ({
  doc_signoff_comment: { doc_signoff_comment_input: text(values.comment ?? '签发。') },
  doc_signoff_main: { doc_signoff_main_input: text(values.main ?? '县人民政府') },
  doc_signoff_copy_to: { doc_signoff_copy_to_input: text(values.copyTo ?? '') },
  doc_signoff_copies: { doc_signoff_copies_input: text(values.copies ?? '5') },
});

describe('the sign-off form (签发)', () => {
  it('is a step form of every sign-off step, which sets exactly the distribution', () => {
    for (const definition of OUTGOING_DEFINITIONS) {
      const signOff = definition.steps.filter((s) => (SIGN_OFF_STEP_IDS as readonly string[]).includes(s.id));
      expect(signOff).toHaveLength(1);
      expect(signOff[0]?.setsParams).toEqual(['mainRecipients', 'copyTo', 'copies']);
      // No other step may change the distribution.
      const others = definition.steps.filter((s) => s !== signOff[0]);
      expect(others.every((s) => !s.setsParams?.length)).toBe(true);
    }
  });

  it('opens as a loading view with nothing to send, then fills in from the draft', () => {
    const loading = buildDocSignOffModal({ locale: 'zh', ref: REF, draft: null });
    expect(loading.submit).toBeUndefined();
    expect(loading.blocks.some((b) => b.type === 'input')).toBe(false);
    expect(JSON.parse(loading.private_metadata ?? '')).toMatchObject({ i: ID, v: 7, a: 'approve' });

    const filled = buildDocSignOffModal({
      locale: 'zh',
      ref: REF,
      draft: { mainRecipients: '各乡镇人民政府', copyTo: '县应急管理局', copies: 30 },
    });
    expect(filled.submit?.text).toBe('签发');
    const initial = Object.fromEntries(
      filled.blocks
        .filter((b) => b.type === 'input')
        .map((b) => [
          b.block_id,
          (b as { element: { initial_value?: string } }).element.initial_value ?? null,
        ]),
    );
    expect(initial).toEqual({
      doc_signoff_comment: null,
      doc_signoff_main: '各乡镇人民政府',
      doc_signoff_copy_to: '县应急管理局',
      doc_signoff_copies: '30',
    });
    expect(blockKitProblems({ blocks: filled.blocks }, 'view')).toEqual([]);
  });

  it('reads the opinion and the distribution, full-width digits included', () => {
    expect(parseDocSignOffSubmission(signOffValues({ copyTo: '市水利局', copies: '１２' }), 'zh')).toEqual({
      ok: true,
      value: {
        comment: '签发。',
        params: { mainRecipients: '县人民政府', copyTo: '市水利局', copies: '12' },
      },
    });
  });

  it('clears a drafted 抄送 the leader emptied, instead of keeping it', () => {
    const parsed = parseDocSignOffSubmission(signOffValues({ copyTo: '   ' }), 'zh');
    expect(parsed.ok && parsed.value.params.copyTo).toBe('');
  });

  it('refuses a missing opinion, no recipients and a bad count on their own fields', () => {
    const parsed = parseDocSignOffSubmission(signOffValues({ comment: ' ', main: '', copies: '0' }), 'en');
    expect(parsed).toEqual({
      ok: false,
      errors: {
        doc_signoff_comment: expect.any(String),
        doc_signoff_main: expect.any(String),
        doc_signoff_copies: expect.stringContaining('9999'),
      },
    });
    for (const copies of ['', '三十', '10000', '1.5', '-1']) {
      const result = parseDocSignOffSubmission(signOffValues({ copies }), 'zh');
      expect(result.ok, copies).toBe(false);
    }
  });
});

describe('the distribution recorded at sending', () => {
  it('splits the recipients on the separators offices write, each unit once, in order', () => {
    expect(
      splitRecipients('各乡镇人民政府、县直各单位，县政府办公室（督查室）;\n县财政局、各乡镇人民政府'),
    ).toEqual(['各乡镇人民政府', '县直各单位', '县政府办公室（督查室）', '县财政局']);
    expect(splitRecipients('  ')).toEqual([]);
  });

  it('lists 主送 then 抄送 with their positions', () => {
    expect(
      distributionOf({ mainRecipients: '市水利局', copyTo: '县人民政府、县财政局', copies: '6' }),
    ).toEqual([
      { kind: 'main', recipient: '市水利局', position: 1 },
      { kind: 'copy', recipient: '县人民政府', position: 1 },
      { kind: 'copy', recipient: '县财政局', position: 2 },
    ]);
    expect(distributionOf({ mainRecipients: '市水利局', copyTo: '' })).toHaveLength(1);
  });
});

function finishedDoc(extra: Partial<WorkflowInstance> = {}): WorkflowInstance {
  return {
    id: ID,
    definitionId: OUTGOING_DEFINITIONS[0]?.id ?? '',
    definitionVersion: 1,
    requesterId: 'xu-hui',
    title: '关于申请2027年度水利建设资金的请示',
    reference: null,
    secrecy: 'internal',
    urgency: 'normal',
    status: 'approved',
    version: 9,
    currentStep: 0,
    steps: [step('dispatch', 'task', 'done', [assignment('zhou-jing', 'completed')])],
    params: { docNumber: '示水发〔2026〕1号' },
    createdAt: '2026-11-20T01:00:00.000Z',
    updatedAt: '2026-11-23T02:00:00.000Z',
    ...extra,
  };
}

describe('the archive hand-off on the card (归档)', () => {
  it('is offered to the secretary and the archivist on a finished document not yet handed over', () => {
    const doc = finishedDoc();
    expect(canHandOff(doc, ['secretary', 'seal_custodian'])).toBe(true);
    expect(canHandOff(doc, ['archivist'])).toBe(true);
    expect(canHandOff(doc, ['department_head'])).toBe(false);
    expect(canHandOff(doc, [])).toBe(false);
    expect(canHandOff({ ...doc, status: 'running' }, ['secretary'])).toBe(false);
    expect(canHandOff({ ...doc, status: 'rejected' }, ['secretary'])).toBe(false);
    expect(canHandOff({ ...doc, definitionId: 'generic_approval' }, ['secretary'])).toBe(false);
    expect(canHandOff({ ...doc, definitionId: INCOMING_DEFINITION.id }, ['archivist'])).toBe(true);
    const handed = {
      ...doc,
      params: { ...doc.params, archiveHandedAt: '2026-11-23T03:00:00.000Z', archiveRetention: '10y' },
    };
    expect(canHandOff(handed, ['secretary'])).toBe(false);
    expect(archiveCardFields('Asia/Shanghai')(handed, 'zh')).toEqual([
      { label: '归档', value: '已移交（定期10年）· 2026-11-23 11:00' },
    ]);
    expect(archiveCardFields('Asia/Shanghai')(doc, 'zh')).toEqual([]);
  });

  it('renders as a button carrying only the instance and the card version', () => {
    const doc = finishedDoc();
    const extraActions = archiveCardExtras(doc, { personId: 'zhou-jing', roles: ['secretary'] }, 'zh');
    const card = buildCard({
      instance: doc,
      viewerPersonId: 'zhou-jing',
      people: new Map(),
      kindLabel: { zh: '发文', en: 'Outgoing' },
      locale: 'zh',
      now: new Date('2026-11-24T00:00:00Z'),
      timeZone: 'Asia/Shanghai',
      extraActions,
    });
    const { blocks } = renderCardBlocks(card, 'zh');
    const buttons = blocks.flatMap(
      (b) => (b as { elements?: Array<Record<string, unknown>> }).elements ?? [],
    );
    const archive = buttons.find((e) => e.action_id === 'doc_archive');
    expect(archive).toMatchObject({ type: 'button', text: { text: '归档' } });
    expect(parseItemRef(archive?.value)).toEqual({ instanceId: ID, version: 9 });
    // The channel copy never carries it.
    const channelCopy = buildCard({
      instance: doc,
      viewerPersonId: null,
      people: new Map(),
      kindLabel: { zh: '发文', en: 'Outgoing' },
      locale: 'zh',
      now: new Date('2026-11-24T00:00:00Z'),
      timeZone: 'Asia/Shanghai',
      extraActions,
    });
    expect(channelCopy.extraActions).toEqual([]);
  });

  it('reads the archive form: a retention from the list, an http(s) link or nothing', () => {
    const values = (retention: string, link: string) => ({
      doc_archive_retention: {
        doc_archive_retention_select: { type: 'static_select', selected_option: { value: retention } },
      },
      doc_archive_final_text: { doc_archive_final_text_input: text(link) },
    });
    expect(parseDocArchiveSubmission(values('permanent', ''), 'zh')).toEqual({
      ok: true,
      value: { retention: 'permanent', finalTextLink: null },
    });
    expect(parseDocArchiveSubmission(values('10y', 'https://f.example.gov.cn/a.pdf'), 'zh')).toMatchObject({
      ok: true,
    });
    expect(parseDocArchiveSubmission(values('forever', ''), 'zh')).toMatchObject({
      ok: false,
      errors: { doc_archive_retention: expect.any(String) },
    });
    expect(parseDocArchiveSubmission(values('30y', 'file://c/a.doc'), 'zh')).toMatchObject({
      ok: false,
      errors: { doc_archive_final_text: expect.any(String) },
    });
    const modal = buildDocArchiveModal({ locale: 'en', ref: { instanceId: ID, version: 3 } });
    for (const block of modal.blocks.filter((b) => b.type === 'input')) {
      expect((block as { label: unknown }).label).toMatchObject({ type: 'plain_text' });
    }
    expect(parseItemRef(modal.private_metadata)).toEqual({ instanceId: ID, version: 3 });
    expect(blockKitProblems({ blocks: modal.blocks }, 'view')).toEqual([]);
  });

  it('refuses a button value that is not an item reference', () => {
    for (const raw of [
      undefined,
      '',
      'x',
      '{"i":"not-a-uuid","v":1}',
      JSON.stringify({ i: ID, v: 1, a: 'approve' }),
    ]) {
      expect(() => parseItemRef(raw), String(raw)).toThrow(InvalidActionValueError);
    }
    expect(parseItemRef(encodeItemRef({ instanceId: ID, version: 0 }))).toEqual({
      instanceId: ID,
      version: 0,
    });
  });

  it('finds the year in a document number', () => {
    expect(yearOf('示水办发〔2026〕12号')).toBe(2026);
    expect(yearOf('示水收上〔2025〕3号')).toBe(2025);
    expect(yearOf('市水安[2024]31号')).toBe(2024);
    expect(yearOf('3f2b8c1e')).toBeNull();
  });
});
