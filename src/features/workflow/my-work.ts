// The person's work (我的待办), read from the database: what waits on them, what they started that
// is still under way, and what finished lately. The App Home shows it, and so does the `todo`
// command where a platform has no home tab. Read at the moment it is shown, from the committed
// state.

import type { RichText } from '../../chat/core/reply.ts';
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

/** One row of a feature's part of the work: its text (title line, then details). */
export interface WorkSectionRow {
  /** Unique within the part (an instance id). */
  key: string;
  text: RichText;
}

/** A feature's part of the person's work as read for one person (本周会议 …). */
export interface WorkSectionView {
  /** The part's title, without a count. */
  title: string;
  /** Its rows, in the order shown. */
  rows: readonly WorkSectionRow[];
  /** Shown when there are no rows; a part without it is left out when empty. */
  empty?: string;
  /** A line under the rows (where the rows are found elsewhere, what was left out). */
  note?: string;
}

/**
 * A part a feature adds to the person's work, shown after 待我办理 on the App Home and in the
 * `todo` reply. Read at the moment the work is shown; null when it has nothing to say.
 */
export interface WorkSection {
  /** Unique across features: the blocks' keys and clashes name it. */
  key: string;
  /**
   * Flows whose items waiting on the person this part lists instead of 待我办理 (会议决定事项), so
   * that no item is listed twice.
   */
  takesWaiting?: readonly string[];
  read(input: { personId: string; locale: Locale; now: Date }): Promise<WorkSectionView | null>;
}

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
  /** The features' own parts (本周会议 …), in the features' order, each with its key. */
  extra?: ReadonlyArray<WorkSectionView & { key: string }>;
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
  /** The features' parts of the work (see {@link WorkSection}). */
  sections?: readonly WorkSection[];
}

/** Reads one person's work, named in `locale`. */
export function createMyWorkReader(deps: MyWorkDeps) {
  const { prisma, clock } = deps;
  const kindLabelOf = (definitionId: string): LocalizedText =>
    deps.definitions.get(definitionId)?.name ?? { zh: definitionId, en: definitionId };

  return async function workOf(personId: string, locale: Locale): Promise<MyWork> {
    const now = clock.now();
    // One row more than shown only matters for the count, which each query returns anyway.
    const [waiting, mine, finished, extra] = await Promise.all([
      listWaitingOn(prisma, personId, now),
      listStartedBy(prisma, personId, now, { openOnly: true, limit: MY_WORK_SECTION_LIMIT }),
      listRecentlyFinished(prisma, personId, now, {
        days: MY_WORK_FINISHED_DAYS,
        limit: MY_WORK_SECTION_LIMIT,
      }),
      Promise.all(
        (deps.sections ?? []).map(async (section) => {
          const view = await section.read({ personId, locale, now });
          return view === null ? null : { ...view, key: section.key };
        }),
      ),
    ]);
    const taken = new Set((deps.sections ?? []).flatMap((section) => section.takesWaiting ?? []));
    const takenCount =
      taken.size === 0
        ? 0
        : await prisma.workflowInstance.count({
            where: { waitingOn: { has: personId }, definitionId: { in: [...taken] } },
          });
    const waitingHere = waiting.items.filter((item) => !taken.has(item.definitionId));
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
      waiting: {
        items: waitingHere.slice(0, MY_WORK_SECTION_LIMIT),
        total: Math.max(waiting.total - takenCount, waitingHere.length),
      },
      mine,
      finished,
      names: new Map(people.map((p) => [p.id, displayNameOf(p, locale)])),
      extra: extra.filter(
        (view): view is WorkSectionView & { key: string } =>
          view !== null && (view.rows.length > 0 || view.empty !== undefined),
      ),
      kindLabelOf,
    };
  };
}
