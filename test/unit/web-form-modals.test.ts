import type { App } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import type { FormSpec } from '../../src/chat/core/form-spec.ts';
import { strong } from '../../src/chat/core/reply.ts';
import type { WebFormContext, WebFormHandler, WebFormOutcome } from '../../src/chat/core/web-form.ts';
import { encodeModalMetadata } from '../../src/chat/slack/action-values.ts';
import type { SlackFormBinding } from '../../src/chat/slack/form-view.ts';
import type { ViewArgs } from '../../src/chat/slack/interactions.ts';
import { slackText } from '../../src/chat/slack/messages.ts';
import type { SlackRequestContext } from '../../src/chat/slack/request-context.ts';
import {
  registerWebFormModals,
  stepFormOpeners,
  type WebFormModalOptions,
} from '../../src/chat/slack/web-form-modals.ts';
import type { Actor } from '../../src/org/chat-accounts.ts';
import { t } from '../../src/shared/i18n.ts';
import { silentLogger } from '../support/databases.ts';
import { COUNT_FORM_SPEC } from '../support/web-form-server.ts';

// The one Slack glue of the features' forms: a modal's submission read back by the form's binding,
// checked against the spec its handler draws, applied by the handler with the view's key, refusals
// shown beside their fields, what was done told in a DM; a card's step button opening the step's
// form drawn by its handler. Driven through the listener it registers, with fakes for Slack.

const INSTANCE = '3f1c2a4e-8b7d-4c6e-9a1f-2b3c4d5e6f70';

const spec = COUNT_FORM_SPEC;

const binding = (privateMetadata = ''): SlackFormBinding => ({
  callbackId: 'test_count_modal',
  privateMetadata,
  fields: {
    count: { blockId: 'count_block', actionId: 'count_input' },
    note: { blockId: 'note_block', actionId: 'note_input' },
  },
});

/** A handler that records what it was given and answers by the count typed. */
function countForm(stepIds?: readonly string[]) {
  const calls: Array<{ context: WebFormContext; values: unknown }> = [];
  const handler: WebFormHandler = {
    formId: 'test.count',
    ...(stepIds ? { stepIds } : {}),
    load: async (context) => (context.params.thing === 'gone' ? null : spec),
    async submit(context, values): Promise<WebFormOutcome> {
      calls.push({ context, values });
      if (values.count === 'many') return { ok: false, message: 'too many', field: 'count' };
      if (values.count === 'late') return { ok: false, message: 'changed meanwhile' };
      if (values.count === 'both') {
        return {
          ok: false,
          message: 'count and note wrong',
          fields: { count: 'count wrong', note: 'note wrong', elsewhere: 'not on this form' },
        };
      }
      return { ok: true, message: ['Counted ', strong(`${String(values.count)} <x>`)] };
    },
  };
  return { handler, calls };
}

function glue(handler: WebFormHandler): WebFormModalOptions {
  return {
    handlers: [handler],
    bindings: new Map([['test.count', (params) => binding(params.thing ?? '')]]),
    readBacks: new Map([['test.count', { paramsOf: (thing: string) => ({ thing }) }]]),
    formDeadline: () => new Promise(() => {}),
  };
}

/** The listener the glue registers for the form's callback id. */
function listenerOf(options: WebFormModalOptions) {
  const listeners = new Map<string, (args: ViewArgs) => Promise<void>>();
  const app = {
    view: (id: string, listener: (args: ViewArgs) => Promise<void>) => listeners.set(id, listener),
  } as unknown as App<SlackRequestContext>;
  registerWebFormModals(app, options);
  const listener = listeners.get('test_count_modal');
  if (!listener) throw new Error('no listener for the form');
  return listener;
}

/** Sends the modal with `values` as `actor`; what was acknowledged and sent in DMs. */
async function send(
  listener: (args: ViewArgs) => Promise<void>,
  input: { count: string; privateMetadata?: string; actor?: Actor | null },
) {
  const acks: unknown[] = [];
  const dms: string[] = [];
  const actor = input.actor === undefined ? { personId: 'liu-yang' } : input.actor;
  const args = {
    ack: async (answer?: unknown) => {
      acks.push(answer ?? null);
    },
    body: { team: { id: 'T1' }, user: { id: 'U1' } },
    view: {
      id: 'V1',
      private_metadata: input.privateMetadata ?? 'official',
      state: { values: { count_block: { count_input: { type: 'plain_text_input', value: input.count } } } },
    },
    context: { log: silentLogger, locale: async () => 'en', actor: async () => actor },
    client: {
      conversations: { open: async () => ({ channel: { id: 'D1' } }) },
      chat: {
        postMessage: async (message: { text: string }) => {
          dms.push(message.text);
          return { ok: true };
        },
      },
    },
  } as unknown as ViewArgs;
  await listener(args);
  return { acks, dms };
}

describe('a form’s modal applied by its handler', () => {
  it('applies the checked values as the person, keyed by the view, with what the modal carried, and tells what was done', async () => {
    const { handler, calls } = countForm();
    const { acks, dms } = await send(listenerOf(glue(handler)), { count: '3' });
    expect(acks).toEqual([null]);
    expect(calls).toEqual([
      {
        context: {
          personId: 'liu-yang',
          params: { thing: 'official', w: 'T1' },
          locale: 'en',
          key: 'view:V1',
        },
        values: { count: '3', note: null },
      },
    ]);
    expect(dms).toEqual(['Counted *3 &lt;x&gt;*']);
  });

  it('shows the spec’s errors beside their fields and applies nothing', async () => {
    const { handler, calls } = countForm();
    const { acks } = await send(listenerOf(glue(handler)), { count: '' });
    expect(acks).toEqual([{ response_action: 'errors', errors: { count_block: expect.any(String) } }]);
    expect(calls).toEqual([]);
  });

  it('shows a refusal beside the field it names, else beside the first field, and the form stays open', async () => {
    const { handler } = countForm();
    const listener = listenerOf(glue(handler));
    expect((await send(listener, { count: 'many' })).acks).toEqual([
      { response_action: 'errors', errors: { count_block: 'too many' } },
    ]);
    const late = await send(listener, { count: 'late' });
    expect(late.acks).toEqual([{ response_action: 'errors', errors: { count_block: 'changed meanwhile' } }]);
    expect(late.dms).toEqual([]);
  });

  it('shows a refusal naming several fields beside each of them, leaving out what the form does not have', async () => {
    const { handler } = countForm();
    const { acks, dms } = await send(listenerOf(glue(handler)), { count: 'both' });
    expect(acks).toEqual([
      { response_action: 'errors', errors: { count_block: 'count wrong', note_block: 'note wrong' } },
    ]);
    expect(dms).toEqual([]);
  });

  it('checks only the fields the modal sent when its read-back says the form lists what may change', async () => {
    const { handler, calls } = countForm();
    const options = glue(handler);
    const readBacks = new Map([
      ['test.count', { paramsOf: (thing: string) => ({ thing }), checksShownFields: true }],
    ]);
    // The note's block was not in the modal: it is neither checked nor handed on.
    await send(listenerOf({ ...options, readBacks }), { count: '3' });
    expect(calls.map((c) => c.values)).toEqual([{ count: '3' }]);
  });

  it('shows a refusal naming no field beside the field the form’s read-back chooses', async () => {
    const { handler } = countForm();
    const options = glue(handler);
    const readBacks = new Map([
      ['test.count', { paramsOf: (thing: string) => ({ thing }), errorField: 'note' }],
    ]);
    const late = await send(listenerOf({ ...options, readBacks }), { count: 'late' });
    expect(late.acks).toEqual([{ response_action: 'errors', errors: { note_block: 'changed meanwhile' } }]);
  });

  it('tells a person linked to nobody on the form, and a form about something gone, applying nothing', async () => {
    const { handler, calls } = countForm();
    const listener = listenerOf(glue(handler));
    expect((await send(listener, { count: '3', actor: null })).acks).toEqual([
      { response_action: 'errors', errors: { count_block: slackText('en', 'not_linked') } },
    ]);
    expect((await send(listener, { count: '3', privateMetadata: 'gone' })).acks).toEqual([
      { response_action: 'errors', errors: { count_block: t('en', 'wf.form_gone') } },
    ]);
    expect(calls).toEqual([]);
  });

  it('keeps the form open, saying so, when the work is not done within Slack’s time', async () => {
    const handler: WebFormHandler = { ...countForm().handler, submit: () => new Promise(() => {}) };
    const listener = listenerOf({ ...glue(handler), formDeadline: () => Promise.resolve() });
    expect((await send(listener, { count: '3' })).acks).toEqual([
      { response_action: 'errors', errors: { count_block: t('en', 'wf.form_timeout') } },
    ]);
  });
});

describe('a step’s own form as a modal', () => {
  const ref = { instanceId: INSTANCE, version: 4, action: 'approve' as const, form: 'count' };

  it('reads the card’s ref back from the modal as the item and version, and refuses a broken one', async () => {
    const { handler, calls } = countForm(['count']);
    const listener = listenerOf(glue(handler));
    await send(listener, { count: '3', privateMetadata: encodeModalMetadata(ref) });
    expect(calls[0]?.context.params).toEqual({ i: INSTANCE, v: '4', w: 'T1' });
    expect((await send(listener, { count: '3', privateMetadata: '{"i":1}' })).acks).toEqual([
      { response_action: 'errors', errors: { count_block: t('en', 'error.invalid_payload') } },
    ]);
    expect(calls).toHaveLength(1);
  });

  it('opens the form its handler draws for the card’s step, the card’s ref in private_metadata', async () => {
    const { handler } = countForm(['count']);
    const opened: Array<{ trigger_id: string; view: { callback_id?: string; private_metadata?: string } }> =
      [];
    const client = { views: { open: async (input: (typeof opened)[number]) => opened.push(input) } };
    const open = stepFormOpeners(glue(handler)).get('count');
    const answer = await open?.({
      client: client as never,
      triggerId: 'trig-1',
      ref,
      locale: 'en',
      personId: 'feng-xiaoyu',
      workspaceId: 'T1',
    });
    expect(answer).toBeNull();
    expect(opened).toEqual([
      {
        trigger_id: 'trig-1',
        view: expect.objectContaining({
          callback_id: 'test_count_modal',
          private_metadata: encodeModalMetadata(ref),
        }),
      },
    ]);
  });

  it('opens a form that takes a moment to draw in its loading view at once, then fills it in', async () => {
    const { handler } = countForm(['count']);
    const loading: FormSpec = { ...spec, title: { text: 'Loading' }, submitLabel: null, fields: [] };
    const calls: Array<[string, { view: { title?: { text?: string }; private_metadata?: string } }]> = [];
    const client = {
      views: {
        open: async (input: (typeof calls)[number][1]) => {
          calls.push(['open', input]);
          return { view: { id: 'V9', hash: 'h9' } };
        },
        update: async (input: (typeof calls)[number][1]) => {
          calls.push(['update', input]);
          return {};
        },
      },
    };
    const options = glue(handler);
    const readBacks = new Map([['test.count', { loading }]]);
    const open = stepFormOpeners({ ...options, readBacks }).get('count');
    const answer = await open?.({
      client: client as never,
      triggerId: 'trig-2',
      ref,
      locale: 'en',
      personId: 'feng-xiaoyu',
      workspaceId: 'T1',
    });
    expect(answer).toBeNull();
    expect(
      calls.map(([method, input]) => [method, input.view.title?.text, input.view.private_metadata]),
    ).toEqual([
      ['open', 'Loading', encodeModalMetadata(ref)],
      ['update', 'Count', encodeModalMetadata(ref)],
    ]);
    expect(calls[0]?.[1]).toMatchObject({ trigger_id: 'trig-2' });
    expect(calls[1]?.[1]).toMatchObject({ view_id: 'V9', hash: 'h9' });
  });
});
