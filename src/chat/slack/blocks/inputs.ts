// The labelled text input the feature forms share.

import { truncateText } from './limits.ts';
import { type Block, plainText } from './message.ts';

/** A text input block; label and hint are cut to Slack's limit, `initial` to `max`. */
export function textInput(
  blockId: string,
  actionId: string,
  label: string,
  options: { max: number; initial?: string | null; multiline?: boolean; optional?: boolean; hint?: string },
): Block {
  return {
    type: 'input',
    block_id: blockId,
    optional: options.optional ?? false,
    label: plainText(truncateText(label, 2000)),
    ...(options.hint ? { hint: plainText(truncateText(options.hint, 2000)) } : {}),
    element: {
      type: 'plain_text_input',
      action_id: actionId,
      max_length: options.max,
      ...(options.multiline ? { multiline: true } : {}),
      ...(options.initial ? { initial_value: options.initial.slice(0, options.max) } : {}),
    },
  } as unknown as Block;
}
