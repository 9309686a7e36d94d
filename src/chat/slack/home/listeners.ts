import type { App, types } from '@slack/bolt';
import type { Locale } from '../../../shared/i18n.ts';
import type { SlackRequestContext } from '../request-context.ts';
import { buildAppHomeView } from './blocks.ts';

/** Renders a person's home from the database (their work); see home/delivery.ts. */
export interface AppHomeDeps {
  /** The home of a directory person, or the welcome for someone linked to nobody (null). */
  viewForPerson(personId: string | null, locale: Locale): Promise<types.HomeView>;
}

/**
 * Publishes the App Home tab when a user opens it: their work when the bot has the database side
 * (`deps`), else the welcome alone.
 */
export function registerAppHomeListeners(app: App<SlackRequestContext>, deps?: AppHomeDeps): void {
  app.event('app_home_opened', async ({ event, client, context }) => {
    // The same event fires for the Messages tab; only the Home tab shows a view.
    if (event.tab !== 'home') return;
    const locale = await context.locale();
    const view = deps
      ? await deps.viewForPerson((await context.actor())?.personId ?? null, locale)
      : buildAppHomeView(locale);
    await client.views.publish({ user_id: event.user, view });
    context.log.info('App Home published');
  });
}
