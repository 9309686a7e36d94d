// Showing a command's answer where there are no modals and no ephemeral messages (DingTalk, WeCom):
// in the person's own chat with the bot, a form as its web-form link, a file as a line and the
// file. Each platform gives how it sends a reply, a text and a file to that person. And the
// callbacks a platform may deliver twice, remembered for a while so the second does nothing.

import type { Locale } from '../../shared/i18n.ts';
import type { Logger } from '../../shared/logger.ts';
import type { WebFormLinker } from './adapter.ts';
import { answerWithoutModals, type CommandAnswer } from './commands.ts';
import { plainOf, type Reply } from './reply.ts';

/** How a platform sends to the person who asked. */
export interface AnswerSink {
  reply(reply: Reply): Promise<unknown>;
  text(text: string): Promise<unknown>;
  file(file: { name: string; bytes: Uint8Array; mimeType: string }): Promise<unknown>;
}

/**
 * Shows `answer` through `sink`. A failure is logged, not thrown: an answer is not kept for later,
 * the person asks again once the platform takes calls again.
 */
export async function showAnswer(
  answer: CommandAnswer,
  input: {
    personId: string | null;
    locale: Locale;
    webForms: { linkFor: WebFormLinker; hasForm(formId: string): boolean } | null;
    log: Logger;
  },
  sink: AnswerSink,
): Promise<void> {
  const { webForms } = input;
  const shown = answerWithoutModals(answer, {
    personId: input.personId,
    locale: input.locale,
    forms: { linkFor: webForms?.linkFor ?? null, hasForm: (formId) => webForms?.hasForm(formId) ?? false },
  });
  try {
    switch (shown.kind) {
      case 'reply':
        await sink.reply(shown.reply);
        return;
      case 'error':
        await sink.text(plainOf(shown.text));
        return;
      case 'file': {
        const { filename, content, comment } = shown.file;
        await sink.text(plainOf(comment));
        await sink.file({ name: filename, bytes: content, mimeType: mimeTypeOf(filename) });
        return;
      }
      case 'none':
        return;
    }
  } catch (error) {
    input.log.warn({ err: error }, 'could not show an answer');
  }
}

/** The MIME type of a command's file answer (registers and ledgers are CSV). */
export function mimeTypeOf(filename: string): string {
  if (filename.endsWith('.csv')) return 'text/csv';
  if (filename.endsWith('.png')) return 'image/png';
  return 'application/octet-stream';
}

/**
 * Keys seen lately (at most `max`, the oldest forgotten first): `seenBefore` answers whether a key
 * came already, and remembers it otherwise.
 */
export function createSeenKeys(max: number): { seenBefore(key: string): boolean } {
  const seen = new Set<string>();
  return {
    seenBefore(key) {
      if (seen.has(key)) return true;
      seen.add(key);
      if (seen.size > max) seen.delete(seen.values().next().value as string);
      return false;
    },
  };
}
