import { createWorkflowModule, workflowSettingsOf } from '../../src/bot.ts';
import { GENERIC_APPROVAL, weekdayCalendar } from '../../src/domain/workflow/index.ts';
import type { WorkflowDefinition, WorkflowInstance } from '../../src/domain/workflow/types.ts';
import {
  createWorkflowService,
  type WorkflowService,
  type WorkflowServiceDeps,
} from '../../src/features/workflow/workflow-service.ts';
import { loadDirectorySnapshot } from '../../src/org/directory-snapshot.ts';
import { loadOrgFile } from '../../src/org/org-file.ts';
import { syncOrg } from '../../src/org/sync-org.ts';
import type { Clock } from '../../src/shared/clock.ts';
import type { TestDatabase } from './databases.ts';
import { silentLogger } from './databases.ts';

/** A clock the test moves by hand. */
export function manualClock(start = '2026-11-23T01:30:00Z'): Clock & { advance(ms: number): void } {
  let now = new Date(start).getTime();
  return {
    now: () => new Date(now),
    advance(ms) {
      now += ms;
    },
  };
}

/** Loads the example organisation (示范县水利局) into a test database. */
export async function loadExampleOrg(t: TestDatabase): Promise<void> {
  const file = await loadOrgFile('org.example.yaml');
  await syncOrg(t.db.prisma, file.org, {
    sourceHash: file.sourceHash,
    now: new Date('2026-11-01T00:00:00Z'),
  });
}

/**
 * The bot's workflow service for the example organisation on a test database, on a clock of the
 * caller's (what RunningBot.workflowServiceAt gives the playground's demo data): every flow, its
 * hooks, the unit calendar and chasing's reminder rows. No platform delivers its rows.
 */
export async function exampleBotServiceAt(t: TestDatabase): Promise<(clock: Clock) => WorkflowService> {
  const { org } = await loadOrgFile('org.example.yaml');
  return createWorkflowModule({
    db: t.db,
    logger: silentLogger,
    clock: { now: () => new Date() },
    ...workflowSettingsOf(org),
  }).serviceAt;
}

/** The workflow service on a test database, with the generic three-step approval by default. */
export function testWorkflowService(
  t: TestDatabase,
  clock: Clock,
  onOutboxWritten?: () => void,
  options: Pick<WorkflowServiceDeps, 'transitionHooks' | 'startHooks'> & {
    definitions?: readonly WorkflowDefinition[];
  } = {},
): WorkflowService {
  const { definitions = [GENERIC_APPROVAL], ...hooks } = options;
  return createWorkflowService({
    prisma: t.db.prisma,
    clock,
    calendar: weekdayCalendar('Asia/Shanghai'),
    logger: silentLogger,
    definitions: new Map(definitions.map((d) => [d.id, d])),
    loadDirectory: loadDirectorySnapshot,
    ...(onOutboxWritten ? { onOutboxWritten } : {}),
    ...hooks,
  });
}

/**
 * `service.click` on the instance's current version by `person`, in `workspaceId`: the applied
 * instance, or an error naming what came of it instead (refused, stale…).
 */
export function applyClicks(service: WorkflowService, workspaceId: string) {
  return async (
    instance: WorkflowInstance,
    person: string,
    action: Parameters<WorkflowService['click']>[0]['action'],
  ): Promise<WorkflowInstance> => {
    const outcome = await service.click({
      instanceId: instance.id,
      workspaceId,
      actorPersonId: person,
      action,
      expectedVersion: instance.version,
    });
    if (outcome.kind !== 'applied') throw new Error(`${person} ${action.type}: ${outcome.kind}`);
    return outcome.instance;
  };
}

/** In the example org: a drafter of 水政水资源科 and the three people the generic approval asks. */
export const EXAMPLE = {
  drafter: 'xu-hui',
  deptHead: 'liu-yang',
  officeHead: 'zhao-min',
  supervisingLeader: 'wang-zhenhua',
  outsider: 'gao-yan',
} as const;
