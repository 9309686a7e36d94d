import { describe, expect, it } from 'vitest';
import { strong } from '../../src/chat/core/reply.ts';
import type { WebFormContext } from '../../src/chat/core/web-form.ts';
import { createWebForms } from '../../src/chat/web/web-forms.ts';
import { createLogger } from '../../src/shared/logger.ts';
import { FakeClock } from '../support/fake-clock.ts';
import { COUNT_FORM_SPEC, memoryLinkStore, useWebFormServer } from '../support/web-form-server.ts';

// What the web page makes of a form's outcome: a refusal that concerns one field is shown beside
// that field (as the modal shows it under its block), any other refusal above the form; an
// applied outcome's rich message is shown as plain words. The form's key is the link's.

describe('a web form’s outcome on its page', () => {
  const keys: string[] = [];
  const forms = createWebForms({
    secret: Buffer.from('k'.repeat(64)),
    store: memoryLinkStore(),
    clock: new FakeClock('2026-12-06T08:00:00Z'),
    logger: createLogger({ level: 'silent', pretty: false }),
    localeOf: async () => 'en',
    publicUrl: 'http://bot.test',
    forms: [
      {
        formId: 'test.count',
        load: async () => COUNT_FORM_SPEC,
        submit: async (context: WebFormContext, values) => {
          keys.push(context.key);
          if (values.count === 'many') return { ok: false, message: 'Too many for 3', field: 'count' };
          if (values.count === 'gone') return { ok: false, message: 'It is gone', field: 'nowhere' };
          return { ok: true, message: ['Counted ', strong(String(values.count))] };
        },
      },
    ],
  });
  const { local } = useWebFormServer(() => forms);

  const send = (url: string, count: string) =>
    fetch(local(url), {
      method: 'POST',
      body: new URLSearchParams({ count, note: '' }),
    });

  it('shows a refusal that concerns a field beside that field, with the submission keyed by the link', async () => {
    const url = forms.linkFor({ personId: 'liu-yang', formId: 'test.count' });
    const answer = await send(url, 'many');
    expect(answer.status).toBe(409);
    const html = await answer.text();
    expect(html).toContain('<p class="error" id="f-count-error">Too many for 3');
    expect(html).not.toContain('<p class="banner" role="alert">Too many for 3');
    const linkId = JSON.parse(
      Buffer.from(new URL(url).searchParams.get('t')?.split('.')[1] ?? '', 'base64url').toString('utf8'),
    ).l;
    expect(keys.at(-1)).toBe(`form-link:${linkId}`);
  });

  it('shows a refusal naming no field of the form above the form', async () => {
    const url = forms.linkFor({ personId: 'liu-yang', formId: 'test.count' });
    const html = await (await send(url, 'gone')).text();
    expect(html).toContain('<p class="banner" role="alert">It is gone');
    expect(html).not.toContain('class="error"');
  });

  it('shows an applied outcome’s rich message as plain words', async () => {
    const url = forms.linkFor({ personId: 'liu-yang', formId: 'test.count' });
    const answer = await send(url, '3');
    expect(answer.status).toBe(200);
    expect(await answer.text()).toContain('Counted 3');
  });
});
