import type { types, ViewOutput } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import {
  buildDocNewModal,
  DOC_NEW_FIELD_SLOTS,
  type DocNewModalInput,
} from '../../src/chat/slack/documents/new-blocks.ts';
import { ACTION_IDS, BLOCK_IDS, CALLBACK_IDS } from '../../src/chat/slack/ids.ts';
import { readSpecModal } from '../../src/chat/slack/spec-modal.ts';
import type { SlackViewStateValues } from '../../src/chat/slack/view-state.ts';
import type { NewOutgoingInput } from '../../src/features/documents/new-outgoing.ts';
import { docNewFormSpec, newOutgoingOfForm } from '../../src/features/documents/new-outgoing-form.ts';
import type { Locale } from '../../src/shared/i18n.ts';
import { blockKitProblems } from '../support/block-kit.ts';

/**
 * The `/doc new` modal's submission as Slack's form glue reads it: by the form's slots, checked by
 * its FormSpec offering the unit's lists, read by the feature; refusals by block.
 */
function parseDocNewSubmission(
  values: SlackViewStateValues | null | undefined,
  ctx: { docTypeIds: readonly string[]; departmentIds: readonly string[]; locale: Locale },
) {
  const asChoice = (id: string) => ({ id, name: id });
  const spec = docNewFormSpec({
    docTypes: ctx.docTypeIds.map(asChoice),
    departments: ctx.departmentIds.map(asChoice),
  });
  return readSpecModal(spec, DOC_NEW_FIELD_SLOTS, values, ctx.locale, newOutgoingOfForm);
}

const DOC_TYPES = [
  { id: 'office', name: '办发', nameEn: 'Office document' },
  { id: 'main', name: '发文', nameEn: null },
];
const DEPARTMENTS = [
  { id: 'office', name: '办公室', nameEn: 'General office' },
  { id: 'flood', name: '防汛科', nameEn: 'Flood control' },
  { id: 'finance', name: '财务科', nameEn: 'Finance' },
];
const CTX = {
  docTypeIds: DOC_TYPES.map((d) => d.id),
  departmentIds: DEPARTMENTS.map((d) => d.id),
  locale: 'zh' as Locale,
};

const FULL: NewOutgoingInput = {
  title: '关于做好2026年汛期安全工作的通知',
  docTypeId: 'main',
  direction: 'downward',
  urgency: 'urgent',
  secrecy: 'public',
  mainRecipients: '各乡镇水利站',
  copyTo: '县应急管理局',
  countersignDepartments: ['finance', 'flood'],
  draftLink: 'https://example.slack.com/files/U123/F456/draft.docx',
  copies: 30,
};

const MINIMAL: NewOutgoingInput = {
  title: '关于调整值班安排的通知',
  docTypeId: 'office',
  direction: 'upward',
  urgency: 'normal',
  secrecy: 'internal',
  mainRecipients: '县水利局',
  copyTo: null,
  countersignDepartments: [],
  draftLink: null,
  copies: null,
};

/** The form's fields in order: block id, action id, element type. */
const FIELDS = [
  [BLOCK_IDS.docNewTitle, ACTION_IDS.docNewTitleInput, 'plain_text_input'],
  [BLOCK_IDS.docNewDocType, ACTION_IDS.docNewDocTypeSelect, 'static_select'],
  [BLOCK_IDS.docNewDirection, ACTION_IDS.docNewDirectionSelect, 'static_select'],
  [BLOCK_IDS.docNewUrgency, ACTION_IDS.docNewUrgencySelect, 'static_select'],
  [BLOCK_IDS.docNewSecrecy, ACTION_IDS.docNewSecrecySelect, 'static_select'],
  [BLOCK_IDS.docNewMainRecipients, ACTION_IDS.docNewMainRecipientsInput, 'plain_text_input'],
  [BLOCK_IDS.docNewCopyTo, ACTION_IDS.docNewCopyToInput, 'plain_text_input'],
  [BLOCK_IDS.docNewCountersign, ACTION_IDS.docNewCountersignSelect, 'multi_static_select'],
  [BLOCK_IDS.docNewDraftLink, ACTION_IDS.docNewDraftLinkInput, 'plain_text_input'],
  [BLOCK_IDS.docNewCopies, ACTION_IDS.docNewCopiesInput, 'plain_text_input'],
] as const;

function build(extra: Partial<DocNewModalInput> = {}): types.ModalView {
  return buildDocNewModal({ locale: 'zh', docTypes: DOC_TYPES, departments: DEPARTMENTS, ...extra });
}

function inputs(view: types.ModalView): types.InputBlock[] {
  return view.blocks.filter((b): b is types.InputBlock => b.type === 'input');
}

function input(view: types.ModalView, blockId: string): types.InputBlock {
  const block = inputs(view).find((b) => b.block_id === blockId);
  if (!block) throw new Error(`no input ${blockId}`);
  return block;
}

type Json = Record<string, unknown>;

/**
 * What Slack would send as `view.state.values` if the form were submitted untouched: each input's
 * initial value, in Slack's shapes.
 */
function valuesFrom(view: types.ModalView): Record<string, Record<string, Json>> {
  const values: Record<string, Record<string, Json>> = {};
  for (const block of inputs(view)) {
    const el = block.element as unknown as Json & { type: string; action_id: string };
    let state: Json;
    if (el.type === 'plain_text_input') state = { value: el.initial_value ?? null };
    else if (el.type === 'static_select') state = { selected_option: el.initial_option ?? null };
    else if (el.type === 'multi_static_select') state = { selected_options: el.initial_options ?? [] };
    else throw new Error(`unexpected element ${el.type}`);
    values[block.block_id ?? ''] = { [el.action_id]: { type: el.type, ...state } };
  }
  return values;
}

/** The untouched form of `initial`, with some inputs then changed as a user would. */
function submitted(
  initial: Partial<NewOutgoingInput>,
  changes: {
    text?: Partial<Record<string, string>>;
    select?: Partial<Record<string, string | null>>;
    multi?: Partial<Record<string, string[]>>;
  } = {},
): Record<string, Record<string, Json>> {
  const values = valuesFrom(build({ initial }));
  const actionOf = (blockId: string) => FIELDS.find(([b]) => b === blockId)?.[1] ?? '';
  const at = (blockId: string) => {
    values[blockId] ??= {};
    const block = values[blockId];
    block[actionOf(blockId)] ??= {};
    return block[actionOf(blockId)] as Json;
  };
  for (const [blockId, value] of Object.entries(changes.text ?? {})) at(blockId).value = value;
  for (const [blockId, value] of Object.entries(changes.select ?? {})) {
    at(blockId).selected_option =
      value === null ? null : { text: { type: 'plain_text', text: value }, value };
  }
  for (const [blockId, ids] of Object.entries(changes.multi ?? {})) {
    at(blockId).selected_options = (ids ?? []).map((value) => ({
      text: { type: 'plain_text', text: value },
      value,
    }));
  }
  return values;
}

function errorsOf(values: SlackViewStateValues, locale: Locale = 'zh'): Record<string, string> {
  const result = parseDocNewSubmission(values, { ...CTX, locale });
  if (result.ok) throw new Error(`expected errors, got ${JSON.stringify(result.value)}`);
  return result.errors;
}

function parsed(values: SlackViewStateValues): NewOutgoingInput {
  const result = parseDocNewSubmission(values, CTX);
  if (!result.ok) throw new Error(`expected a value, got ${JSON.stringify(result.errors)}`);
  return result.value;
}

describe('the /doc new form', () => {
  it('has every input, in order, with its fixed block and action ids', () => {
    const view = build();
    expect(view.callback_id).toBe(CALLBACK_IDS.docNewModal);
    expect(view.callback_id).toBe('doc_new_modal');
    expect(
      inputs(view).map((b) => [b.block_id, (b.element as unknown as Json).action_id, b.element.type]),
    ).toEqual(FIELDS.map((f) => [...f]));
    for (const [blockId, actionId] of FIELDS) {
      expect(blockId.startsWith('doc_new_')).toBe(true);
      expect(actionId.startsWith('doc_new_')).toBe(true);
    }
  });

  it('requires the title, type, direction, urgency, secrecy and main recipients only', () => {
    const view = build();
    const required = inputs(view)
      .filter((b) => !b.optional)
      .map((b) => b.block_id);
    expect(required).toEqual([
      BLOCK_IDS.docNewTitle,
      BLOCK_IDS.docNewDocType,
      BLOCK_IDS.docNewDirection,
      BLOCK_IDS.docNewUrgency,
      BLOCK_IDS.docNewSecrecy,
      BLOCK_IDS.docNewMainRecipients,
    ]);
    expect((input(view, BLOCK_IDS.docNewTitle).element as types.PlainTextInput).max_length).toBe(200);
    expect((input(view, BLOCK_IDS.docNewMainRecipients).element as types.PlainTextInput).max_length).toBe(
      500,
    );
    expect((input(view, BLOCK_IDS.docNewCopyTo).element as types.PlainTextInput).max_length).toBe(500);
  });

  it('starts on the first document type, 平件 and 内部, with no direction chosen', () => {
    const view = build();
    const select = (blockId: string) => input(view, blockId).element as types.StaticSelect;
    expect(select(BLOCK_IDS.docNewDocType).options?.map((o) => o.value)).toEqual(['office', 'main']);
    expect(select(BLOCK_IDS.docNewDocType).initial_option?.value).toBe('office');
    expect(select(BLOCK_IDS.docNewDirection).options?.map((o) => o.value)).toEqual([
      'upward',
      'downward',
      'parallel',
    ]);
    expect(select(BLOCK_IDS.docNewDirection).initial_option).toBeUndefined();
    expect(select(BLOCK_IDS.docNewUrgency).options?.map((o) => o.value)).toEqual([
      'extra_urgent',
      'urgent',
      'normal',
    ]);
    expect(select(BLOCK_IDS.docNewUrgency).initial_option?.value).toBe('normal');
    expect(select(BLOCK_IDS.docNewSecrecy).initial_option?.value).toBe('internal');
    const copies = input(view, BLOCK_IDS.docNewCopies).element as types.PlainTextInput;
    expect(copies.initial_value).toBeUndefined();
  });

  it('offers only 公开 and 内部, and says classified documents are handled offline', () => {
    const block = input(build(), BLOCK_IDS.docNewSecrecy);
    const select = block.element as types.StaticSelect;
    expect(select.options?.map((o) => [o.value, o.text.text])).toEqual([
      ['public', '公开'],
      ['internal', '内部'],
    ]);
    expect(block.hint?.text).toContain('涉密文件（秘密及以上）不得在本系统拟稿，请线下办理');
    expect(input(build({ locale: 'en' }), BLOCK_IDS.docNewSecrecy).hint?.text).toMatch(/classified/i);
  });

  it('lets up to 10 departments countersign, with a hint, and leaves the input out without departments', () => {
    const block = input(build(), BLOCK_IDS.docNewCountersign);
    const select = block.element as types.MultiStaticSelect;
    expect(select.max_selected_items).toBe(10);
    expect(select.options?.map((o) => o.value)).toEqual(['office', 'flood', 'finance']);
    expect(block.hint?.text).toBe('文稿涉及其他部门职责时，由其负责人会签。');
    expect(inputs(build({ departments: [] })).some((b) => b.block_id === BLOCK_IDS.docNewCountersign)).toBe(
      false,
    );
  });

  it('labels everything in Chinese by default and in English for en', () => {
    const zh = build();
    expect(zh.title.text).toBe('拟稿发文');
    expect(zh.submit?.text).toBe('提交审核');
    expect(zh.close?.text).toBe('取消');
    expect(inputs(zh).map((b) => b.label.text)).toEqual([
      '标题',
      '发文类型',
      '行文方向',
      '紧急程度',
      '密级',
      '主送',
      '抄送',
      '会签部门',
      '文稿链接',
      '份数',
    ]);
    const zhOptions = (blockId: string) =>
      ((input(zh, blockId).element as types.StaticSelect).options ?? []).map((o) => o.text.text);
    expect(zhOptions(BLOCK_IDS.docNewDirection)).toEqual(['上行文', '下行文', '平行文']);
    expect(zhOptions(BLOCK_IDS.docNewUrgency)).toEqual(['特急', '加急', '平件']);
    expect(zhOptions(BLOCK_IDS.docNewDocType)).toEqual(['办发', '发文']);

    const en = build({ locale: 'en' });
    expect(en.title.text).toBe('New outgoing document');
    expect(en.submit?.text).toBe('Submit for review');
    expect(en.close?.text).toBe('Cancel');
    expect(inputs(en).map((b) => b.label.text)).toEqual([
      'Title',
      'Document type',
      'Direction',
      'Urgency',
      'Secrecy',
      'Main recipients',
      'Copy to',
      'Countersigning departments',
      'Link to the draft',
      'Copies',
    ]);
    const enOptions = (blockId: string) =>
      ((input(en, blockId).element as types.StaticSelect).options ?? []).map((o) => o.text.text);
    expect(enOptions(BLOCK_IDS.docNewDirection)).toEqual(['Upward', 'Downward', 'Parallel']);
    expect(enOptions(BLOCK_IDS.docNewSecrecy)).toEqual(['Public', 'Internal']);
    // A type without an English name keeps its Chinese one.
    expect(enOptions(BLOCK_IDS.docNewDocType)).toEqual(['Office document', '发文']);
  });

  describe.each(['zh', 'en'] as const)('in %s', (locale) => {
    it("stays within Slack's modal limits, even with long lists, names and texts", () => {
      const many = (prefix: string) =>
        Array.from({ length: 150 }, (_, i) => ({
          id: `${prefix}-${i}`,
          name: `${'很长的名称'.repeat(30)}${i}`,
        }));
      const long = 'x'.repeat(5000);
      const view = build({
        locale,
        docTypes: many('type'),
        departments: many('dept'),
        notice: long,
        initial: {
          title: long,
          mainRecipients: long,
          copyTo: long,
          draftLink: `https://example.com/${long}`,
          countersignDepartments: Array.from({ length: 30 }, (_, i) => `dept-${i}`),
        },
      });
      expect(blockKitProblems(view, 'view')).toEqual([]);
      for (const text of [view.title.text, view.submit?.text ?? '', view.close?.text ?? '']) {
        expect(text.length).toBeLessThanOrEqual(24);
      }
      const notice = view.blocks[0] as types.ContextBlock;
      expect(notice.type).toBe('context');
      expect((notice.elements[0] as types.MrkdwnElement).text.length).toBeLessThanOrEqual(3000);
      for (const block of inputs(view)) {
        expect(block.label.text.length).toBeLessThanOrEqual(2000);
        expect(block.hint?.text.length ?? 0).toBeLessThanOrEqual(2000);
        const el = block.element as unknown as Json & {
          placeholder?: { text: string };
          options?: types.PlainTextOption[];
          initial_options?: types.PlainTextOption[];
          max_length?: number;
          initial_value?: string;
          max_selected_items?: number;
        };
        expect(el.placeholder?.text.length ?? 0).toBeLessThanOrEqual(150);
        if (el.max_length !== undefined) {
          expect(el.max_length).toBeLessThanOrEqual(3000);
          expect(el.initial_value?.length ?? 0).toBeLessThanOrEqual(el.max_length);
        }
        expect(el.options?.length ?? 0).toBeLessThanOrEqual(100);
        for (const option of [...(el.options ?? []), ...(el.initial_options ?? [])]) {
          expect(option.text.text.length).toBeLessThanOrEqual(75);
          expect(option.value?.length ?? 0).toBeLessThanOrEqual(75);
        }
        if (el.initial_options) {
          expect(el.initial_options.length).toBeLessThanOrEqual(el.max_selected_items ?? 100);
          const offered = new Set(el.options?.map((o) => o.value));
          for (const o of el.initial_options) expect(offered.has(o.value)).toBe(true);
        }
      }
    });
  });

  it('shows a notice, escaped, above the inputs', () => {
    const view = build({ notice: '请先补全 <主送> & 标题' });
    expect(view.blocks[0]).toEqual({
      type: 'context',
      block_id: BLOCK_IDS.docNewNotice,
      elements: [{ type: 'mrkdwn', text: '请先补全 &lt;主送&gt; &amp; 标题' }],
    });
    expect(build().blocks[0]?.type).toBe('input');
  });

  it.each([
    ['every field', FULL],
    ['only the required fields', MINIMAL],
  ])(
    'keeps what was typed when re-opened (%s): parse(values of the built form) gives it back',
    (_, typed) => {
      const view = build({ initial: typed });
      expect(parsed(valuesFrom(view))).toEqual(typed);
      expect(parsed(valuesFrom(build({ locale: 'en', initial: typed })))).toEqual(typed);
    },
  );

  it('pre-fills each kind of input from initial', () => {
    const view = build({ initial: FULL });
    expect((input(view, BLOCK_IDS.docNewTitle).element as types.PlainTextInput).initial_value).toBe(
      FULL.title,
    );
    expect((input(view, BLOCK_IDS.docNewDirection).element as types.StaticSelect).initial_option?.value).toBe(
      'downward',
    );
    expect(
      (input(view, BLOCK_IDS.docNewCountersign).element as types.MultiStaticSelect).initial_options?.map(
        (o) => o.value,
      ),
    ).toEqual(['finance', 'flood']);
    expect((input(view, BLOCK_IDS.docNewCopies).element as types.PlainTextInput).initial_value).toBe('30');
  });

  it('pre-selects nothing it does not offer', () => {
    const view = build({ initial: { docTypeId: 'gone', countersignDepartments: ['gone', 'flood'] } });
    expect((input(view, BLOCK_IDS.docNewDocType).element as types.StaticSelect).initial_option?.value).toBe(
      'office',
    );
    expect(
      (input(view, BLOCK_IDS.docNewCountersign).element as types.MultiStaticSelect).initial_options?.map(
        (o) => o.value,
      ),
    ).toEqual(['flood']);
  });

  it('refuses to draw a form without any document type', () => {
    expect(() => build({ docTypes: [] })).toThrow(/document types/);
  });
});

describe('parsing a /doc new submission', () => {
  it('takes a good submission, trimming what was typed', () => {
    const values = submitted(FULL, {
      text: {
        [BLOCK_IDS.docNewTitle]: `  ${FULL.title}\u3000`,
        [BLOCK_IDS.docNewMainRecipients]: ' 各乡镇水利站 ',
        [BLOCK_IDS.docNewCopyTo]: '   ',
        [BLOCK_IDS.docNewDraftLink]: ' http://oa.example.gov.cn/draft/12 ',
        [BLOCK_IDS.docNewCopies]: ' 5 ',
      },
    });
    expect(parsed(values)).toEqual({
      ...FULL,
      copyTo: null,
      draftLink: 'http://oa.example.gov.cn/draft/12',
      copies: 5,
    });
  });

  it('accepts the values Bolt hands a view listener', () => {
    // A compile-time check as much as a run-time one: Bolt's type must fit the parser's.
    const values = submitted(FULL) as unknown as ViewOutput['state']['values'];
    expect(parseDocNewSubmission(values, CTX).ok).toBe(true);
  });

  it.each([
    ['missing', null],
    ['empty', ''],
    ['whitespace only', ' \u3000\t '],
  ])('refuses a %s title, under the title block', (_, title) => {
    const values = submitted(FULL);
    const titleState = values[BLOCK_IDS.docNewTitle]?.[ACTION_IDS.docNewTitleInput] as Json;
    titleState.value = title;
    expect(errorsOf(values)).toEqual({ [BLOCK_IDS.docNewTitle]: '请填写标题。' });
  });

  it('refuses a title over 200 characters but takes one of exactly 200', () => {
    const at = (n: number) => submitted(FULL, { text: { [BLOCK_IDS.docNewTitle]: '通'.repeat(n) } });
    expect(parsed(at(200)).title).toHaveLength(200);
    expect(errorsOf(at(201))[BLOCK_IDS.docNewTitle]).toContain('200');
  });

  it('refuses an unknown or missing document type under its block, without throwing', () => {
    expect(errorsOf(submitted(FULL, { select: { [BLOCK_IDS.docNewDocType]: 'forged' } }))).toEqual({
      [BLOCK_IDS.docNewDocType]: '请从列表中选择发文类型。',
    });
    expect(Object.keys(errorsOf(submitted(FULL, { select: { [BLOCK_IDS.docNewDocType]: null } })))).toEqual([
      BLOCK_IDS.docNewDocType,
    ]);
  });

  it('refuses a missing or unknown direction', () => {
    expect(Object.keys(errorsOf(submitted({ ...FULL, direction: undefined })))).toEqual([
      BLOCK_IDS.docNewDirection,
    ]);
    expect(
      Object.keys(errorsOf(submitted(FULL, { select: { [BLOCK_IDS.docNewDirection]: 'sideways' } }))),
    ).toEqual([BLOCK_IDS.docNewDirection]);
  });

  it('refuses 秘密 and above, and unknown urgencies', () => {
    const secret = errorsOf(submitted(FULL, { select: { [BLOCK_IDS.docNewSecrecy]: 'secret' } }));
    expect(Object.keys(secret)).toEqual([BLOCK_IDS.docNewSecrecy]);
    expect(secret[BLOCK_IDS.docNewSecrecy]).toContain('线下');
    expect(Object.keys(errorsOf(submitted(FULL, { select: { [BLOCK_IDS.docNewUrgency]: 'asap' } })))).toEqual(
      [BLOCK_IDS.docNewUrgency],
    );
  });

  it('refuses missing main recipients and over-long recipients', () => {
    expect(errorsOf(submitted(FULL, { text: { [BLOCK_IDS.docNewMainRecipients]: '  ' } }))).toEqual({
      [BLOCK_IDS.docNewMainRecipients]: '请填写主送单位。',
    });
    expect(
      Object.keys(errorsOf(submitted(FULL, { text: { [BLOCK_IDS.docNewCopyTo]: '单'.repeat(501) } }))),
    ).toEqual([BLOCK_IDS.docNewCopyTo]);
  });

  it.each([
    'not a url',
    'ftp://example.com/draft.docx',
    'javascript:alert(1)',
    'example.com/draft',
    'https://exa mple.com/x',
    'https://',
  ])('refuses the draft link %j', (link) => {
    expect(errorsOf(submitted(FULL, { text: { [BLOCK_IDS.docNewDraftLink]: link } }))).toEqual({
      [BLOCK_IDS.docNewDraftLink]: '请填写以 http:// 或 https:// 开头的网址。',
    });
  });

  it.each([
    ['１２', 12],
    ['12', 12],
    ['9999', 9999],
    ['1', 1],
    ['', null],
  ])('reads copies %j as %j', (typed, copies) => {
    expect(parsed(submitted(FULL, { text: { [BLOCK_IDS.docNewCopies]: typed } })).copies).toBe(copies);
  });

  it.each(['0', 'abc', '-3', '1.5', '10000', '1e3', '１２份'])('refuses copies %j', (typed) => {
    expect(errorsOf(submitted(FULL, { text: { [BLOCK_IDS.docNewCopies]: typed } }))).toEqual({
      [BLOCK_IDS.docNewCopies]: '份数应为 1 到 9999 之间的整数。',
    });
  });

  it('counts a department chosen twice once, keeping the order', () => {
    const values = submitted(FULL, {
      multi: { [BLOCK_IDS.docNewCountersign]: ['flood', 'finance', 'flood', 'finance'] },
    });
    expect(parsed(values).countersignDepartments).toEqual(['flood', 'finance']);
  });

  it('refuses an unknown department and more than 10', () => {
    expect(
      Object.keys(
        errorsOf(submitted(FULL, { multi: { [BLOCK_IDS.docNewCountersign]: ['flood', 'forged'] } })),
      ),
    ).toEqual([BLOCK_IDS.docNewCountersign]);
    const eleven = Array.from({ length: 11 }, (_, i) => `d${i}`);
    const result = parseDocNewSubmission(
      submitted(FULL, { multi: { [BLOCK_IDS.docNewCountersign]: eleven } }),
      { ...CTX, departmentIds: eleven },
    );
    expect(result).toEqual({
      ok: false,
      errors: { [BLOCK_IDS.docNewCountersign]: '会签部门最多选择 10 个。' },
    });
  });

  it('takes a form without the countersign input (no departments) as countersigning nobody', () => {
    const values = valuesFrom(build({ departments: [], initial: FULL }));
    expect(values[BLOCK_IDS.docNewCountersign]).toBeUndefined();
    expect(parsed(values).countersignDepartments).toEqual([]);
  });

  it('reports every offending block at once, each keyed by its block id', () => {
    const values = submitted(FULL, {
      text: {
        [BLOCK_IDS.docNewTitle]: ' ',
        [BLOCK_IDS.docNewDraftLink]: 'nope',
        [BLOCK_IDS.docNewCopies]: '0',
      },
      select: { [BLOCK_IDS.docNewDocType]: 'forged' },
    });
    expect(Object.keys(errorsOf(values)).sort()).toEqual(
      [
        BLOCK_IDS.docNewTitle,
        BLOCK_IDS.docNewDocType,
        BLOCK_IDS.docNewDraftLink,
        BLOCK_IDS.docNewCopies,
      ].sort(),
    );
  });

  it('writes its messages in English for en', () => {
    const values = submitted(
      { ...FULL, direction: undefined },
      {
        text: {
          [BLOCK_IDS.docNewTitle]: '',
          [BLOCK_IDS.docNewDraftLink]: 'nope',
          [BLOCK_IDS.docNewCopies]: 'abc',
        },
        select: { [BLOCK_IDS.docNewDocType]: 'forged' },
      },
    );
    expect(errorsOf(values, 'en')).toEqual({
      [BLOCK_IDS.docNewTitle]: 'Please enter a title.',
      [BLOCK_IDS.docNewDocType]: 'Choose a document type from the list.',
      [BLOCK_IDS.docNewDirection]: 'Choose a direction: upward, downward or parallel.',
      [BLOCK_IDS.docNewDraftLink]: 'Enter a web address starting with http:// or https://.',
      [BLOCK_IDS.docNewCopies]: 'Copies must be a whole number from 1 to 9999.',
    });
  });

  it('never throws on values of the wrong shape', () => {
    const odd = {
      [BLOCK_IDS.docNewTitle]: { [ACTION_IDS.docNewTitleInput]: { type: 'plain_text_input', value: 42 } },
      [BLOCK_IDS.docNewCountersign]: {
        [ACTION_IDS.docNewCountersignSelect]: { type: 'multi_static_select', selected_options: [null, 7] },
      },
      [BLOCK_IDS.docNewDocType]: null,
    } as unknown as SlackViewStateValues;
    expect(() => parseDocNewSubmission(odd, CTX)).not.toThrow();
    expect(parseDocNewSubmission(odd, CTX).ok).toBe(false);
    expect(parseDocNewSubmission(undefined, CTX).ok).toBe(false);
  });
});
