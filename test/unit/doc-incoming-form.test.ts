import type { types } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { buildDocReceiveModal, RECEIVE_FIELD_SLOTS } from '../../src/chat/slack/documents/incoming-blocks.ts';
import { ACTION_IDS, BLOCK_IDS } from '../../src/chat/slack/ids.ts';
import { readSpecModal } from '../../src/chat/slack/spec-modal.ts';
import type { SlackViewStateValues } from '../../src/chat/slack/view-state.ts';
import type { NewIncomingInput } from '../../src/features/documents/incoming-documents.ts';
import { docReceiveFormSpec, incomingOfForm } from '../../src/features/documents/incoming-form.ts';
import type { Locale } from '../../src/shared/i18n.ts';
import { blockKitProblems } from '../support/block-kit.ts';

// The registration form (收文登记) and its parser: all five secrecy levels; items at 秘密 and above
// are registered by their numbers only, so a title, issuing unit or link is refused for them.

/** One block's entry in view.state.values. */
type Cell = Record<string, { type: string; value?: string; selected_option?: { value: string } }>;

const inputs = (view: types.ModalView) =>
  view.blocks.filter((b): b is types.InputBlock => b.type === 'input');
const input = (view: types.ModalView, blockId: string) => {
  const block = inputs(view).find((b) => b.block_id === blockId);
  if (!block) throw new Error(`no input ${blockId}`);
  return block;
};

/**
 * The registration modal's submission as Slack's form glue reads it: by the form's slots, checked
 * by its FormSpec (the date it opens with does not change the checks), read by the feature.
 */
const parseDocReceiveSubmission = (values: SlackViewStateValues | null | undefined, locale: Locale) =>
  readSpecModal(docReceiveFormSpec({ today: '' }), RECEIVE_FIELD_SLOTS, values, locale, incomingOfForm);

describe('the registration form', () => {
  it('offers all five secrecy levels, 内部 preselected, with the numbers-only hint', () => {
    const view = buildDocReceiveModal({ locale: 'zh', today: '2026-11-23' });
    const secrecy = input(view, BLOCK_IDS.docReceiveSecrecy);
    const element = secrecy.element as unknown as {
      options: Array<{ text: { text: string }; value: string }>;
      initial_option: { value: string };
    };
    expect(element.options.map((o) => [o.value, o.text.text])).toEqual([
      ['public', '公开'],
      ['internal', '内部'],
      ['secret', '秘密'],
      ['confidential', '机密'],
      ['top_secret', '绝密'],
    ]);
    expect(element.initial_option.value).toBe('internal');
    expect(secrecy.hint?.text).toContain('秘密');
    expect(secrecy.hint?.text).toContain('标题');
    expect(secrecy.hint?.text).toContain('附件');
    // Slack cannot require a field by another's value: the parser does, so these are optional.
    expect(input(view, BLOCK_IDS.docReceiveTitle).optional).toBe(true);
    expect(input(view, BLOCK_IDS.docReceiveIssuer).optional).toBe(true);
    expect(blockKitProblems(view, 'view')).toEqual([]);
  });

  it('speaks English too', () => {
    const view = buildDocReceiveModal({ locale: 'en', today: '2026-11-23' });
    const element = input(view, BLOCK_IDS.docReceiveSecrecy).element as unknown as {
      options: Array<{ text: { text: string } }>;
    };
    expect(element.options.map((o) => o.text.text)).toEqual([
      'Public',
      'Internal',
      'Secret',
      'Confidential',
      'Top secret',
    ]);
    expect(input(view, BLOCK_IDS.docReceiveSecrecy).hint?.text).toMatch(/number only/);
  });
});

describe('parsing the registration form', () => {
  /** view.state.values as Slack sends them: an internal item unless `changes` say otherwise. */
  function values(
    changes: {
      title?: string;
      issuer?: string;
      theirNumber?: string;
      date?: string;
      secrecy?: string;
      copies?: string;
      link?: string;
    } = {},
  ): SlackViewStateValues {
    const textIn = (blockId: string, actionId: string, value: string): [string, Cell] => [
      blockId,
      { [actionId]: { type: 'plain_text_input', value } },
    ];
    const selected = (blockId: string, actionId: string, value: string): [string, Cell] => [
      blockId,
      { [actionId]: { type: 'static_select', selected_option: { value } } },
    ];
    return Object.fromEntries<Cell>([
      selected(
        BLOCK_IDS.docReceiveSecrecy,
        ACTION_IDS.docReceiveSecrecySelect,
        changes.secrecy ?? 'internal',
      ),
      textIn(BLOCK_IDS.docReceiveTitle, ACTION_IDS.docReceiveTitleInput, changes.title ?? ''),
      textIn(BLOCK_IDS.docReceiveIssuer, ACTION_IDS.docReceiveIssuerInput, changes.issuer ?? ''),
      textIn(
        BLOCK_IDS.docReceiveTheirNumber,
        ACTION_IDS.docReceiveTheirNumberInput,
        changes.theirNumber ?? '',
      ),
      textIn(BLOCK_IDS.docReceiveDate, ACTION_IDS.docReceiveDateInput, changes.date ?? '2026-11-23'),
      selected(BLOCK_IDS.docReceiveCategory, ACTION_IDS.docReceiveCategorySelect, 'upper'),
      selected(BLOCK_IDS.docReceiveUrgency, ACTION_IDS.docReceiveUrgencySelect, 'urgent'),
      textIn(BLOCK_IDS.docReceiveCopies, ACTION_IDS.docReceiveCopiesInput, changes.copies ?? ''),
      textIn(BLOCK_IDS.docReceiveLink, ACTION_IDS.docReceiveLinkInput, changes.link ?? ''),
    ]);
  }
  const errorsOf = (v: SlackViewStateValues, locale: Locale = 'zh') => {
    const result = parseDocReceiveSubmission(v, locale);
    if (result.ok) throw new Error(`expected errors, got ${JSON.stringify(result.value)}`);
    return result.errors;
  };
  const parsedFrom = (v: SlackViewStateValues): NewIncomingInput => {
    const result = parseDocReceiveSubmission(v, 'zh');
    if (!result.ok) throw new Error(`expected a value, got ${JSON.stringify(result.errors)}`);
    return result.value;
  };

  it('still requires a title and an issuing unit for public and internal items', () => {
    for (const secrecy of ['public', 'internal']) {
      const errors = errorsOf(values({ secrecy }));
      expect(errors[BLOCK_IDS.docReceiveTitle]).toBe('请填写此项。');
      expect(errors[BLOCK_IDS.docReceiveIssuer]).toBe('请填写此项。');
      expect(errors[BLOCK_IDS.docReceiveTheirNumber]).toBeUndefined();
    }
  });

  it('refuses a title on a classified item, on the title block', () => {
    for (const secrecy of ['secret', 'confidential', 'top_secret']) {
      const errors = errorsOf(
        values({ secrecy, title: '关于某工程的绝密事项', theirNumber: '市密〔2026〕1号' }),
      );
      expect(Object.keys(errors)).toEqual([BLOCK_IDS.docReceiveTitle]);
      expect(errors[BLOCK_IDS.docReceiveTitle]).toBe(
        '秘密及以上的来文不得录入标题、来文单位或附件，只登记编号。',
      );
    }
    expect(
      errorsOf(values({ secrecy: 'secret', title: 'Dam works', theirNumber: 'X-1' }), 'en')[
        BLOCK_IDS.docReceiveTitle
      ],
    ).toMatch(/no title, issuing unit or attachment/);
  });

  it('refuses an attachment link and an issuing unit on a classified item', () => {
    const errors = errorsOf(
      values({
        secrecy: 'secret',
        theirNumber: '市密〔2026〕1号',
        issuer: '市水利局',
        link: 'https://example.com/secret.pdf',
      }),
    );
    expect(Object.keys(errors).sort()).toEqual([BLOCK_IDS.docReceiveIssuer, BLOCK_IDS.docReceiveLink].sort());
    // Not even a malformed link is read: it is refused for being there.
    expect(
      errorsOf(values({ secrecy: 'secret', theirNumber: '1', link: 'not a link' }))[BLOCK_IDS.docReceiveLink],
    ).toContain('只登记编号');
  });

  it('requires their number for a classified item', () => {
    const errors = errorsOf(values({ secrecy: 'confidential' }));
    expect(Object.keys(errors)).toEqual([BLOCK_IDS.docReceiveTheirNumber]);
    expect(errors[BLOCK_IDS.docReceiveTheirNumber]).toContain('来文字号');
    expect(errorsOf(values({ secrecy: 'secret', theirNumber: '　 ' }))).toHaveProperty(
      BLOCK_IDS.docReceiveTheirNumber,
    );
  });

  it('reads a good classified registration with no title, issuing unit or link', () => {
    expect(parsedFrom(values({ secrecy: 'secret', theirNumber: ' 市密〔2026〕7号 ', copies: '3' }))).toEqual({
      title: null,
      issuingUnit: null,
      theirNumber: '市密〔2026〕7号',
      receivedDate: '2026-11-23',
      category: 'upper',
      secrecy: 'secret',
      urgency: 'urgent',
      copies: 3,
      attachmentLink: null,
    });
  });

  it('reads full-width text: digits in the date and copies, full-width spaces around words', () => {
    // A title of full-width spaces only is no title: the classified item passes.
    expect(
      parsedFrom(
        values({
          secrecy: 'top_secret',
          title: '　　',
          theirNumber: '　市密〔２０２６〕８号　',
          date: '２０２６－１１－２０',
          copies: '１２',
        }),
      ),
    ).toMatchObject({
      title: null,
      theirNumber: '市密〔２０２６〕８号',
      receivedDate: '2026-11-20',
      copies: 12,
      secrecy: 'top_secret',
    });
    expect(
      parsedFrom(
        values({
          title: '　关于做好冬季防火工作的通知　',
          issuer: '市水利局',
          date: '２０２６-11-20',
          copies: '２',
        }),
      ),
    ).toMatchObject({ title: '关于做好冬季防火工作的通知', issuingUnit: '市水利局', copies: 2 });
  });

  it('refuses a level it does not know without judging the other fields by it', () => {
    const errors = errorsOf(values({ secrecy: 'ultra', title: '关于某事的函', issuer: '市水利局' }));
    expect(Object.keys(errors)).toEqual([BLOCK_IDS.docReceiveSecrecy]);
  });
});
