import { describe, expect, it } from 'vitest';
import {
  type ButtonArgs,
  buttonIo,
  type FormSubmissionSteps,
  formSubmission,
  type InteractionIo,
  type InteractionSteps,
  runInteraction,
  type ViewArgs,
} from '../../src/chat/slack/interactions.ts';
import { slackText } from '../../src/chat/slack/messages.ts';
import { viewValues } from '../../src/chat/slack/view-state.ts';
import type { Actor } from '../../src/org/chat-accounts.ts';
import { AppError } from '../../src/shared/errors.ts';
import { type Locale, t } from '../../src/shared/i18n.ts';
import { captureLogs } from '../support/logs.ts';

const WANG: Actor = { personId: 'p-wang', locale: 'en' };

/** An interaction's platform side that records, in order, everything done to it. */
function recordingIo(options: { actor?: Actor | null; locale?: Locale } = {}) {
  const events: string[] = [];
  const answers: string[] = [];
  const logs = captureLogs();
  const io: InteractionIo = {
    async ack() {
      events.push('ack');
    },
    context: {
      log: logs.logger,
      locale: async () => {
        events.push('locale');
        return options.locale ?? 'en';
      },
      actor: async () => (options.actor === undefined ? WANG : options.actor),
    },
    async answer(text) {
      events.push('answer');
      answers.push(text);
    },
  };
  return { io, events, answers, logs };
}

/** Steps that record the calls and start whatever `start` does. */
function recordingSteps(
  events: string[],
  start: (actor: Actor, value: string) => Promise<string> = async (_actor, value) => `done ${value}`,
  parse: InteractionSteps<string, string>['parse'] = () => ({ ok: true, value: 'item-1' }),
): InteractionSteps<string, string> {
  return {
    parse(locale) {
      events.push('parse');
      return parse(locale);
    },
    async start(actor, value) {
      events.push('start');
      return start(actor, value);
    },
    describe: (result, _value, locale) => `${locale}: ${result}`,
  };
}

describe('runInteraction: ack → parse → start → answer', () => {
  it('acknowledges before anything else, then reads, starts and answers in that order', async () => {
    const { io, events, answers } = recordingIo();
    await runInteraction(io, recordingSteps(events));
    expect(events).toEqual(['ack', 'locale', 'parse', 'start', 'answer']);
    expect(answers).toEqual(['en: done item-1']);
  });

  it('answers a payload it cannot read in the person’s language, without starting anything', async () => {
    const { io, events, answers } = recordingIo({ locale: 'zh' });
    await runInteraction(
      io,
      recordingSteps(events, undefined, (locale) => ({
        ok: false,
        answer: t(locale, 'error.invalid_payload'),
      })),
    );
    expect(events).not.toContain('start');
    expect(answers).toEqual([t('zh', 'error.invalid_payload')]);
  });

  it('gives someone linked to nobody the not-linked answer, in their language, and starts nothing', async () => {
    const { io, events, answers } = recordingIo({ actor: null, locale: 'zh' });
    await runInteraction(io, recordingSteps(events));
    expect(events).not.toContain('start');
    expect(answers).toEqual([slackText('zh', 'not_linked')]);
  });

  it('answers a refusal in its own words and logs it once, as a refusal', async () => {
    const { io, events, answers, logs } = recordingIo();
    const refusal = new AppError('supply_owed_none', 'nothing owed', {
      messageKey: 'error.supply_owed_none',
    });
    await runInteraction(
      io,
      recordingSteps(events, async () => {
        throw refusal;
      }),
    );
    expect(answers).toEqual([t('en', 'error.supply_owed_none')]);
    const logged = logs.lines().filter((line) => line.code === 'supply_owed_none');
    expect(logged).toHaveLength(1);
    expect(logged[0]?.level).toBe('warn');
  });

  it('logs an unexpected failure once, with the reference the person is given', async () => {
    const { io, events, answers, logs } = recordingIo();
    await runInteraction(
      io,
      recordingSteps(events, async () => {
        throw new Error('database went away');
      }),
    );
    const failures = logs.lines().filter((line) => line.level === 'error');
    expect(failures).toHaveLength(1);
    const ref = String(failures[0]?.ref);
    expect(ref).toMatch(/^[0-9A-F]{8}$/);
    expect(answers).toEqual([t('en', 'error.unexpected', { ref })]);
  });

  it('says nothing more when the feature has nothing to say', async () => {
    const { io, events, answers } = recordingIo();
    await runInteraction(io, { ...recordingSteps(events), describe: () => null });
    expect(events).toContain('start');
    expect(answers).toEqual([]);
  });
});

/** A fake Web API client that records the direct messages it is asked to send. */
function recordingClient() {
  const sent: Array<{ channel: string; text: string }> = [];
  const client = {
    conversations: { open: async ({ users }: { users: string }) => ({ channel: { id: `D-${users}` } }) },
    chat: {
      postMessage: async (message: { channel: string; text: string }) => {
        sent.push(message);
        return { ok: true };
      },
    },
  };
  return { client, sent };
}

describe('buttonIo', () => {
  it('answers ephemerally through the response_url, and in a DM where the button has none', async () => {
    const replies: unknown[] = [];
    const { client, sent } = recordingClient();
    const base = { body: { user: { id: 'U1' } }, client, ack: async () => {}, context: {} };
    await buttonIo({
      ...base,
      respond: async (message: unknown) => replies.push(message),
    } as unknown as ButtonArgs).answer('hello');
    expect(replies).toEqual([{ response_type: 'ephemeral', replace_original: false, text: 'hello' }]);
    expect(sent).toEqual([]);
    await buttonIo({ ...base, respond: undefined } as unknown as ButtonArgs).answer('from home');
    expect(sent).toEqual([{ channel: 'D-U1', text: 'from home' }]);
  });
});

describe('formSubmission', () => {
  /** One submission of a form whose single text field holds `note`, answered by `steps`. */
  async function submit(
    steps: FormSubmissionSteps<string, string>,
    options: { note?: string; actor?: Actor | null } = {},
  ) {
    const acks: unknown[] = [];
    const { client, sent } = recordingClient();
    const logs = captureLogs();
    const args = {
      ack: async (response?: unknown) => {
        acks.push(response ?? null);
      },
      body: { user: { id: 'U1' }, team: { id: 'T1' } },
      view: {
        id: 'V1',
        private_metadata: '',
        state: {
          values: { note_block: { note_input: { type: 'plain_text_input', value: options.note ?? 'hi' } } },
        },
      },
      context: {
        log: logs.logger,
        locale: async () => 'en' as const,
        actor: async () => (options.actor === undefined ? WANG : options.actor),
      },
      client,
    } as unknown as ViewArgs;
    await formSubmission({ formDeadline: () => new Promise(() => {}) }, steps)(args);
    return { acks, sent, logs };
  }

  const steps = (started: string[]): FormSubmissionSteps<string, string> => ({
    parse: ({ view }, locale) => {
      const note = viewValues(view).text('note_block', 'note_input').trim();
      return note
        ? { ok: true, value: note }
        : { ok: false, errors: { note_block: t(locale, 'seal.lost.error.note') } };
    },
    errorBlock: 'note_block',
    errorFieldOf: (error) => (error.code === 'bad_category' ? 'category_block' : null),
    start: async (actor, note, form) => {
      started.push(`${actor.personId} ${note} ${form.view.id} ${form.workspaceId}`);
      return note.toUpperCase();
    },
    describe: (result, _note, locale) => `${locale} ${result}`,
  });

  it('shows a wrong field on the form and starts nothing', async () => {
    const started: string[] = [];
    const { acks, sent } = await submit(steps(started), { note: '  ' });
    expect(acks).toEqual([
      { response_action: 'errors', errors: { note_block: t('en', 'seal.lost.error.note') } },
    ]);
    expect(started).toEqual([]);
    expect(sent).toEqual([]);
  });

  it('closes the form once the work is done, then tells the person in a DM', async () => {
    const started: string[] = [];
    const { acks, sent } = await submit(steps(started));
    expect(started).toEqual(['p-wang hi V1 T1']);
    expect(acks).toEqual([null]);
    expect(sent).toEqual([{ channel: 'D-U1', text: 'en HI' }]);
  });

  it('shows a refusal under the field it belongs to, and keeps the form open', async () => {
    const { acks, sent } = await submit({
      ...steps([]),
      start: async () => {
        throw new AppError('bad_category', 'unknown category', { messageKey: 'error.invalid_payload' });
      },
    });
    expect(acks).toEqual([
      { response_action: 'errors', errors: { category_block: t('en', 'error.invalid_payload') } },
    ]);
    expect(sent).toEqual([]);
  });

  it('shows what the check refuses beside its field, before any work starts', async () => {
    const started: string[] = [];
    const checked: Array<string | null> = [];
    const { acks, sent } = await submit(
      {
        ...steps(started),
        check: async (actor, note) => {
          checked.push(actor?.personId ?? null);
          return note === 'secret' ? { category_block: 'not cleared' } : null;
        },
      },
      { note: 'secret' },
    );
    expect(checked).toEqual(['p-wang']);
    expect(acks).toEqual([{ response_action: 'errors', errors: { category_block: 'not cleared' } }]);
    expect(started).toEqual([]);
    expect(sent).toEqual([]);
  });

  it('refuses someone linked to nobody on the form, under its error block', async () => {
    const started: string[] = [];
    const { acks } = await submit(steps(started), { actor: null });
    expect(acks).toEqual([
      { response_action: 'errors', errors: { note_block: slackText('en', 'not_linked') } },
    ]);
    expect(started).toEqual([]);
  });
});
