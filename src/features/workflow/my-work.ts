// The person's work (我的待办), read from the database: what waits on them, what they started that
// is still under way, and what finished lately. The App Home shows it, and so does the `todo`
// command where a platform has no home tab. Read at the moment it is shown, from the committed
// state.

import { displayNameOf } from '../../domain/org.ts';
import type { LocalizedText, WorkflowDefinition } from '../../domain/workflow/types.ts';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import type { Clock } from '../../shared/clock.ts';
import type { Locale } from '../../shared/i18n.ts';
import { type DocListPage, listRecentlyFinished, listStartedBy, listWaitingOn } from '../documents/lists.ts';

/** Most rows one part of the work shows; the rest is counted. */
export const MY_WORK_SECTION_LIMIT = 10;
/** How far back 近期办结 looks, in days. */
export const MY_WORK_FINISHED_DAYS = 14;

/** What is shown of the person's work. */
export interface MyWork {
  now: Date;
  /** The unit's time zone (organisation file): deadlines and dates are shown in it. */
  timeZone: string;
  /** What waits on the person, in the to-do order (see compareWaiting). */
  waiting: DocListPage;
  /** What they started that is still under way, newest first. */
  mine: DocListPage;
  /** What they started or acted on that finished lately, most recently finished first. */
  finished: DocListPage;
  /** Display names of the people the rows mention (whom items wait on). */
  names: ReadonlyMap<string, string>;
  /** The flow's name (发文, 通用审批 …) by definition id. */
  kindLabelOf(definitionId: string): LocalizedText;
}

/** What reading the work needs. */
export interface MyWorkDeps {
  prisma: PrismaClient;
  clock: Clock;
  /** The workflow definitions by id: a row's flow label is the definition's name. */
  definitions: ReadonlyMap<string, WorkflowDefinition>;
  /** The unit's time zone (organisation file). */
  timeZone: string;
}

/** Reads one person's work, named in `locale`. */
export function createMyWorkReader(deps: MyWorkDeps) {
  const { prisma, clock } = deps;
  const kindLabelOf = (definitionId: string): LocalizedText =>
    deps.definitions.get(definitionId)?.name ?? { zh: definitionId, en: definitionId };

  return async function workOf(personId: string, locale: Locale): Promise<MyWork> {
    const now = clock.now();
    // One row more than shown only matters for the count, which each query returns anyway.
    const [waiting, mine, finished] = await Promise.all([
      listWaitingOn(prisma, personId, now),
      listStartedBy(prisma, personId, now, { openOnly: true, limit: MY_WORK_SECTION_LIMIT }),
      listRecentlyFinished(prisma, personId, now, {
        days: MY_WORK_FINISHED_DAYS,
        limit: MY_WORK_SECTION_LIMIT,
      }),
    ]);
    const ids = [...new Set(mine.items.flatMap((item) => item.waitingOn))];
    const people =
      ids.length === 0
        ? []
        : await prisma.person.findMany({
            where: { id: { in: ids } },
            select: { id: true, name: true, nameEn: true },
          });
    return {
      now,
      timeZone: deps.timeZone,
      waiting: { items: waiting.items.slice(0, MY_WORK_SECTION_LIMIT), total: waiting.total },
      mine,
      finished,
      names: new Map(people.map((p) => [p.id, displayNameOf(p, locale)])),
      kindLabelOf,
    };
  };
}
