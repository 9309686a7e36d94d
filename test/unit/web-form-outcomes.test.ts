import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FormLinkClaims } from '../../src/chat/core/form-link.ts';
import type { FormSpec } from '../../src/chat/core/form-spec.ts';
import { strong } from '../../src/chat/core/reply.ts';
import type { WebFormContext } from '../../src/chat/core/web-form.ts';
import type { FormLinkStore } from '../../src/chat/web/form-link-store.ts';
import { createWebForms } from '../../src/chat/web/web-forms.ts';
import { createLogger } from '../../src/shared/logger.ts';
import { FakeClock } from '../support/fake-clock.ts';

// What the web page makes of a form's outcome: a refusal that concerns one field is shown beside
// that field (as the modal shows it under its block), any other refusal above the form; an
// applied outcome's rich message is shown as plain words. The form's key is the link's.

const spec: FormSpec = {
  id: 'test.count',
  title: { text: 'Count' },
  submitLabel: { key: 'modal.submit' },
  notices: [],
  fields: [
    { id: 'count', kind: 'text', label: { text: 'count' }, required: true, maxLength: 10 },
    { id: 'note', kind: 'text', label: { text: 'note' }, required: false, maxLength: 50 },
  ],
};

describe('a web form’s outcome on its page', () => {
  const keys: string[] = [];
  const used = new Set<string>();
  const store: FormLinkStore = {
    isUsed: async (id) => used.has(id),
    claim: async (link: FormLinkClaims) => !used.has(link.linkId) && Boolean(used.add(link.linkId)),
    release: async (id) => {
      used.delete(id);
    },
  };
  const forms = createWebForms({
    secret: Buffer.from('k'.repeat(64)),
    store,
    clock: new FakeClock('2026-12-06T08:00:00Z'),
    logger: createLogger({ level: 'silent', pretty: false }),
    localeOf: async () => 'en',
    publicUrl: 'http://bot.test',
    forms: [
      {
        formId: 'test.count',
        load: async () => spec,
        submit: async (context: WebFormContext, values) => {
          keys.push(context.key);
          if (values.count === 'many') return { ok: false, message: 'Too many for 3', field: 'count' };
          if (values.count === 'gone') return { ok: false, message: 'It is gone', field: 'nowhere' };
          return { ok: true, message: ['Counted ', strong(String(values.count))] };
        },
      },
    ],
  });
  let server: Server;
  let base: string;
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (!forms.handle(req, res)) {
        res.writeHead(404);
        res.end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const send = (url: string, count: string) =>
    fetch(`${base}${new URL(url).pathname}${new URL(url).search}`, {
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
