import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signFormLink } from '../../src/chat/core/form-link.ts';
import { createFormLinkStore } from '../../src/chat/web/form-link-store.ts';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../support/databases.ts';

// The single use of web form links, on both databases: of submissions racing for one link the
// database lets exactly one claim it, in any process, and a link given back may be claimed again.

const secret = Buffer.from('k'.repeat(64));
const now = new Date('2026-12-06T08:00:00Z');

describe.each(databaseKinds)('used form links (%s)', (kind) => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await test?.cleanup();
  });

  const newLink = (expiresAt = new Date(now.getTime() + 60_000)) =>
    signFormLink({ personId: 'liu-yang', formId: 'workflow.action', expiresAt }, secret).claims;

  it('lets exactly one of concurrent claims of a link take it, through separate stores as replicas would', async () => {
    const link = newLink();
    const stores = [createFormLinkStore(test.db.prisma), createFormLinkStore(test.db.prisma)];
    const claims = await Promise.all(
      Array.from({ length: 6 }, (_, i) => (stores[i % 2] ?? stores[0])?.claim(link, now)),
    );
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await stores[1]?.isUsed(link.linkId)).toBe(true);
    expect(await stores[0]?.claim(link, now)).toBe(false);
  });

  it('lets a link given back (its submission applied nothing) be claimed again', async () => {
    const store = createFormLinkStore(test.db.prisma);
    const link = newLink();
    expect(await store.isUsed(link.linkId)).toBe(false);
    expect(await store.claim(link, now)).toBe(true);
    await store.release(link.linkId);
    expect(await store.isUsed(link.linkId)).toBe(false);
    expect(await store.claim(link, now)).toBe(true);
  });

  it('clears the records of links expired more than a day ago when a link is used', async () => {
    const store = createFormLinkStore(test.db.prisma);
    const old = newLink(new Date(now.getTime() - 2 * 24 * 3600 * 1000));
    const recent = newLink(new Date(now.getTime() - 3600 * 1000));
    expect(await store.claim(old, new Date(now.getTime() - 3 * 24 * 3600 * 1000))).toBe(true);
    expect(await store.claim(recent, new Date(now.getTime() - 2 * 3600 * 1000))).toBe(true);
    expect(await store.claim(newLink(), now)).toBe(true);
    expect(await store.isUsed(old.linkId)).toBe(false);
    expect(await store.isUsed(recent.linkId)).toBe(true);
  });
});
