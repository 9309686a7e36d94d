import { afterAll, beforeAll } from 'vitest';
import type { WebForms } from '../../src/chat/web/web-forms.ts';
import type { TestDatabaseKind } from './databases.ts';
import { startTestPlayground, type TestPlayground } from './playground.ts';

// The running playground bot that the web-form tests talk to over HTTP, started once per describe
// block (beforeAll/afterAll registered here), with what each test needs to reach its forms: the
// bot's web forms, its database, and a POST of a form's fields to a link's path.

/** PostgreSQL replicas share a configured key; on PGlite the bot makes and keeps its own. */
export const WEB_FORM_TEST_SECRET = 'web-form-test-key-0123456789abcdef0123456789';

export interface WebFormPlayground {
  running(): TestPlayground;
  /** The bot's own HTTP address (where its web forms are served). */
  base(): string;
  webForms(): WebForms;
  prisma(): TestPlayground['playground']['bot']['db']['prisma'];
  /** A link the bot made (with its public URL), pointed at the running bot. */
  local(url: string): string;
  /** Posts `fields` to the link as a browser's form would, in `language`. */
  post(url: string, fields: Record<string, string | string[]>, language?: string): Promise<Response>;
}

/** Starts the playground for the enclosing describe block on `kind` and stops it after. */
export function useWebFormPlayground(kind: TestDatabaseKind): WebFormPlayground {
  let started: TestPlayground | undefined;
  let base = '';

  beforeAll(async () => {
    started = await startTestPlayground(
      kind,
      kind === 'postgres' ? { env: { FORM_LINK_SECRET: WEB_FORM_TEST_SECRET } } : {},
    );
    base = `http://127.0.0.1:${started.playground.bot.port}`;
  }, 90_000);
  afterAll(async () => {
    await started?.stop();
  });

  const running = () => {
    if (!started) throw new Error('the playground has not started');
    return started;
  };
  const local = (url: string) => `${base}${new URL(url).pathname}${new URL(url).search}`;
  return {
    running,
    base: () => base,
    webForms() {
      const forms = running().playground.bot.webForms;
      if (!forms) throw new Error('the bot serves no web forms');
      return forms;
    },
    prisma: () => running().playground.bot.db.prisma,
    local,
    post(url, fields, language = 'zh-CN') {
      const body = new URLSearchParams();
      for (const [name, value] of Object.entries(fields))
        for (const v of [value].flat()) body.append(name, v);
      return fetch(local(url), { method: 'POST', body, headers: { 'accept-language': language } });
    },
  };
}
