// The web form route alone on a local server, for tests of what a page makes of a form: a link
// store in memory, and the route's base address once the server listens.

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll } from 'vitest';
import type { FormLinkClaims } from '../../src/chat/core/form-link.ts';
import type { FormSpec } from '../../src/chat/core/form-spec.ts';
import type { FormLinkStore } from '../../src/chat/web/form-link-store.ts';
import type { WebForms } from '../../src/chat/web/web-forms.ts';

/** A form of two text fields, a required count and an optional note. */
export const COUNT_FORM_SPEC: FormSpec = {
  id: 'test.count',
  title: { text: 'Count' },
  submitLabel: { key: 'modal.submit' },
  notices: [],
  fields: [
    { id: 'count', kind: 'text', label: { text: 'count' }, required: true, maxLength: 10 },
    { id: 'note', kind: 'text', label: { text: 'note' }, required: false, maxLength: 50 },
  ],
};

/** Links' single use, kept in memory. */
export function memoryLinkStore(): FormLinkStore {
  const used = new Set<string>();
  return {
    isUsed: async (id) => used.has(id),
    claim: async (link: FormLinkClaims) => !used.has(link.linkId) && Boolean(used.add(link.linkId)),
    release: async (id) => {
      used.delete(id);
    },
  };
}

/**
 * Serves `forms()` on a local port for the tests of the file (started before them, closed after):
 * `local(url)` is a link's address on it.
 */
export function useWebFormServer(forms: () => WebForms): { local(url: string): string } {
  let server: Server;
  let base = '';
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (!forms().handle(req, res)) {
        res.writeHead(404);
        res.end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { local: (url) => `${base}${new URL(url).pathname}${new URL(url).search}` };
}
