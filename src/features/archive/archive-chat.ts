// The database side of `/archive` (its neutral commands, and the add form's submission): who the
// person asking is (and their clearance), search pages, `/archive add` and `/archive intake`.

import { DateTime } from 'luxon';
import type { ArchiveQuery } from '../../domain/archive/query.ts';
import type { SecrecyLevel } from '../../domain/org.ts';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import type { Clock } from '../../shared/clock.ts';
import {
  type ArchiveEntry,
  type ArchiveViewer,
  createEntry,
  loadArchiveSettings,
  type NewEntry,
} from './catalog.ts';
import { type IntakeResult, intakeHandoffs } from './intake.ts';
import { type ArchiveSearchPage, searchEntries } from './search.ts';

/** What `/archive add` asks for (the 档号 is assigned). */
export type ArchiveAddForm = Pick<
  NewEntry,
  'title' | 'docNumber' | 'year' | 'category' | 'retention' | 'secrecy' | 'pages' | 'location'
>;

/** The services the `/archive` listener calls. */
export interface ArchiveChatDeps {
  /** A person of the directory with their clearance and roles. */
  viewerOf(personId: string): Promise<ArchiveViewer & { roles: string[] }>;
  search(viewer: ArchiveViewer, query: ArchiveQuery, page: number): Promise<ArchiveSearchPage>;
  /** The unit's categories (for the add form). */
  categories(): Promise<string[]>;
  /** Adds once per `requestKey` (`view:<view id>`): the same form sent again returns its entry. */
  add(actorId: string, form: ArchiveAddForm, requestKey?: string): Promise<ArchiveEntry>;
  intake(actorId: string): Promise<IntakeResult>;
  /** The current year in the unit's time zone (the add form's default). */
  thisYear(): number;
}

/** The deps of the `/archive` listener over the database. */
export function createArchiveChatDeps(deps: {
  prisma: PrismaClient;
  clock: Clock;
  timeZone: string;
}): ArchiveChatDeps {
  const { prisma, clock } = deps;
  return {
    async viewerOf(id) {
      const row = await prisma.person.findUniqueOrThrow({
        where: { id },
        select: { roles: true, clearance: true },
      });
      return { personId: id, clearance: row.clearance as SecrecyLevel, roles: row.roles };
    },
    search: (viewer, query, page) => searchEntries(prisma, query, viewer, page),
    categories: async () => (await loadArchiveSettings(prisma)).categories.map((c) => c.name),
    add: (actorId, form, requestKey) =>
      createEntry(
        { prisma, now: clock.now() },
        { ...form, source: 'manual', createdById: actorId, requestKey: requestKey ?? null },
      ),
    intake: (actorId) => intakeHandoffs({ prisma, clock }, { actorId }),
    thisYear: () => DateTime.fromJSDate(clock.now()).setZone(deps.timeZone).year,
  };
}
