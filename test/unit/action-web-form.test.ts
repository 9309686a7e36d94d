import { describe, expect, it } from 'vitest';
import {
  type ActionWebFormDeps,
  actionFormLinkParams,
  actionWebForm,
} from '../../src/chat/core/action-web-form.ts';
import type { WebFormContext } from '../../src/chat/core/web-form.ts';
import type { WorkflowInstance } from '../../src/domain/workflow/types.ts';
import { ACTION_FORM_FIELDS } from '../../src/features/workflow/action-form.ts';
import type { ClickInput, ClickOutcome } from '../../src/features/workflow/workflow-service.ts';
import { AppError } from '../../src/shared/errors.ts';
import { t } from '../../src/shared/i18n.ts';
import { captureLogs } from '../support/logs.ts';

// The card's action form on the web hands its submission to the core's flow, as a modal's
// submission does: the click from the link's item, version and workspace, the answer the flow
// gives, and a failure answered on the form with a reference instead of a broken page.

const INSTANCE = '3f2b8c1e-6a4d-4f0b-9c2e-1d5a7b9e0f12';

function formAround(answer: (input: ClickInput) => Promise<ClickOutcome>) {
  const clicks: ClickInput[] = [];
  const refreshed: string[] = [];
  const deps: ActionWebFormDeps = {
    service: {
      async click(input) {
        clicks.push(input);
        return answer(input);
      },
    },
    timeZone: 'Asia/Shanghai',
    namesOf: async (ids) => new Map(ids.map((id) => [id, id])),
    refreshCard: async (instanceId, personId) => {
      refreshed.push(`${instanceId}:${personId}`);
    },
    formContext: async () => ({ returnTargets: [], people: [] }),
  };
  const logs = captureLogs();
  return { form: actionWebForm(deps, logs.logger), clicks, refreshed, logs };
}

const context: WebFormContext = {
  personId: 'liu-yang',
  locale: 'zh',
  key: 'form-link:link-1',
  params: actionFormLinkParams({
    instanceId: INSTANCE,
    version: 4,
    action: 'reject',
    requireComment: false,
    workspaceId: 'W-OFFICE',
  }),
};
const values = { [ACTION_FORM_FIELDS.comment]: '预算超标' };

describe('the action form on the web', () => {
  it('applies the click the link names, with the typed opinion, and closes', async () => {
    const { form, clicks } = formAround(async () => ({
      kind: 'applied',
      instance: {} as WorkflowInstance,
      effects: [],
    }));
    await expect(form.submit(context, values)).resolves.toEqual({ ok: true });
    expect(clicks).toEqual([
      {
        instanceId: INSTANCE,
        workspaceId: 'W-OFFICE',
        actorPersonId: 'liu-yang',
        action: { type: 'reject', comment: '预算超标' },
        expectedVersion: 4,
      },
    ]);
  });

  it('shows a refusal on the form in the person’s words', async () => {
    const refusal = new AppError('form_closed', 'closed', { messageKey: 'test.no_such_text' });
    const { form } = formAround(async () => ({
      kind: 'refused',
      instance: {} as WorkflowInstance,
      refusal,
    }));
    await expect(form.submit(context, values)).resolves.toEqual({
      ok: false,
      message: t('zh', 'error.app_error', { code: 'form_closed' }),
    });
  });

  it('answers a failure of the service on the form with a reference it logs, as a modal would', async () => {
    const { form, logs } = formAround(async () => {
      throw new Error('database unreachable');
    });
    const outcome = await form.submit(context, values);
    expect(outcome.ok).toBe(false);
    const ref = /（参考编号 ([0-9A-F]{8})）/u.exec(outcome.ok ? '' : outcome.message)?.[1];
    expect(ref).toBeDefined();
    expect(logs.lines().some((line) => line.ref === ref && line.msg === 'click could not be applied')).toBe(
      true,
    );
  });
});
