// A reply with buttons (a command's answer offering actions: a list's 归还, a 催一下) reaches a
// WeCom user as a button_interaction template card, so its buttons can be pressed; a reply
// without buttons stays a text message (sender.ts). The card is not recorded: a press on it is
// answered by its feature's button handler (card-clicks.ts), and it is never updated.

import { randomUUID } from 'node:crypto';
import type { Locale } from '../../../shared/i18n.ts';
import { type Reply, replyButtons } from '../../core/reply.ts';
import type { WeComApi } from '../api.ts';
import { sendReply } from '../sender.ts';
import { renderReplyTemplate } from './template-card.ts';

/** Sends `reply` to one person: a template card when it has buttons, else a text. */
export async function sendReplyWithButtons(
  api: WeComApi,
  userId: string,
  reply: Reply,
  locale: Locale,
): Promise<void> {
  if (replyButtons(reply).length === 0) {
    await sendReply(api, userId, reply);
    return;
  }
  await api.send([userId], {
    msgtype: 'template_card',
    template_card: renderReplyTemplate(reply, locale, `reply-${randomUUID()}`),
  });
}
