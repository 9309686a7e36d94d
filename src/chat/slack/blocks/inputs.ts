// Input blocks the feature forms share: a labelled text input and a label in the user's language.

import { type Locale, type PlainMessageKey, t } from '../../../shared/i18n.ts';
import { truncateText } from './limits.ts';
import { type Block, plainText } from './message.ts';

/** A label from the catalog, cut to Slack's limit. */
export const inputLabel = (locale: Locale, key: PlainMessageKey) =>
  plainText(truncateText(t(locale, key), 2000));

/** A text input block; `initial` is cut to `max` (Slack refuses a longer initial value). */
export function textInput(
  blockId: string,
  actionId: string,
  label: ReturnType<typeof plainText>,
  options: { max: number; initial?: string | null; multiline?: boolean; optional?: boolean },
): Block {
  return {
    type: 'input',
    block_id: blockId,
    optional: options.optional ?? false,
    label,
    element: {
      type: 'plain_text_input',
      action_id: actionId,
      max_length: options.max,
      ...(options.multiline ? { multiline: true } : {}),
      ...(options.initial ? { initial_value: options.initial.slice(0, options.max) } : {}),
    },
  } as unknown as Block;
}
