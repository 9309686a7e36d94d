import { BLOCK_KIT_LIMITS } from '../../src/chat/slack/blocks/limits.ts';

type Json = Record<string, unknown>;

/**
 * Every Block Kit limit from SLACK_RULES.md that `blocks` (a message, or a view with
 * `surface: 'view'`) breaks, as readable strings; empty when all is well.
 */
export function blockKitProblems(
  message: { text?: string; blocks: readonly unknown[] },
  surface: 'message' | 'view' = 'message',
): string[] {
  const problems: string[] = [];
  const maxBlocks =
    surface === 'message' ? BLOCK_KIT_LIMITS.blocksPerMessage : BLOCK_KIT_LIMITS.blocksPerView;
  if (message.blocks.length > maxBlocks) problems.push(`${message.blocks.length} blocks (max ${maxBlocks})`);
  if (surface === 'message') {
    if (!message.text?.trim()) problems.push('no text fallback');
    else if (message.text.length > BLOCK_KIT_LIMITS.messageText) problems.push('text fallback too long');
    const json = JSON.stringify(message.blocks).length;
    if (json > BLOCK_KIT_LIMITS.messageBlocksJson) problems.push(`blocks serialise to ${json} chars`);
  }
  message.blocks.forEach((raw, index) => {
    const block = raw as Json;
    const where = `block ${index} (${String(block.type)})`;
    const tooLong = (what: string, value: unknown, max: number) => {
      if (typeof value === 'string' && value.length > max)
        problems.push(`${where}: ${what} is ${value.length} > ${max}`);
    };
    tooLong('block_id', block.block_id, BLOCK_KIT_LIMITS.idLength);
    const text = block.text as Json | undefined;
    if (block.type === 'header') {
      if (text?.type !== 'plain_text') problems.push(`${where}: header text must be plain_text`);
      tooLong('header text', text?.text, BLOCK_KIT_LIMITS.headerText);
    }
    if (block.type === 'section') {
      tooLong('section text', text?.text, BLOCK_KIT_LIMITS.sectionText);
      const fields = (block.fields as Json[] | undefined) ?? [];
      if (fields.length > BLOCK_KIT_LIMITS.sectionFields) problems.push(`${where}: ${fields.length} fields`);
      for (const field of fields) tooLong('field', field.text, BLOCK_KIT_LIMITS.sectionFieldText);
      if (!text && fields.length === 0) problems.push(`${where}: section without text or fields`);
    }
    const elements = (block.elements as Json[] | undefined) ?? [];
    if (block.type === 'context' && elements.length > BLOCK_KIT_LIMITS.contextElements) {
      problems.push(`${where}: ${elements.length} context elements`);
    }
    if (block.type === 'actions' && elements.length > BLOCK_KIT_LIMITS.actionsElements) {
      problems.push(`${where}: ${elements.length} actions`);
    }
    for (const element of elements) {
      tooLong('action_id', element.action_id, BLOCK_KIT_LIMITS.idLength);
      if (element.type === 'button') {
        tooLong('button text', (element.text as Json | undefined)?.text, BLOCK_KIT_LIMITS.buttonText);
        tooLong('button value', element.value, BLOCK_KIT_LIMITS.buttonValue);
      }
    }
  });
  return problems;
}
