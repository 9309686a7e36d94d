import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { signFormLink, verifyFormLink } from '../../src/chat/core/form-link.ts';
import { FORM_LINK_SECRET_FILE, resolveFormLinkSecret } from '../../src/chat/web/form-link-secret.ts';

const secret = Buffer.from('k'.repeat(64));
const now = new Date('2026-12-06T08:00:00Z');
const later = new Date('2026-12-06T08:30:00Z');

function link(overrides: Partial<{ personId: string; formId: string; expiresAt: Date }> = {}) {
  return signFormLink(
    {
      personId: 'liu-yang',
      formId: 'workflow.action',
      params: { i: 'x', v: '3' },
      expiresAt: later,
      ...overrides,
    },
    secret,
  );
}

describe('form links', () => {
  it('open their form for their person until they expire', () => {
    const { token, claims } = link();
    expect(verifyFormLink(token, secret, { formId: 'workflow.action', now })).toEqual({ ok: true, claims });
    expect(verifyFormLink(token, secret, { formId: 'workflow.action', now, personId: 'liu-yang' }).ok).toBe(
      true,
    );
    expect(claims.params).toEqual({ i: 'x', v: '3' });
  });

  it('are each a new link, with an id of their own', () => {
    expect(link().claims.linkId).not.toBe(link().claims.linkId);
  });

  it('are refused once expired (at the expiry itself too)', () => {
    const { token } = link();
    expect(verifyFormLink(token, secret, { formId: 'workflow.action', now: later })).toMatchObject({
      ok: false,
      reason: 'expired',
      claims: { personId: 'liu-yang' },
    });
  });

  it('are refused for another form', () => {
    const { token } = link();
    expect(verifyFormLink(token, secret, { formId: 'seal.request', now })).toEqual({
      ok: false,
      reason: 'invalid',
    });
  });

  it('are refused for another person signed in', () => {
    const { token } = link();
    expect(
      verifyFormLink(token, secret, { formId: 'workflow.action', now, personId: 'zhao-min' }),
    ).toMatchObject({
      ok: false,
      reason: 'wrong_person',
    });
  });

  it('are refused when forged: another key, a changed payload, a cut or garbled token', () => {
    const { token } = link();
    const [version, payload, signature] = token.split('.') as [string, string, string];
    const changed = Buffer.from(
      Buffer.from(payload, 'base64url').toString('utf8').replace('liu-yang', 'zhao-min'),
    ).toString('base64url');
    const later2099 = Buffer.from(
      Buffer.from(payload, 'base64url')
        .toString('utf8')
        .replace(/"e":\d+/, '"e":4102444800000'),
    ).toString('base64url');
    for (const forged of [
      signFormLink(
        { personId: 'liu-yang', formId: 'workflow.action', expiresAt: later },
        Buffer.from('x'.repeat(64)),
      ).token,
      `${version}.${changed}.${signature}`,
      `${version}.${later2099}.${signature}`,
      `${version}.${payload}`,
      `${version}.${payload}.${signature.slice(0, -2)}`,
      `v2.${payload}.${signature}`,
      'nonsense',
      '',
    ]) {
      expect(verifyFormLink(forged, secret, { formId: 'workflow.action', now })).toEqual({
        ok: false,
        reason: 'invalid',
      });
    }
  });
});

describe('the link signing key', () => {
  it('is FORM_LINK_SECRET when set', async () => {
    const key = await resolveFormLinkSecret({
      configured: 's'.repeat(40),
      database: { kind: 'postgres', url: 'postgres://x/y', poolMax: 1, connectTimeoutMs: 100 },
      dataDir: '/nonexistent',
    });
    expect(key?.toString()).toBe('s'.repeat(40));
  });

  it('is none on PostgreSQL without FORM_LINK_SECRET (no web forms)', async () => {
    const key = await resolveFormLinkSecret({
      configured: undefined,
      database: { kind: 'postgres', url: 'postgres://x/y', poolMax: 1, connectTimeoutMs: 100 },
      dataDir: '/nonexistent',
    });
    expect(key).toBeNull();
  });

  it('is made once for the embedded database, kept in the data folder (owner only) and read back', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'office-bot-link-key-'));
    try {
      const target = { configured: undefined, database: { kind: 'pglite' as const, dataDir }, dataDir };
      const first = await resolveFormLinkSecret(target);
      const file = path.join(dataDir, FORM_LINK_SECRET_FILE);
      expect(first?.length).toBeGreaterThanOrEqual(32);
      expect((await readFile(file, 'utf8')).trim()).toBe(first?.toString());
      expect((await stat(file)).mode & 0o777).toBe(0o600);
      expect((await resolveFormLinkSecret(target))?.toString()).toBe(first?.toString());
      await writeFile(file, 'short\n');
      await expect(resolveFormLinkSecret(target)).rejects.toThrow(/shorter than 32/);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
