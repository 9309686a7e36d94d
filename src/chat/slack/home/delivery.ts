// The App Home tab from the database: what waits on a person, what they started, what finished
// lately. Published when they open the tab, and again through the outbox kind `home.refresh`
// whenever a transition may have changed their lists. Like the cards, it renders at delivery time
// from the CURRENT committed state: the payload only says whose home to bring up to date.

import type { types } from '@slack/bolt';
import { displayNameOf } from '../../../domain/org.ts';
import type { LocalizedText, WorkflowDefinition } from '../../../domain/workflow/types.ts';
import {
  type DocListPage,
  listRecentlyFinished,
  listStartedBy,
  listWaitingOn,
} from '../../../features/documents/lists.ts';
import type { PrismaClient } from '../../../generated/prisma/client.ts';
import { fromDatabase, type JsonValue } from '../../../outbox/delivery.ts';
import { homeRefreshPayloadSchema, OUTBOX_KINDS } from '../../../outbox/intents.ts';
import type { Clock } from '../../../shared/clock.ts';
import type { Locale } from '../../../shared/i18n.ts';
import { slackAccountOf } from '../slack-accounts.ts';
import { defineSlackKind, type SlackDelivery } from '../slack-delivery.ts';
import { buildAppHomeView, HOME_FINISHED_DAYS, HOME_SECTION_LIMIT } from './blocks.ts';

/** The outbox kind that republishes one person's App Home. */
export const HOME_OUTBOX_KIND = OUTBOX_KINDS.homeRefresh;

export interface HomeDeps {
  prisma: PrismaClient;
  clock: Clock;
  /** The workflow definitions by id: a row's flow label is the definition's name. */
  definitions: ReadonlyMap<string, WorkflowDefinition>;
  /** The unit's time zone (organisation file). */
  timeZone: string;
}

/** Renders homes: for a directory person, or for whoever a Slack user is. */
export function createHomeRenderer(deps: HomeDeps) {
  const { prisma, clock } = deps;
  const kindLabelOf = (definitionId: string): LocalizedText =>
    deps.definitions.get(definitionId)?.name ?? { zh: definitionId, en: definitionId };

  async function viewOf(personId: string, locale: Locale): Promise<types.HomeView> {
    const now = clock.now();
    // One row more than shown only matters for the count, which each query returns anyway.
    const [waiting, mine, finished] = await Promise.all([
      listWaitingOn(prisma, personId, now),
      listStartedBy(prisma, personId, now, { openOnly: true, limit: HOME_SECTION_LIMIT }),
      listRecentlyFinished(prisma, personId, now, { days: HOME_FINISHED_DAYS, limit: HOME_SECTION_LIMIT }),
    ]);
    const waitingShown: DocListPage = {
      items: waiting.items.slice(0, HOME_SECTION_LIMIT),
      total: waiting.total,
    };
    const ids = [...new Set(mine.items.flatMap((item) => item.waitingOn))];
    const people =
      ids.length === 0
        ? []
        : await prisma.person.findMany({
            where: { id: { in: ids } },
            select: { id: true, name: true, nameEn: true },
          });
    return buildAppHomeView(locale, {
      now,
      timeZone: deps.timeZone,
      waiting: waitingShown,
      mine,
      finished,
      names: new Map(people.map((p) => [p.id, displayNameOf(p, locale)])),
      kindLabelOf,
    });
  }

  return {
    viewOf,
    /** A person's home: their work when they are an active directory person, else the welcome. */
    async viewForPerson(personId: string | null, locale: Locale): Promise<types.HomeView> {
      return personId === null ? buildAppHomeView(locale) : viewOf(personId, locale);
    },
  };
}

/** What a `home.refresh` delivery did; stored on the outbox row. */
type HomeRefreshResult = { published: true } | { skipped: 'unknown_person' | 'not_linked' | 'inactive' };

/** Registers `home.refresh` on `delivery`. A database failure before publishing is retried. */
export function registerHomeKind(delivery: SlackDelivery, deps: HomeDeps): void {
  const homes = createHomeRenderer(deps);
  delivery.register(
    HOME_OUTBOX_KIND,
    defineSlackKind({
      schema: homeRefreshPayloadSchema,
      methods: () => ['views.publish'],
      async deliver(payload, context): Promise<JsonValue> {
        const log = context.logger.child({ personId: payload.personId });
        const view = await fromDatabase<
          { skipped: 'unknown_person' | 'not_linked' | 'inactive' } | { userId: string; view: types.HomeView }
        >('render the home', async () => {
          const [person, slackUserId] = await Promise.all([
            deps.prisma.person.findUnique({
              where: { id: payload.personId },
              select: { locale: true, active: true },
            }),
            slackAccountOf(deps.prisma, payload.personId),
          ]);
          if (person === null) return { skipped: 'unknown_person' } as const;
          if (slackUserId === null) return { skipped: 'not_linked' } as const;
          if (!person.active) return { skipped: 'inactive' } as const;
          const locale: Locale = person.locale === 'en' ? 'en' : 'zh';
          return { userId: slackUserId, view: await homes.viewOf(payload.personId, locale) };
        });
        if ('skipped' in view) {
          log.debug({ reason: view.skipped }, 'Home not refreshed');
          return { skipped: view.skipped } satisfies HomeRefreshResult;
        }
        await context.call('views.publish', { user_id: view.userId, view: view.view });
        return { published: true } satisfies HomeRefreshResult;
      },
    }),
  );
}
