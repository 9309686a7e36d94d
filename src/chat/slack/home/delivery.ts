// The App Home tab from the database: what waits on a person, what they started, what finished
// lately. Published when they open the tab, and again through the outbox kind `home.refresh`
// whenever a transition may have changed their lists. Like the cards, it renders at delivery time
// from the CURRENT committed state: the payload only says whose home to bring up to date.

import type { types } from '@slack/bolt';
import { createMyWorkReader, type MyWorkDeps } from '../../../features/workflow/my-work.ts';
import { fromDatabase, type JsonValue } from '../../../outbox/delivery.ts';
import { homeRefreshPayloadSchema, OUTBOX_KINDS } from '../../../outbox/intents.ts';
import type { Locale } from '../../../shared/i18n.ts';
import { slackAccountOf } from '../slack-accounts.ts';
import { defineSlackKind, type SlackDelivery } from '../slack-delivery.ts';
import { buildAppHomeView } from './blocks.ts';

/** The outbox kind that republishes one person's App Home. */
export const HOME_OUTBOX_KIND = OUTBOX_KINDS.homeRefresh;

/** What the home reads: the person's work's sources. */
export type HomeDeps = MyWorkDeps;

/** Renders homes: for a directory person, or for whoever a Slack user is. */
export function createHomeRenderer(deps: HomeDeps) {
  const workOf = createMyWorkReader(deps);
  const viewOf = async (personId: string, locale: Locale): Promise<types.HomeView> =>
    buildAppHomeView(locale, await workOf(personId, locale));
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
