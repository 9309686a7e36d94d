// `/supply <item> <quantity> …`: a request started at once when every typed item was found with a
// quantity; otherwise the request form, pre-filled with what could be read and a note on the rest.

import {
  asPerson,
  type CommandAnswer,
  type CommandContext,
  formAnswer,
  replyAnswer,
} from '../../chat/core/commands.ts';
import { textReply, truncateText } from '../../chat/core/reply.ts';
import { itemLabel } from '../../domain/supply/catalog.ts';
import type { TypedLine } from '../../domain/supply/command.ts';
import { type Locale, t } from '../../shared/i18n.ts';
import type { ResolvedLine, SupplyChatService } from './supply-chat.ts';
import { type PrefilledLine, SUPPLY_FORM_IDS, supplyRequestFormSpec } from './supply-forms.ts';
import { invalidCommandRich, supplyStartedReply } from './supply-replies.ts';

/** The note above a pre-filled request form: which typed items were not found or are ambiguous. */
export function inlineNote(resolved: readonly ResolvedLine[], locale: Locale): string | null {
  const notes: string[] = [];
  for (const line of resolved) {
    if (line.kind === 'missing') notes.push(t(locale, 'supply.inline.missing', { item: line.typed }));
    if (line.kind === 'ambiguous') {
      notes.push(
        t(locale, 'supply.inline.ambiguous', {
          item: line.typed,
          candidates: line.candidates.map(itemLabel).join(locale === 'en' ? ', ' : '、'),
        }),
      );
    }
    if (line.kind === 'found' && line.quantity < 1) {
      notes.push(t(locale, 'supply.inline.no_quantity', { item: itemLabel(line.item) }));
    }
  }
  return notes.length > 0 ? truncateText(notes.join(' '), 1900) : null;
}

/** Pre-filled lines of the form: found items with their quantities, the rest with quantity only. */
export function prefilledLines(resolved: readonly ResolvedLine[]): PrefilledLine[] {
  return resolved.map((line) => ({
    itemId: line.kind === 'found' ? line.item.id : null,
    quantity: line.quantity > 0 ? line.quantity : null,
  }));
}

/** Answers the typed lines: started, the pre-filled form, or a word where a quantity goes explained. */
export async function answerInline(
  deps: Pick<SupplyChatService, 'resolveLines' | 'startRequest'>,
  lines: readonly TypedLine[],
  context: CommandContext,
): Promise<CommandAnswer> {
  const { locale } = context;
  const found = await deps.resolveLines(lines);
  if (found.quantityMissing) return replyAnswer(textReply(invalidCommandRich(found.quantityMissing, locale)));
  const ready: Array<{ itemId: string; quantity: number }> = [];
  for (const line of found.resolved) {
    if (line.kind === 'found' && line.quantity > 0)
      ready.push({ itemId: line.item.id, quantity: line.quantity });
  }
  if (ready.length === found.resolved.length) {
    return asPerson(context, async (actor) => {
      const started = await deps.startRequest({
        workspaceId: context.workspaceId,
        requesterPersonId: actor.personId,
        lines: ready,
        reason: '',
        locale,
        // The request's own key: the same command delivered twice starts one request.
        startKey: context.dedupeKey,
      });
      return replyAnswer(supplyStartedReply(locale, started));
    });
  }
  return formAnswer(
    SUPPLY_FORM_IDS.request,
    supplyRequestFormSpec({
      catalog: found.catalog,
      prefilled: prefilledLines(found.resolved),
      note: inlineNote(found.resolved, locale),
    }),
  );
}
