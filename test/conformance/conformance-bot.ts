// What every conformance harness builds its bot from: a test database with the example
// organisation (the suite's people answered in Chinese), the engine and its features on a manual
// clock, and the bot's web forms; and the two steps of a web form as people use one (find the
// link the bot sent, fill the form in over HTTP).

import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createWorkflowModule, workflowSettingsOf } from '../../src/bot.ts';
import { createFormLinkStore } from '../../src/chat/web/form-link-store.ts';
import { createWebForms } from '../../src/chat/web/web-forms.ts';
import { ACTION_FORM_FIELDS } from '../../src/features/workflow/action-form.ts';
import { loadOrgFile } from '../../src/org/org-file.ts';
import { createTestDatabase, silentLogger, type TestDatabaseKind } from '../support/databases.ts';
import { loadExampleOrg, manualClock } from '../support/workflow.ts';
import type { FormAnswer } from './harness.ts';
import { CONFORMANCE_PEOPLE } from './suite.ts';

/** The bot of a conformance harness, before its platform's adapter. */
export async function createConformanceBot(options: {
  kind: TestDatabaseKind;
  /** Names the archive folder (`conformance-<name>-…`) and the web forms' address (`http://<name>.test`). */
  name: string;
}) {
  const t = await createTestDatabase(options.kind);
  await loadExampleOrg(t);
  const prisma = t.db.prisma;
  await prisma.person.updateMany({ where: { id: { in: [...CONFORMANCE_PEOPLE] } }, data: { locale: 'zh' } });
  const { org } = await loadOrgFile('org.example.yaml');
  const clock = manualClock('2026-11-23T01:30:00Z');
  const archiveFilesDir = await mkdtemp(path.join(os.tmpdir(), `conformance-${options.name}-`));
  const module = createWorkflowModule({
    db: t.db,
    logger: silentLogger,
    clock,
    archiveFilesDir,
    ...workflowSettingsOf(org),
  });
  const webForms = createWebForms({
    secret: randomBytes(32),
    store: createFormLinkStore(prisma),
    forms: module.webForms,
    clock,
    logger: silentLogger,
    publicUrl: `http://${options.name}.test`,
    localeOf: async (personId) =>
      (await prisma.person.findUnique({ where: { id: personId } }))?.locale === 'en' ? 'en' : 'zh',
  });
  return { t, prisma, org, clock, archiveFilesDir, module, webForms };
}

/** The links to the bot's web forms in a text. */
const LINK = /https?:\/\/[^\s<>"]+\/forms\/[^\s<>"]+/u;

/** The newest web-form link among `texts`; throws when none came. */
export function latestFormLink(texts: readonly string[], personId: string): string {
  const link = texts
    .map((text) => LINK.exec(text)?.[0])
    .filter(Boolean)
    .at(-1);
  if (!link) throw new Error(`no web form link reached ${personId}`);
  return link;
}

/** Sends the web form at `link` (served on `port`) with its opinion field set to `text`. */
export async function submitWebForm(port: number, link: string, text: string): Promise<FormAnswer> {
  const url = new URL(link);
  const answer = await fetch(`http://127.0.0.1:${port}${url.pathname}${url.search}`, {
    method: 'POST',
    body: new URLSearchParams({ [ACTION_FORM_FIELDS.comment]: text }),
  });
  const html = await answer.text();
  if (answer.status === 200) return { ok: true };
  const errors = [...html.matchAll(/<p class="error" id="[^"]*">([^<]*)<\/p>/gu)].map((m) =>
    unescapeHtml(m[1] ?? ''),
  );
  return { ok: false, errors };
}

function unescapeHtml(text: string): string {
  return text
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&amp;', '&');
}
