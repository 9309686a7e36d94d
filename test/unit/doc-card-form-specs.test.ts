import { describe, expect, it } from 'vitest';
import { validateForm } from '../../src/chat/core/form-spec.ts';
import {
  archiveHandOffFormSpec,
  handOffOfForm,
  instructFormSpec,
  instructionOfForm,
  signOffFormSpec,
  signOffOfForm,
} from '../../src/features/documents/card-forms.ts';

// The document card forms as FormSpecs: the checks a modal and a web page share, and what a valid
// submission reads into.

const choices = {
  departments: [
    { id: 'water-admin', name: '水政水资源科', nameEn: 'Water Administration' },
    { id: 'construction', name: '建设管理科' },
  ],
  handlers: [{ id: 'liu-yang', name: '刘洋 · 水政水资源科' }],
  leaders: [{ id: 'li-weidong', name: '李卫东' }],
};

describe('the instruction form (批办)', () => {
  const spec = instructFormSpec(choices);

  it('reads an instruction, full-width days and repeated choices included', () => {
    const checked = validateForm(
      spec,
      {
        comment: ' 请李局阅。 ',
        leadDepartment: 'water-admin',
        handler: 'liu-yang',
        coDepartments: ['construction', 'construction'],
        readers: ['li-weidong'],
        handlingDays: '１０',
      },
      'zh',
    );
    expect(checked.ok).toBe(true);
    expect(checked.ok && instructionOfForm(checked.values)).toEqual({
      comment: '请李局阅。',
      leadDepartment: 'water-admin',
      handler: 'liu-yang',
      coDepartments: ['construction'],
      readers: ['li-weidong'],
      handlingDays: 10,
    });
  });

  it('starts with five days and offers the directory’s departments in the reader’s language', () => {
    const days = spec.fields.find((f) => f.id === 'handlingDays');
    expect(days?.kind === 'number' && days.initial).toBe(5);
    const lead = spec.fields.find((f) => f.id === 'leadDepartment');
    expect(lead?.kind === 'select' && lead.options[0]?.label).toEqual({
      zh: '水政水资源科',
      en: 'Water Administration',
    });
  });

  it('refuses a missing opinion, lead or handler, days out of range and a reader it did not offer', () => {
    const checked = validateForm(
      spec,
      { comment: '', leadDepartment: '', handler: '', readers: ['someone-else'], handlingDays: '366' },
      'en',
    );
    expect(checked.ok).toBe(false);
    expect(!checked.ok && Object.keys(checked.errors).sort()).toEqual([
      'comment',
      'handler',
      'handlingDays',
      'leadDepartment',
      'readers',
    ]);
    expect(!checked.ok && checked.errors.readers).toContain('leaders');
  });

  it('leaves a lead department or handler it did not offer to the directory check', () => {
    const checked = validateForm(
      spec,
      { comment: '阅', leadDepartment: 'gone', handler: 'ma-qiang', handlingDays: '3' },
      'zh',
    );
    expect(checked.ok).toBe(true);
  });
});

describe('the sign-off form (签发)', () => {
  it('only says why while the draft is read or once the document left sign-off', () => {
    for (const state of ['loading', 'gone'] as const) {
      const spec = signOffFormSpec(state);
      expect(spec.fields).toEqual([]);
      expect(spec.submitLabel).toBeNull();
      expect(spec.notices).toEqual([
        {
          kind: 'message',
          lines: [{ key: state === 'loading' ? 'doc.signoff.loading' : 'doc.signoff.gone' }],
        },
      ]);
    }
  });

  it('is filled from the draft and reads into the opinion and the distribution', () => {
    const spec = signOffFormSpec({ mainRecipients: '县人民政府', copyTo: null, copies: 30 });
    expect(spec.fields.map((f) => [f.id, 'initial' in f ? f.initial : undefined])).toEqual([
      ['comment', undefined],
      ['mainRecipients', '县人民政府'],
      ['copyTo', null],
      ['copies', 30],
    ]);
    const checked = validateForm(
      spec,
      { comment: '签发。', mainRecipients: '县人民政府', copies: '１２' },
      'zh',
    );
    expect(checked.ok && signOffOfForm(checked.values)).toEqual({
      comment: '签发。',
      params: { mainRecipients: '县人民政府', copyTo: '', copies: '12' },
    });
  });
});

describe('the archive hand-off form (归档移交)', () => {
  it('starts on 定期30年 and reads the retention and the link', () => {
    const spec = archiveHandOffFormSpec();
    const retention = spec.fields.find((f) => f.id === 'retention');
    expect(retention?.kind === 'select' && retention.initial).toBe('30y');
    const checked = validateForm(spec, { retention: 'permanent', finalTextLink: '' }, 'zh');
    expect(checked.ok && handOffOfForm(checked.values)).toEqual({
      retention: 'permanent',
      finalTextLink: null,
    });
  });

  it('refuses a retention it does not offer and a link that is not http(s)', () => {
    const checked = validateForm(
      archiveHandOffFormSpec(),
      { retention: '5y', finalTextLink: 'ftp://x' },
      'zh',
    );
    expect(!checked.ok && Object.keys(checked.errors).sort()).toEqual(['finalTextLink', 'retention']);
  });
});
