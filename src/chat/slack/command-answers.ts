// The features' commands and reply buttons on Slack: one slash command per command name
// (`/seal` for `seal`), one button listener per reply action. Each acknowledges first, resolves
// the person once (the request context), runs the core's handler, and draws its answer: an
// ephemeral message (a direct message for a button whose message has no response_url, as the App
// Home's), an error note, a file in their direct messages, or the form's modal (the form's Slack
// binding says where its fields sit).
// A command may send more through the person's direct conversation (a report and its files), and
// a button knows whether it was pressed there.

import type { App, webApi } from '@slack/bolt';
import { t } from '../../shared/i18n.ts';
import {
  answerCommand,
  type ButtonHandler,
  type CommandAnswer,
  type CommandContext,
  type CommandHandler,
  commandNames,
  type DirectChannel,
  type FileToSend,
  pressButton,
} from '../core/commands.ts';
import { newReferenceId } from '../core/flow.ts';
import type { RichText } from '../core/reply.ts';
import { buildErrorMessage } from './blocks/error.ts';
import { renderSlackModal, type SlackFormBindingOf } from './form-view.ts';
import { onButton } from './interactions.ts';
import { sendDirectMessage } from './listeners/errors.ts';
import { slackText } from './messages.ts';
import { renderMrkdwn, renderReply } from './reply-blocks.ts';
import type { SlackRequestContext } from './request-context.ts';

/** The modal of each form a command, a button or a card's step button opens, by form id. */
export type SlackFormBindings = ReadonlyMap<string, SlackFormBindingOf>;

/** The features' commands and reply buttons, with the modals of the forms they open. */
export interface SlackCommandOptions {
  commands: readonly CommandHandler[];
  buttons: readonly ButtonHandler[];
  forms: SlackFormBindings;
}

/** How an answer reaches the person on Slack. */
interface AnswerIo {
  /**
   * An ephemeral message to the person (or a direct message); `replace`: in place of the message
   * whose button was pressed.
   */
  send(message: { text: string; blocks?: unknown[] }, replace?: boolean): Promise<unknown>;
  /** Opens `view` for the person (with the request's trigger_id). */
  open(view: webApi.ViewsOpenArguments['view']): Promise<unknown>;
  /** Shares a file in the person's direct messages with the bot. */
  sendFile(file: FileToSend): Promise<unknown>;
}

/**
 * Registers each command name's slash command (but for text-only commands) and each reply button.
 * Returns the slash commands registered, so the runtime answers the others as not available.
 */
export function registerCommandAnswers(
  app: App<SlackRequestContext>,
  options: SlackCommandOptions,
): string[] {
  // A text-only command has no slash command: Slack's are declared in the app manifest, and a
  // slash command it does not declare would never arrive.
  const slashCommands = commandNames(options.commands.filter((h) => !h.textOnly)).map((name) => `/${name}`);
  for (const slash of slashCommands) {
    const name = slash.slice(1);
    app.command(slash, async ({ ack, command, context, respond, client }) => {
      await ack();
      const commandContext = {
        ...(await contextOf(context, command.team_id ?? null, `command:${command.trigger_id}`)),
        direct: directChannel(client, command.user_id, (text) =>
          respond({ response_type: 'ephemeral', text: renderMrkdwn(text) }),
        ),
      };
      const answer = await answerCommand(options.commands, name, command.text ?? '', commandContext);
      await deliverAnswer(answer, commandContext, options.forms, {
        send: (message) => respond({ response_type: 'ephemeral', ...message }),
        open: (view) => client.views.open({ trigger_id: command.trigger_id, view }),
        sendFile: (file) => shareInDirectMessage(client, command.user_id, file),
      });
    });
  }
  for (const button of options.buttons) {
    onButton(app, button.action, async ({ ack, action, body, context, respond, client }) => {
      await ack();
      const where = body.container?.channel_id ?? body.channel?.id ?? '';
      const commandContext = {
        ...(await contextOf(context, body.team?.id ?? null, `button:${body.trigger_id}`)),
        // Slack's direct conversations' ids start with D.
        inDirectConversation: where.startsWith('D'),
      };
      const answer = await pressButton(button, action.value ?? '', commandContext);
      await deliverAnswer(answer, commandContext, options.forms, {
        send: async (message, replace = false) => {
          if (typeof respond === 'function') {
            return respond({ response_type: 'ephemeral', replace_original: replace, ...message });
          }
          // The App Home's buttons have no response_url: a direct message instead.
          return sendDirectMessage(client, body.user.id, message.text);
        },
        open: (view) => client.views.open({ trigger_id: body.trigger_id, view }),
        sendFile: (file) => shareInDirectMessage(client, body.user.id, file),
      });
    });
  }
  return slashCommands;
}

/**
 * Sends a file answer. The file was made for the person and only its upload failed: they are
 * told, with the reference of the log line, instead of waiting for a file that will not come.
 */
async function sendFile(file: FileToSend, context: CommandContext, io: AnswerIo): Promise<void> {
  try {
    await io.sendFile(file);
  } catch (error) {
    const ref = newReferenceId();
    context.log.error({ err: error, ref }, 'could not share the file on Slack');
    await io.send(buildErrorMessage(t(context.locale, 'error.unexpected', { ref })));
  }
}

/** Uploads `file` into the person's direct messages with the bot, with its comment. */
async function shareInDirectMessage(client: webApi.WebClient, slackUserId: string, file: FileToSend) {
  const dm = await client.conversations.open({ users: slackUserId });
  const channel = dm.channel?.id;
  if (!channel) throw new Error('conversations.open answered without a channel');
  return client.filesUploadV2({
    channel_id: channel,
    file: file.content,
    filename: file.filename,
    title: file.filename,
    initial_comment: renderMrkdwn(file.comment),
  });
}

/**
 * The person's direct conversation with the bot, opened once when first used: notes go where the
 * command's answer goes (`note`), messages and files to the direct conversation.
 */
function directChannel(
  client: webApi.WebClient,
  userId: string,
  note: (text: RichText) => Promise<unknown>,
): DirectChannel {
  let channel: Promise<string> | undefined;
  const dm = () => {
    channel ??= client.conversations.open({ users: userId }).then((opened) => {
      const id = opened.channel?.id;
      if (!id) throw new Error('conversations.open answered without a channel');
      return id;
    });
    return channel;
  };
  return {
    async note(text) {
      await note(text);
    },
    async post(reply) {
      await client.chat.postMessage({ channel: await dm(), ...renderReply(reply) });
    },
    async sendFiles(files, comment) {
      const channel_id = await dm();
      const [only] = files;
      if (files.length === 1 && only) {
        await client.filesUploadV2({
          channel_id,
          file: only.content,
          filename: only.name,
          title: only.name,
          initial_comment: comment,
        });
        return;
      }
      await client.filesUploadV2({
        channel_id,
        initial_comment: comment,
        file_uploads: files.map((f) => ({ file: f.content, filename: f.name, title: f.name })),
      });
    },
  };
}

async function contextOf(
  context: SlackRequestContext,
  workspaceId: string | null,
  dedupeKey: string,
): Promise<CommandContext> {
  const [actor, locale] = await Promise.all([context.actor(), context.locale()]);
  return { workspaceId, actor, locale, dedupeKey, log: context.log };
}

/** Draws `answer` for the person: a message, an error note, or the form's modal. */
async function deliverAnswer(
  answer: CommandAnswer,
  context: CommandContext,
  forms: SlackFormBindings,
  io: AnswerIo,
): Promise<void> {
  try {
    switch (answer.kind) {
      case 'none':
        return;
      case 'reply':
        await io.send(renderReply(answer.reply), answer.replaces === true);
        return;
      case 'error':
        await io.send(buildErrorMessage(renderMrkdwn(answer.text)));
        return;
      case 'file':
        await sendFile(answer.file, context, io);
        return;
      case 'not_linked':
        await io.send({ text: slackText(context.locale, 'not_linked') });
        return;
      case 'form': {
        const binding = forms.get(answer.form.formId);
        if (!binding) throw new Error(`no Slack modal for the form ${answer.form.formId}`);
        await io.open(renderSlackModal(answer.form.spec, binding(answer.form.params), context.locale));
        return;
      }
    }
  } catch (error) {
    // The answer could not be shown (Slack refused it, the trigger expired): nothing was started
    // by showing it, so the log line is all there is to do.
    context.log.error({ err: error, answer: answer.kind }, 'could not show the answer on Slack');
  }
}
