/**
 * Block Kit limits the builders stay within (see SLACK_RULES.md). Slack rejects a whole message
 * for one over-long field, so builders truncate what they cannot control (titles typed by users).
 */
export const BLOCK_KIT_LIMITS = {
  blocksPerMessage: 50,
  blocksPerView: 100,
  actionsElements: 25,
  contextElements: 10,
  idLength: 255,
  sectionText: 3000,
  sectionFields: 10,
  sectionFieldText: 2000,
  headerText: 150,
  buttonText: 75,
  buttonValue: 2000,
  placeholder: 150,
  modalTitle: 24,
  privateMetadata: 3000,
  messageText: 40_000,
  /** Undocumented: past about this many characters of serialised blocks Slack answers msg_blocks_too_long. */
  messageBlocksJson: 13_200,
} as const;

// Builders shorten user text with the neutral helper (the core shortens notices the same way).
export { truncateText } from '../../../shared/text.ts';
