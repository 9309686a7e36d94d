// The playground's office supplies: a small catalog (one item already below its threshold, so the
// keeper has an alert to read) and requests in flight — one waiting at the office, one at the
// keeper — made through the same import and workflow service the bot uses (its hooks, working
// calendar and reminder rows: the clock control chases them as it chases real ones).

import type { Database } from '../../db/database.ts';
import { SUPPLY_STEP_IDS } from '../../domain/supply/definition.ts';
import type { Clock } from '../../shared/clock.ts';
import type { WorkflowService } from '../workflow/workflow-service.ts';
import { importCatalog, parseCatalogCsv } from './catalog.ts';
import { startSupplyRequest } from './requests.ts';

/** The demo catalog, as a keeper would import it. */
export const DEMO_SUPPLY_CATALOG = [
  '品名,规格,单位,库存,单价,预警值',
  'A4纸,70g 500张,包,40,23.50,10',
  'A3纸,70g 500张,包,3,45.00,5',
  '签字笔,0.5mm 黑,支,120,2.00,30',
  '文件夹,A4 蓝,个,25,4.50,10',
  '订书钉,24/6,盒,15,3.00,5',
  '硒鼓,HP 88A,个,2,380.00,1',
].join('\n');

const DAY_MS = 86_400_000;

/**
 * Loads the demo catalog and two requests unless the catalog already has items. Returns how many
 * requests were added.
 */
export async function seedSupplyDemo(input: {
  db: Database;
  workspaceId: string;
  timeZone: string;
  now: Date;
  /** The bot's workflow service on the demo's clock (RunningBot.workflowServiceAt). */
  serviceAt: (clock: Clock) => WorkflowService;
}): Promise<number> {
  const { db, workspaceId } = input;
  if ((await db.prisma.supplyItem.count()) > 0) return 0;
  const parsed = parseCatalogCsv(DEMO_SUPPLY_CATALOG);
  if (!parsed.ok) throw new Error('the demo supplies catalog does not parse');
  let at = new Date(input.now.getTime() - 10 * DAY_MS);
  await importCatalog(db.prisma, {
    rows: parsed.rows,
    actorId: 'zheng-tao',
    now: at,
    timeZone: input.timeZone,
  });
  const service = input.serviceAt({ now: () => at });
  const items = await db.prisma.supplyItem.findMany({ select: { id: true, name: true, spec: true } });
  const id = (name: string, spec: string) => {
    const item = items.find((i) => i.name === name && i.spec === spec);
    if (!item) throw new Error(`demo item ${name} ${spec} missing`);
    return item.id;
  };
  const demos = [
    {
      requester: 'gao-yan',
      lines: [
        { itemId: id('A4纸', '70g 500张'), quantity: 2 },
        { itemId: id('签字笔', '0.5mm 黑'), quantity: 5 },
      ],
      reason: '工程质量专题会议材料',
      waitsAt: SUPPLY_STEP_IDS.officeReview,
    },
    {
      requester: 'tang-ning',
      lines: [
        { itemId: id('文件夹', 'A4 蓝'), quantity: 6 },
        { itemId: id('A3纸', '70g 500张'), quantity: 4 },
      ],
      reason: '农村饮水工程验收资料归档',
      waitsAt: SUPPLY_STEP_IDS.issue,
    },
  ];
  for (const [index, demo] of demos.entries()) {
    at = new Date(input.now.getTime() - (3 - index) * DAY_MS);
    let instance = await startSupplyRequest(
      { service, prisma: db.prisma },
      { requesterPersonId: demo.requester, workspaceId, lines: demo.lines, reason: demo.reason },
    );
    // Approved step by step (the department head's review only where the unit has it) until it waits there.
    while (instance.steps[instance.currentStep]?.definitionStepId !== demo.waitsAt) {
      at = new Date(at.getTime() + 3_600_000);
      const actor = instance.steps[instance.currentStep]?.assignments.find(
        (a) => a.status === 'pending',
      )?.personId;
      if (!actor) throw new Error('demo supply request: nobody to approve');
      const outcome = await service.click({
        instanceId: instance.id,
        workspaceId,
        actorPersonId: actor,
        action: { type: 'approve' },
        expectedVersion: instance.version,
      });
      if (outcome.kind !== 'applied') throw new Error(`demo supply request: approve was ${outcome.kind}`);
      instance = outcome.instance;
    }
  }
  return demos.length;
}
