// The key web form links are signed with. Set FORM_LINK_SECRET for a bot on PostgreSQL (every
// replica must share it). The embedded database is one process with its own data folder, so the
// key can live there: made once, at random, and read back at every start, so links survive a
// restart without anyone having to choose a key.

import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { FORM_LINK_SECRET_MIN_BYTES } from '../../config.ts';
import type { DatabaseTarget } from '../../db/database.ts';

/** The file in DATA_DIR that holds the embedded database's key. */
export const FORM_LINK_SECRET_FILE = 'form-link-secret';

/**
 * The signing key: FORM_LINK_SECRET when set; else, on the embedded database, the one kept in the
 * data folder (made now if there is none); else null (PostgreSQL without a key: no web forms).
 */
export async function resolveFormLinkSecret(input: {
  configured: string | undefined;
  database: DatabaseTarget;
  dataDir: string;
}): Promise<Buffer | null> {
  if (input.configured) return Buffer.from(input.configured, 'utf8');
  if (input.database.kind !== 'pglite') return null;
  const file = path.join(input.dataDir, FORM_LINK_SECRET_FILE);
  const kept = await readKey(file);
  if (kept) return kept;
  const made = randomBytes(FORM_LINK_SECRET_MIN_BYTES).toString('hex');
  try {
    // `wx`: never overwrite a key that appeared meanwhile (links signed with it would break).
    await writeFile(file, `${made}\n`, { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const other = await readKey(file);
    if (other) return other;
    throw error;
  }
  return Buffer.from(made, 'utf8');
}

async function readKey(file: string): Promise<Buffer | null> {
  let text: string;
  try {
    text = (await readFile(file, 'utf8')).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  if (text.length < FORM_LINK_SECRET_MIN_BYTES) {
    throw new Error(
      `${file} holds a key shorter than ${FORM_LINK_SECRET_MIN_BYTES} characters; remove it to have a new one made`,
    );
  }
  return Buffer.from(text, 'utf8');
}
