import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUPPLY_DEFINITION_ID } from '../../src/domain/supply/definition.ts';
import { databaseKinds } from '../support/databases.ts';
import { type playgroundClient, startTestPlayground, type TestPlayground } from '../support/playground.ts';

// The playground's office supplies: a catalog with a low-stock item (its keeper already alerted),
// a request at the office and one at the keeper, and the page's example `/supply A4纸 5` working.

describe.each(databaseKinds)('the playground’s office supplies on %s', (kind) => {
  let running: TestPlayground;
  let pg: ReturnType<typeof playgroundClient>;
  beforeAll(async () => {
    running = await startTestPlayground(kind, { demoData: true });
    ({ pg } = running);
  }, 90_000);
  afterAll(async () => {
    await running?.stop();
  });

  it('has a catalog with a low-stock item and requests waiting at the office and the keeper', async () => {
    const prisma = running.playground.bot.db.prisma;
    const items = await prisma.supplyItem.findMany();
    expect(items).toHaveLength(6);
    expect(items.filter((i) => i.stock < i.lowStockThreshold).map((i) => i.name)).toEqual(['A3纸']);
    const requests = await prisma.workflowInstance.findMany({
      where: { definitionId: SUPPLY_DEFINITION_ID },
    });
    expect(requests.map((r) => r.waitingOn).sort()).toEqual([['zhao-min'], ['zheng-tao']]);
    await pg.waitFor(
      'U0EXAMPLE10',
      (s) => pg.dm(s).messages.find((m) => m.text.includes('库存预警：A3纸（70g 500张） 现有 3包')),
      'the keeper’s low-stock alert',
    );
  });

  it('takes the page’s example command at once', async () => {
    expect((await pg.command('U0EXAMPLE05', '/supply', 'A4纸 5')).body).toEqual({ ok: true });
    await pg.waitFor(
      'U0EXAMPLE05',
      (s) => pg.dm(s).messages.find((m) => m.ephemeral && m.text.includes('已提交“办公用品申领：A4纸×5”')),
      'the confirmation',
    );
  });
});
