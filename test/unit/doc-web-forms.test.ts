import { describe, expect, it, vi } from 'vitest';
import type { WebFormContext } from '../../src/chat/core/web-form.ts';
import {
  docNewWebForm,
  docReceiveWebForm,
  type IncomingRegistrar,
  type OutgoingStarter,
} from '../../src/features/documents/doc-web-forms.ts';
import { DOC_RECEIVE_FORM_ID } from '../../src/features/documents/incoming-form.ts';
import { DOC_NEW_FORM_ID } from '../../src/features/documents/new-outgoing-form.ts';
import { AppError } from '../../src/shared/errors.ts';

// The forms `doc new` and `doc receive` open, served on the web: the modals' specs, checks and
// starts, with the link's id as the start key.

const context: WebFormContext = {
  personId: 'liu-yang',
  params: { w: 'T1' },
  locale: 'zh',
  key: 'form-link:link-1',
};

function outgoing(): OutgoingStarter & {
  checkOutgoing: ReturnType<typeof vi.fn>;
  startOutgoing: ReturnType<typeof vi.fn>;
} {
  return {
    formOptions: {
      docTypes: [{ id: 'notice', name: '通知', nameEn: null }],
      departments: [{ id: 'water', name: '水政科', nameEn: 'Water' }],
    },
    checkOutgoing: vi.fn(async () => {}),
    startOutgoing: vi.fn(async () => ({ firstReviewer: '刘洋' })),
  };
}

const drafted = {
  title: '关于防汛的通知',
  docTypeId: 'notice',
  direction: 'downward',
  urgency: 'normal',
  secrecy: 'internal',
  mainRecipients: '各科室',
  copyTo: null,
  countersignDepartments: ['water'],
  draftLink: null,
  copies: null,
};

describe('the drafting form on the web', () => {
  it('is the drafting form with the unit’s choices', async () => {
    const spec = await docNewWebForm(outgoing()).load(context);
    expect(spec?.id).toBe(DOC_NEW_FORM_ID);
    expect(JSON.stringify(spec)).toContain('水政科');
  });

  it('checks, then starts once per link, and says who has it first', async () => {
    const deps = outgoing();
    const outcome = await docNewWebForm(deps).submit(context, drafted);
    expect(outcome).toEqual({ ok: true, message: expect.stringContaining('关于防汛的通知') });
    expect(outcome.message).toContain('刘洋');
    expect(deps.checkOutgoing).toHaveBeenCalledWith({
      requesterPersonId: 'liu-yang',
      form: expect.objectContaining({ title: '关于防汛的通知', countersignDepartments: ['water'] }),
    });
    expect(deps.startOutgoing).toHaveBeenCalledWith(
      expect.objectContaining({
        workspaceId: 'T1',
        requesterPersonId: 'liu-yang',
        startKey: 'form-link:link-1',
      }),
    );
  });

  it('shows a refusal naming the department by its name, and starts nothing', async () => {
    const deps = outgoing();
    deps.checkOutgoing.mockRejectedValueOnce(
      new AppError('countersign_no_head', 'no head', { params: { department: 'water' } }),
    );
    const outcome = await docNewWebForm(deps).submit(context, drafted);
    expect(outcome.ok).toBe(false);
    expect(outcome.message).toContain('水政科');
    expect(outcome.message).not.toContain('water');
    expect(deps.startOutgoing).not.toHaveBeenCalled();
  });
});

function incoming(): IncomingRegistrar & {
  register: ReturnType<typeof vi.fn>;
  checkRegistration: ReturnType<typeof vi.fn>;
} {
  return {
    today: () => '2026-11-23',
    checkRegistration: vi.fn(async () => {}),
    register: vi.fn(async () => ({ receiptNumber: '收〔2026〕7号', firstReviewer: '赵敏' })),
  };
}

describe('the registration form on the web', () => {
  it('starts with today’s date', async () => {
    const spec = await docReceiveWebForm(incoming()).load(context);
    expect(spec?.id).toBe(DOC_RECEIVE_FORM_ID);
    expect(JSON.stringify(spec)).toContain('2026-11-23');
  });

  it('registers a classified item by its number only, once per link', async () => {
    const deps = incoming();
    const outcome = await docReceiveWebForm(deps).submit(context, {
      secrecy: 'secret',
      title: '不该出现',
      theirNumber: '示密〔2026〕1号',
      receivedDate: '2026-11-23',
      category: 'superior',
      urgency: 'normal',
    });
    expect(outcome.ok).toBe(true);
    expect(outcome.message).toContain('收〔2026〕7号');
    expect(outcome.message).not.toContain('不该出现');
    expect(deps.checkRegistration).toHaveBeenCalledWith({ personId: 'liu-yang', secrecy: 'secret' });
    expect(deps.register).toHaveBeenCalledWith(
      expect.objectContaining({
        form: expect.objectContaining({ title: null }),
        startKey: 'form-link:link-1',
      }),
    );
  });

  it('refuses someone who may not register, in their words', async () => {
    const deps = incoming();
    deps.checkRegistration.mockRejectedValueOnce(new AppError('not_secretary', 'not a secretary'));
    const outcome = await docReceiveWebForm(deps).submit(context, { secrecy: 'internal', title: 'x' });
    expect(outcome.ok).toBe(false);
    expect(outcome.message).not.toBe('');
    expect(deps.register).not.toHaveBeenCalled();
  });
});
