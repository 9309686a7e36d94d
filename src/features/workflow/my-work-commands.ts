// 我的待办 as a command, for platforms without a home tab: typed as `待办`, `我的待办` or `todo`, it
// answers with the same reply Slack's App Home shows. Text-only: Slack shows the work on its home
// tab and declares no `/todo`.

import { asPerson, type CommandHandler, replyAnswer } from '../../chat/core/commands.ts';
import { createMyWorkReader, type MyWorkDeps } from './my-work.ts';
import { myWorkReply } from './my-work-reply.ts';

/** The command's name (its first word where commands are typed as text). */
export const MY_WORK_COMMAND = 'todo';

/** The `todo` command: the asking person's work. */
export function myWorkCommands(deps: MyWorkDeps): CommandHandler[] {
  const workOf = createMyWorkReader(deps);
  return [
    {
      command: MY_WORK_COMMAND,
      words: ['待办', '我的待办'],
      textOnly: true,
      // Whatever follows the command asks for nothing more: the work is one view.
      handle: (_text, context) =>
        asPerson(context, async (actor) =>
          replyAnswer(myWorkReply(context.locale, await workOf(actor.personId, context.locale))),
        ),
    },
  ];
}
