import type { App } from '@slack/bolt';
import { buildAppHomeView } from '../blocks/app-home.ts';
import type { SlackRequestContext } from '../request-context.ts';

/** Publishes the App Home tab when a user opens it. */
export function registerAppHomeListeners(app: App<SlackRequestContext>): void {
  app.event('app_home_opened', async ({ event, client, context }) => {
    // The same event fires for the Messages tab; only the Home tab shows a view.
    if (event.tab !== 'home') return;
    const locale = await context.locale();
    await client.views.publish({ user_id: event.user, view: buildAppHomeView(locale) });
    context.log.info('App Home published');
  });
}
