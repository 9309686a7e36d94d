// `doc reminders` (提醒): the office head sees what the scheduler will send next, to whom and when.
// Anyone else is told who may, and gets nothing. Reads only, so the answer goes straight out.

import { asPerson, type CommandHandler, replyAnswer, textAnswer } from '../../chat/core/commands.ts';
import { type Locale, t } from '../../shared/i18n.ts';
import { buildRemindersReply, REMINDERS_SHOWN } from './reminders-reply.ts';
import type { UpcomingReminder } from './upcoming.ts';

/** Who may see the pending reminders: 办公室负责人, who runs the supervision (督办). */
export const REMINDERS_ROLE = 'office_head';

/** `doc reminders`, as it is typed today. */
export const REMINDERS_SUBCOMMANDS = ['reminders', 'reminder', '提醒'] as const;

/** What `doc reminders` needs from the rest of the bot. */
export interface DocRemindersDeps {
  /** The unit's time zone: the times are shown in it. */
  timeZone: string;
  /** The morning digest's local time (organisation file `chasing.digest_time`). */
  digestTime: string;
  viewerOf(personId: string): Promise<{ personId: string; roles: readonly string[] }>;
  upcoming(limit: number): Promise<{ rows: UpcomingReminder[]; total: number }>;
  namesOf(personIds: readonly string[], locale: Locale): Promise<Map<string, string>>;
}

/** The `doc reminders` handler. */
export function remindersCommand(deps: DocRemindersDeps): CommandHandler {
  return {
    command: 'doc',
    subcommands: REMINDERS_SUBCOMMANDS,
    handle: (_text, context) =>
      asPerson(context, async (actor) => {
        const { locale } = context;
        const viewer = await deps.viewerOf(actor.personId);
        if (!viewer.roles.includes(REMINDERS_ROLE)) {
          context.log.info({ roles: viewer.roles }, 'reminders refused');
          return textAnswer(t(locale, 'reminders.forbidden'));
        }
        const { rows, total } = await deps.upcoming(REMINDERS_SHOWN);
        const people = [...new Set(rows.flatMap((r) => (r.personId ? [r.personId] : [])))];
        const names = await deps.namesOf(people, locale);
        return replyAnswer(
          buildRemindersReply({
            locale,
            rows,
            total,
            timeZone: deps.timeZone,
            digestTime: deps.digestTime,
            names,
          }),
        );
      }),
  };
}
