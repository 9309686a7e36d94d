import { describe, expect, it } from 'vitest';
import {
  applyAction,
  type FlowDeps,
  readActionForm,
  recordCardOpened,
  startFromCommand,
  submitActionForm,
} from '../../src/chat/core/flow.ts';
import {
  actionInteraction,
  type CommandInteraction,
  formSubmitInteraction,
} from '../../src/chat/core/interactions.ts';
import { WorkflowRefusal } from '../../src/domain/workflow/errors.ts';
import type { WorkflowAction, WorkflowInstance } from '../../src/domain/workflow/types.ts';
import { ACTION_FORM_FIELDS } from '../../src/features/workflow/action-form.ts';
import {
  type ClickInput,
  type ClickOutcome,
  clickKeyOf,
} from '../../src/features/workflow/workflow-service.ts';
import { AppError } from '../../src/shared/errors.ts';
import { type Locale, t, translateDynamic } from '../../src/shared/i18n.ts';
import { captureLogs } from '../support/logs.ts';

// The flow of an interaction without any platform: a card's action or a form in, the workflow
// service's click, and the plain answer the person is told. The service is an in-memory stand-in
// answering what the real one answers (its own tests cover how it decides).

const INSTANCE = '3f2b8c1e-6a4d-4f0b-9c2e-1d5a7b9e0f12';
const CARD = { instanceId: INSTANCE, version: 4 };
const WORKSPACE = 'W-OFFICE';
const instance = {} as WorkflowInstance;
const NAMES: Record<string, { zh: string; en: string }> = {
  'liu-yang': { zh: '刘洋', en: 'Liu Yang' },
};

/** The flow's deps around a click that answers `answer`; what it was asked is recorded. */
function flowAround(answer: (input: ClickInput) => ClickOutcome | Promise<ClickOutcome>) {
  const clicks: ClickInput[] = [];
  const refreshed: Array<{ instanceId: string; personId: string; afterClicks: number }> = [];
  const deps: FlowDeps = {
    service: {
      async click(input) {
        clicks.push(input);
        return answer(input);
      },
    },
    timeZone: 'Asia/Shanghai',
    namesOf: async (ids, locale) => new Map(ids.map((id) => [id, NAMES[id]?.[locale] ?? id])),
    refreshCard: async (instanceId, personId) => {
      refreshed.push({ instanceId, personId, afterClicks: clicks.length });
    },
  };
  return { deps, clicks, refreshed };
}

function approveBy(personId: string, locale: Locale = 'zh', action: WorkflowAction = { type: 'approve' }) {
  return actionInteraction({ workspaceId: WORKSPACE, actor: { personId, locale }, card: CARD, action });
}

describe('a card action through the core flow', () => {
  it('applies the click as the acting person on the version the card showed, and says nothing more', async () => {
    const { deps, clicks, refreshed } = flowAround(() => ({ kind: 'applied', instance, effects: [] }));
    const logs = captureLogs();

    const answer = await applyAction(approveBy('zhao-min'), deps, logs.logger);

    expect(answer).toBeNull();
    expect(clicks).toEqual([
      {
        instanceId: INSTANCE,
        workspaceId: WORKSPACE,
        actorPersonId: 'zhao-min',
        action: { type: 'approve' },
        expectedVersion: 4,
      },
    ]);
    expect(refreshed).toEqual([]);
  });

  it('answers a refusal in the person’s language, naming whom the item waits on', async () => {
    const refusal = new WorkflowRefusal('not_assignee', 'not at this step', { waitingOn: ['liu-yang'] });
    const { deps } = flowAround(() => ({ kind: 'refused', instance, refusal }));
    const logs = captureLogs();

    const zh = await applyAction(approveBy('gao-yan', 'zh'), deps, logs.logger);
    const en = await applyAction(approveBy('gao-yan', 'en'), deps, logs.logger);

    expect(zh).toBe(translateDynamic('zh', 'error.not_assignee', { waitingOn: '刘洋' }));
    expect(en).toBe(translateDynamic('en', 'error.not_assignee', { waitingOn: 'Liu Yang' }));
    expect(en).toContain('Liu Yang');
    expect(zh).not.toBe(en);
  });

  it('redraws the person’s card after a stale click, then tells them who acted meanwhile and when', async () => {
    const { deps, refreshed } = flowAround(() => ({
      kind: 'stale',
      instance,
      changes: [{ actorId: 'liu-yang', action: 'approve', at: new Date('2026-11-20T06:05:00.000Z') }],
    }));
    const logs = captureLogs();

    const answer = await applyAction(approveBy('zhao-min'), deps, logs.logger);

    expect(refreshed).toEqual([{ instanceId: INSTANCE, personId: 'zhao-min', afterClicks: 1 }]);
    expect(answer).toBe(
      t('zh', 'wf.stale', {
        person: '刘洋',
        action: t('zh', 'card.action.approve'),
        time: '11/20 14:05',
      }),
    );
  });

  it('answers a database failure with “try again” and a reference that is in the log', async () => {
    const { deps } = flowAround(() => {
      throw new Error("Can't reach database server at 127.0.0.1:5432");
    });
    const logs = captureLogs();

    const answer = await applyAction(approveBy('zhao-min', 'en'), deps, logs.logger);

    const ref = /\b([0-9A-F]{8})\b/.exec(answer ?? '')?.[1];
    expect(ref).toBeDefined();
    expect(answer).toBe(t('en', 'wf.try_again', { ref: ref as string }));
    const logged = logs.lines().find((line) => line.ref === ref);
    expect(logged?.msg).toBe('click could not be applied');
    expect(logged?.level).toBe('error');
  });

  it('answers a refusal the service throws with the error’s own words', async () => {
    const { deps } = flowAround(() => {
      throw new AppError('wrong_workspace', 'another workspace', { messageKey: 'error.invalid_payload' });
    });
    const logs = captureLogs();

    expect(await applyAction(approveBy('zhao-min'), deps, logs.logger)).toBe(
      t('zh', 'error.invalid_payload'),
    );
    expect(logs.lines().filter((line) => line.level === 'error')).toEqual([]);
  });

  it('gives a click the key the service stores with it, so the same click delivered twice is one', () => {
    const once = approveBy('zhao-min');
    const again = approveBy('zhao-min', 'en');
    expect(once.dedupeKey).toBe(again.dedupeKey);
    expect(once.dedupeKey).toBe(
      clickKeyOf({
        instanceId: INSTANCE,
        workspaceId: WORKSPACE,
        actorPersonId: 'zhao-min',
        action: { type: 'approve' },
        expectedVersion: 4,
      }),
    );
    expect(approveBy('liu-yang').dedupeKey).not.toBe(once.dedupeKey);
  });

  it('records an opened card as an open click, and only logs when that fails', async () => {
    const { deps, clicks } = flowAround(() => {
      throw new Error('connection reset');
    });
    const logs = captureLogs();

    await recordCardOpened({ workspaceId: WORKSPACE, personId: 'liu-yang', card: CARD }, deps, logs.logger);

    expect(clicks.map((c) => [c.action.type, c.expectedVersion, c.actorPersonId])).toEqual([
      ['open', 4, 'liu-yang'],
    ]);
    expect(logs.lines().map((line) => line.msg)).toEqual(['could not record that the card was opened']);
  });
});

describe('a card’s action form through the core flow', () => {
  const send = (
    action: 'reject' | 'return' | 'approve',
    input: Record<string, string>,
    locale: Locale = 'zh',
  ) =>
    formSubmitInteraction({
      workspaceId: WORKSPACE,
      actor: { personId: 'liu-yang', locale },
      card: CARD,
      action,
      requireComment: false,
      input,
    });

  it('answers a form sent without its required reason beside that field, in the person’s language, without a click', async () => {
    const { deps, clicks } = flowAround(() => ({ kind: 'applied', instance, effects: [] }));
    const logs = captureLogs();

    const answer = await submitActionForm(send('reject', {}, 'en'), deps, logs.logger);

    expect(answer).toEqual({
      ok: false,
      errors: { [ACTION_FORM_FIELDS.comment]: t('en', 'wf.comment_required') },
    });
    expect(clicks).toEqual([]);
  });

  it('applies the action the form asks for and closes the form', async () => {
    const { deps, clicks } = flowAround(() => ({ kind: 'applied', instance, effects: [] }));
    const logs = captureLogs();

    const answer = await submitActionForm(
      send('reject', { [ACTION_FORM_FIELDS.comment]: '经费不足' }),
      deps,
      logs.logger,
    );

    expect(answer).toEqual({ ok: true });
    expect(clicks.map((c) => c.action)).toEqual([{ type: 'reject', comment: '经费不足' }]);
  });

  it('shows a refusal on the form, which stays open', async () => {
    const refusal = new WorkflowRefusal('not_assignee', 'not at this step', { waitingOn: ['liu-yang'] });
    const { deps } = flowAround(() => ({ kind: 'refused', instance, refusal }));
    const logs = captureLogs();

    const answer = await submitActionForm(
      send('reject', { [ACTION_FORM_FIELDS.comment]: '不同意' }),
      deps,
      logs.logger,
    );

    expect(answer).toEqual({
      ok: false,
      error: translateDynamic('zh', 'error.not_assignee', { waitingOn: '刘洋' }),
    });
  });

  it('reads a return form sent without its target as a return to the requester', () => {
    const read = readActionForm(
      { action: 'return', requireComment: false, input: { [ACTION_FORM_FIELDS.comment]: '请补充预算' } },
      'zh',
    );
    expect(read).toEqual({ ok: true, action: { type: 'return', comment: '请补充预算', to: 'requester' } });
  });

  it('hands an action without a form on as it is, for the engine to answer', () => {
    expect(readActionForm({ action: 'recall', requireComment: false, input: {} }, 'zh')).toEqual({
      ok: true,
      action: { type: 'recall' },
    });
  });
});

describe('a command that starts an item through the core flow', () => {
  const command: CommandInteraction = {
    kind: 'command',
    command: 'seal',
    text: '合同章 采购合同 2',
    workspaceId: WORKSPACE,
    actor: { personId: 'xu-hui', locale: 'en' },
    dedupeKey: 'command:trigger-1',
  };

  it('starts as the acting person, keyed by the command’s dedupe key', async () => {
    const logs = captureLogs();
    const asked: unknown[] = [];
    const started = await startFromCommand(
      command,
      async (request) => {
        asked.push(request);
        return 'instance-1';
      },
      logs.logger,
    );
    expect(started).toEqual({ ok: true, started: 'instance-1' });
    expect(asked).toEqual([
      { workspaceId: WORKSPACE, requesterPersonId: 'xu-hui', locale: 'en', startKey: 'command:trigger-1' },
    ]);
  });

  it('hands a refusal back for the feature to word, and lets anything else through', async () => {
    const logs = captureLogs();
    const refusal = new AppError('seal_unavailable', 'seal suspended');
    expect(await startFromCommand(command, () => Promise.reject(refusal), logs.logger)).toEqual({
      ok: false,
      refusal,
    });
    const broken = new Error('database gone');
    await expect(startFromCommand(command, () => Promise.reject(broken), logs.logger)).rejects.toBe(broken);
  });
});
