// Short forms of choices as WeCom selection cards: which forms fit (up to three selects of up to ten
// options → multiple_interaction; one multiple choice of up to twenty, or one select of more than
// ten → vote_interaction; anything with a text, number, date or person field, more choices, or a
// select that may be left empty keeps its link), how the card is drawn within WeCom's limits, the
// submit key read back, and a submit's SelectedItems read from its callback XML into the form's
// input. The stand-in refuses a selection card that breaks WeCom's limits, as WeCom does.

import { afterEach, describe, expect, it } from 'vitest';
import type { FormField, FormSpec } from '../../src/chat/core/form-spec.ts';
import { createWeComApi } from '../../src/chat/wecom/api.ts';
import {
  readCallbackXml,
  readSelectedItems,
  writeCallbackXml,
  writeSelectedItems,
} from '../../src/chat/wecom/callback-xml.ts';
import {
  encodeSubmitKey,
  parseSubmitKey,
  renderSelectionCard,
  SELECTION_CARD_LIMITS,
  selectionCardKindOf,
  selectionInputOf,
} from '../../src/chat/wecom/card/selection-card.ts';
import { startWeComStandIn, type WeComStandIn } from '../../src/chat/wecom/stand-in/stand-in.ts';
import { createWeComTokenSource } from '../../src/chat/wecom/token.ts';
import { eventKeyOf } from '../../src/chat/wecom/wecom-adapter.ts';

const options = (count: number, prefix = 'o') =>
  Array.from({ length: count }, (_, i) => ({
    value: `${prefix}${i + 1}`,
    label: { zh: `选项${i + 1}`, en: `Option ${i + 1}` },
  }));

const select = (id: string, count: number, extra: Partial<FormField> = {}): FormField =>
  ({
    id,
    kind: 'select',
    label: { zh: `问题${id}`, en: `Question ${id}` },
    required: true,
    options: options(count),
    ...extra,
  }) as FormField;

const ticks = (id: string, count: number, extra: Partial<FormField> = {}): FormField =>
  ({
    id,
    kind: 'checkbox',
    label: { zh: '到场人员', en: 'Present' },
    required: true,
    options: options(count),
    ...extra,
  }) as FormField;

const form = (fields: FormField[], extra: Partial<FormSpec> = {}): FormSpec => ({
  id: 'test.form',
  title: { zh: '会议签到登记', en: 'Sign-in' },
  submitLabel: { zh: '签到', en: 'Sign in' },
  notices: [{ kind: 'note', lines: [{ text: '请勾选到场的人员。' }] }],
  fields,
  ...extra,
});

const key = { formId: 'meeting.signin', params: { i: '0d6f1a52-6a1c-4d35-9d0e-2b8a1f0c6e11', w: 'ww1' } };

describe('which forms fit on a WeCom selection card', () => {
  it.each([
    ['one select of ten options', [select('a', 10)], 'multiple_interaction'],
    ['three selects', [select('a', 2), select('b', 3), select('c', 10)], 'multiple_interaction'],
    [
      'an optional select with an option chosen first',
      [select('a', 3, { required: false, initial: 'o2' })],
      'multiple_interaction',
    ],
    ['one checkbox of twenty options', [ticks('p', 20)], 'vote_interaction'],
    ['one multi-select', [ticks('p', 5, { kind: 'multi_select' })], 'vote_interaction'],
    ['one select of twenty options (a single-choice vote)', [select('a', 20)], 'vote_interaction'],
  ] as const)('draws %s', (_what, fields, kind) => {
    expect(selectionCardKindOf(form([...fields]))).toBe(kind);
  });

  it.each([
    ['four selects', [select('a', 2), select('b', 2), select('c', 2), select('d', 2)]],
    ['two selects, one of eleven options', [select('a', 2), select('b', 11)]],
    ['a checkbox of twenty-one options', [ticks('p', 21)]],
    ['a select and a checkbox', [select('a', 2), ticks('p', 3)]],
    ['two checkboxes', [ticks('p', 2), ticks('q', 2)]],
    ['an optional select nothing is chosen in first', [select('a', 3, { required: false })]],
    [
      'a select beside a text field',
      [
        select('a', 2),
        { id: 't', kind: 'text', label: { text: '意见' }, required: false, maxLength: 50 } as FormField,
      ],
    ],
    [
      'a person field',
      [
        {
          id: 'who',
          kind: 'person',
          label: { text: '委派' },
          required: true,
          options: options(3),
        } as FormField,
      ],
    ],
    [
      'an option id over 128 bytes',
      [select('a', 2, { options: [{ value: 'x'.repeat(129), label: { text: 'x' } }] })],
    ],
    ['repeated option ids', [select('a', 2, { options: [...options(1), ...options(1)] })]],
    ['no options', [ticks('p', 0)]],
  ] as const)('keeps the link for %s', (_what, fields) => {
    expect(selectionCardKindOf(form([...fields]))).toBeNull();
    expect(renderSelectionCard(form([...fields]), 'zh', { key, taskId: 't1' })).toBeNull();
  });

  it('keeps the link for a form with nothing to send, or a submit key over 1,024 bytes', () => {
    expect(selectionCardKindOf(form([select('a', 2)], { submitLabel: null }))).toBeNull();
    const long = { formId: 'meeting.signin', params: { x: '长'.repeat(400) } };
    expect(encodeSubmitKey(long)).toBeNull();
    expect(renderSelectionCard(form([select('a', 2)]), 'zh', { key: long, taskId: 't1' })).toBeNull();
  });
});

describe('a selection card as drawn', () => {
  it('draws selects as multiple_interaction, in the person’s language, the first choice shown', () => {
    const card = renderSelectionCard(form([select('a', 3, { initial: 'o2' }), select('b', 2)]), 'en', {
      key,
      taskId: 'form-1',
    });
    expect(card).toEqual({
      card_type: 'multiple_interaction',
      main_title: { title: 'Sign-in' },
      sub_title_text: '请勾选到场的人员。',
      task_id: 'form-1',
      submit_button: { text: 'Sign in', key: encodeSubmitKey(key) },
      select_list: [
        {
          question_key: 'a',
          title: 'Question a',
          selected_id: 'o2',
          option_list: [
            { id: 'o1', text: 'Option 1' },
            { id: 'o2', text: 'Option 2' },
            { id: 'o3', text: 'Option 3' },
          ],
        },
        {
          question_key: 'b',
          title: 'Question b',
          option_list: [
            { id: 'o1', text: 'Option 1' },
            { id: 'o2', text: 'Option 2' },
          ],
        },
      ],
    });
  });

  it('draws a multiple choice as vote_interaction with ticks (mode 1), those preset ticked, long words cut', () => {
    const spec = form([
      ticks('p', 3, {
        initial: ['o3'],
        options: [
          ...options(2),
          { value: 'o3', label: { zh: '一位名字非常非常长的参会人员（未回复）', en: null } },
        ],
      }),
    ]);
    const card = renderSelectionCard(spec, 'zh', { key, taskId: 'form-2' });
    expect(card?.card_type).toBe('vote_interaction');
    expect(card?.main_title).toEqual({ title: '会议签到登记', desc: '到场人员' });
    const checkbox = card?.checkbox as {
      question_key: string;
      mode: number;
      option_list: Array<{ id: string; text: string; is_checked: boolean }>;
    };
    expect(checkbox.question_key).toBe('p');
    expect(checkbox.mode).toBe(1);
    expect(checkbox.option_list.map((o) => [o.id, o.is_checked])).toEqual([
      ['o1', false],
      ['o2', false],
      ['o3', true],
    ]);
    for (const option of checkbox.option_list) {
      expect(option.text.length).toBeLessThanOrEqual(SELECTION_CARD_LIMITS.checkboxOptionText);
    }
    expect(checkbox.option_list[2]?.text.endsWith('…')).toBe(true);
  });

  it('reads its submit key back, and nothing else as one', () => {
    expect(parseSubmitKey(encodeSubmitKey(key) ?? '')).toEqual(key);
    expect(parseSubmitKey('{"a":"approve","i":"x","v":1}')).toBeNull();
    expect(parseSubmitKey('not json')).toBeNull();
    expect(parseSubmitKey(JSON.stringify({ sf: 'Bad Form', p: {} }))).toBeNull();
  });
});

describe('a selection card’s submit as WeCom posts it', () => {
  const xml = [
    '<xml><ToUserName><![CDATA[ww1]]></ToUserName><FromUserName><![CDATA[wc-zhou-jing]]></FromUserName>',
    '<CreateTime>1764637200</CreateTime><MsgType><![CDATA[event]]></MsgType>',
    '<Event><![CDATA[template_card_event]]></Event><EventKey><![CDATA[{"sf":"x","p":{}}]]></EventKey>',
    '<TaskId><![CDATA[form-1]]></TaskId><CardType><![CDATA[vote_interaction]]></CardType>',
    '<ResponseCode><![CDATA[rc1]]></ResponseCode><AgentID>1000002</AgentID>',
    '<SelectedItems>',
    '<SelectedItem><QuestionKey><![CDATA[people]]></QuestionKey><OptionIds>',
    '<OptionId><![CDATA[gao-yan]]></OptionId><OptionId><![CDATA[lin-feng]]></OptionId></OptionIds></SelectedItem>',
    '<SelectedItem><QuestionKey><![CDATA[kind]]></QuestionKey><OptionIds><OptionId>borrow</OptionId></OptionIds></SelectedItem>',
    '<SelectedItem><QuestionKey><![CDATA[people]]></QuestionKey><OptionIds><OptionId>late</OptionId></OptionIds></SelectedItem>',
    '</SelectedItems></xml>',
  ].join('');

  it('reads the flat fields and keeps SelectedItems apart, whose questions and options it reads', () => {
    const fields = readCallbackXml(xml);
    expect(fields).toMatchObject({
      Event: 'template_card_event',
      EventKey: '{"sf":"x","p":{}}',
      TaskId: 'form-1',
      ResponseCode: 'rc1',
      AgentID: '1000002',
    });
    // The questions' own elements are not taken for the callback's.
    expect(fields?.QuestionKey).toBeUndefined();
    expect(fields?.OptionId).toBeUndefined();
    expect(readSelectedItems(fields?.SelectedItems ?? '')).toEqual([
      { questionKey: 'people', optionIds: ['gao-yan', 'lin-feng'] },
      { questionKey: 'kind', optionIds: ['borrow'] },
    ]);
    expect(readSelectedItems('')).toEqual([]);
    expect(readCallbackXml(writeCallbackXml({ Event: 'click' }))?.SelectedItems).toBeUndefined();
  });

  it('maps the choices onto the form’s fields: a select’s one, a multiple choice’s all', () => {
    const spec = form([select('kind', 2), ticks('people', 3), select('unanswered', 2)]);
    expect(
      selectionInputOf(spec, [
        { questionKey: 'people', optionIds: ['o1', 'o3'] },
        { questionKey: 'kind', optionIds: ['o2', 'o1'] },
        { questionKey: 'stranger', optionIds: ['o1'] },
      ]),
    ).toEqual({ kind: 'o2', people: ['o1', 'o3'] });
  });
});

describe('the stand-in’s selection cards', () => {
  let standIn: WeComStandIn | null = null;
  afterEach(async () => {
    await standIn?.close();
    standIn = null;
  });

  it('refuses a card that breaks WeCom’s limits, as WeCom does, and takes one within them', async () => {
    standIn = await startWeComStandIn();
    const tokens = createWeComTokenSource({
      apiUrl: standIn.url,
      corpId: standIn.keys.corpId,
      secret: standIn.env.WECOM_SECRET ?? '',
    });
    const api = createWeComApi({ apiUrl: standIn.url, agentId: Number(standIn.env.WECOM_AGENT_ID), tokens });
    const good = renderSelectionCard(form([select('a', 10), select('b', 2)]), 'zh', { key, taskId: 'ok' });
    const send = (card: Record<string, unknown>) =>
      api.send(['xu'], { msgtype: 'template_card', template_card: card });
    await expect(send(good ?? {})).resolves.toMatchObject({ responseCode: expect.any(String) });
    const list = (good?.select_list ?? []) as Array<Record<string, unknown>>;
    const broken: Array<[string, Record<string, unknown>]> = [
      [
        'four selects',
        { ...good, select_list: [...list, ...list.map((s, i) => ({ ...s, question_key: `x${i}` }))] },
      ],
      [
        'eleven options',
        {
          ...good,
          select_list: [{ ...list[0], option_list: options(11).map((o) => ({ id: o.value, text: 'x' })) }],
        },
      ],
      ['no submit key', { ...good, submit_button: { text: '提交' } }],
      ['a repeated question', { ...good, select_list: [list[0], list[0]] }],
      [
        'a checkbox of 21',
        {
          card_type: 'vote_interaction',
          task_id: 'v',
          submit_button: { key: 'k' },
          checkbox: {
            question_key: 'p',
            mode: 1,
            option_list: options(21).map((o) => ({ id: o.value, text: 'x' })),
          },
        },
      ],
    ];
    for (const [what, card] of broken) {
      await expect(send(card), what).rejects.toThrow(/40058/);
    }
    expect(standIn.cardsTo('xu')).toHaveLength(1);
  });
});

describe('a submit’s identity', () => {
  it('is the same for a submit posted again, and differs for other choices made in the same second', () => {
    const submit = (ids: string[]) =>
      readCallbackXml(
        writeCallbackXml({
          FromUserName: 'wc-zhou-jing',
          CreateTime: 1764637200,
          MsgType: 'event',
          Event: 'template_card_event',
          EventKey: '{"sf":"x","p":{}}',
          TaskId: 'form-1',
        }).replace('</xml>', `${writeSelectedItems([{ questionKey: 'people', optionIds: ids }])}</xml>`),
      ) ?? {};
    expect(eventKeyOf(submit(['gao-yan']))).toBe(eventKeyOf(submit(['gao-yan'])));
    expect(eventKeyOf(submit(['gao-yan']))).not.toBe(eventKeyOf(submit(['lin-feng'])));
  });
});
