import { describe, expect, it } from 'vitest';
import type { FormSpec } from '../../src/chat/core/form-spec.ts';
import { createWebForms, type FormViewerIdentity } from '../../src/chat/web/web-forms.ts';
import { createLogger } from '../../src/shared/logger.ts';
import { FakeClock } from '../support/fake-clock.ts';
import { memoryLinkStore, useWebFormServer } from '../support/web-form-server.ts';

// The seam for a platform's own sign-in: an identity that reads who is signed in from the request
// (here a header standing for the platform's session). The link must then be that person's; a
// link opened by someone else is refused and its form never runs.

const spec: FormSpec = {
  id: 'test.note',
  title: { text: 'Note' },
  submitLabel: { key: 'modal.submit' },
  notices: [],
  fields: [{ id: 'note', kind: 'text', label: { text: 'note' }, required: true, maxLength: 50 }],
};

/** Who the platform says is signed in. */
const signedIn: FormViewerIdentity = {
  personAt: async (req) =>
    typeof req.headers['x-signed-in'] === 'string' ? req.headers['x-signed-in'] : null,
};

describe('web forms behind a platform’s sign-in', () => {
  const applied: Array<{ personId: string; note: unknown }> = [];
  const clock = new FakeClock('2026-12-06T08:00:00Z');
  const forms = createWebForms({
    secret: Buffer.from('k'.repeat(64)),
    store: memoryLinkStore(),
    clock,
    logger: createLogger({ level: 'silent', pretty: false }),
    localeOf: async () => 'en',
    publicUrl: 'http://bot.test',
    identity: signedIn,
    forms: [
      {
        formId: 'test.note',
        load: async () => spec,
        submit: async (context, values) => {
          applied.push({ personId: context.personId, note: values.note });
          return { ok: true };
        },
      },
    ],
  });
  const { local } = useWebFormServer(() => forms);

  const send = (url: string, who: string | null) =>
    fetch(local(url), {
      method: 'POST',
      body: new URLSearchParams({ note: 'hello' }),
      headers: who ? { 'x-signed-in': who } : {},
    });

  it('applies a link opened by the person it was made for', async () => {
    const url = forms.linkFor({ personId: 'liu-yang', formId: 'test.note' });
    expect((await send(url, 'liu-yang')).status).toBe(200);
    expect(applied).toEqual([{ personId: 'liu-yang', note: 'hello' }]);
  });

  it('refuses the link to someone else signed in, or to nobody, and applies nothing', async () => {
    const url = forms.linkFor({ personId: 'liu-yang', formId: 'test.note' });
    for (const who of ['zhao-min', null]) {
      const answer = await send(url, who);
      expect(answer.status).toBe(403);
      expect(await answer.text()).toContain('Invalid link');
    }
    expect(applied).toHaveLength(1);
    // Still unused: its own person can send it.
    expect((await send(url, 'liu-yang')).status).toBe(200);
  });

  it('stops opening a link once the bot’s clock passes its expiry (30 minutes by default)', async () => {
    const url = forms.linkFor({ personId: 'liu-yang', formId: 'test.note' });
    clock.advance(29 * 60 * 1000);
    expect((await fetch(local(url), { headers: { 'x-signed-in': 'liu-yang' } })).status).toBe(200);
    clock.advance(60 * 1000);
    const expired = await send(url, 'liu-yang');
    expect(expired.status).toBe(410);
    expect(await expired.text()).toContain('Link expired');
    expect(applied).toHaveLength(2);
  });

  it('leaves other paths to the server', async () => {
    expect((await fetch(local('http://bot.test/healthz'))).status).toBe(404);
  });
});
