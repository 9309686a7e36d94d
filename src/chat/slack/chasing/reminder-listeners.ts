// `/doc reminders`: the office head sees what the scheduler will send next, to whom and when.
// Anyone else is told who may, and gets nothing. Reads only, so the answer goes straight out.

import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { UpcomingReminder } from '../../../features/chasing/upcoming.ts';
import { type Locale, t } from '../../../shared/i18n.ts';
import { type ActorContext, asActor } from '../actor.ts';
import type { SlackRequestContext } from '../request-context.ts';
import { buildRemindersMessage, REMINDERS_SHOWN } from './reminder-blocks.ts';

/** Who may see the pending reminders: 办公室负责人, who runs the supervision (督办). */
export const REMINDERS_ROLE = 'office_head';

/** What `/doc reminders` needs from the rest of the bot. */
export interface DocRemindersChatDeps {
  /** The unit's time zone: the times are shown in it. */
  timeZone: string;
  /** The morning digest's local time (organisation file `chasing.digest_time`). */
  digestTime: string;
  viewerOf(personId: string): Promise<{ personId: string; roles: readonly string[] }>;
  upcoming(limit: number): Promise<{ rows: UpcomingReminder[]; total: number }>;
  namesOf(personIds: readonly string[], locale: Locale): Promise<Map<string, string>>;
}

type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs<SlackRequestContext>;

/** Answers `/doc reminders` for `input.slackUserId`, as an ephemeral message. */
export async function answerDocReminders(
  args: CommandArgs,
  input: { context: ActorContext; slackUserId: string; locale: Locale },
  deps: DocRemindersChatDeps,
): Promise<void> {
  const { ack, respond, context } = args;
  const { locale } = input;
  await ack();
  const viewer = await asActor(
    input.context,
    async (text) => {
      await respond({ response_type: 'ephemeral', text });
      return null;
    },
    (actor) => deps.viewerOf(actor.personId),
  );
  if (!viewer) return;
  if (!viewer.roles.includes(REMINDERS_ROLE)) {
    context.log.info({ roles: viewer.roles }, 'reminders refused');
    await respond({ response_type: 'ephemeral', text: t(locale, 'reminders.forbidden') });
    return;
  }
  const { rows, total } = await deps.upcoming(REMINDERS_SHOWN);
  const people = [...new Set(rows.flatMap((r) => (r.personId ? [r.personId] : [])))];
  const names = await deps.namesOf(people, locale);
  const message = buildRemindersMessage({
    locale,
    rows,
    total,
    timeZone: deps.timeZone,
    digestTime: deps.digestTime,
    names,
  });
  await respond({ response_type: 'ephemeral', replace_original: false, ...message });
}
