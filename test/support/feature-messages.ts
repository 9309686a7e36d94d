// Installs every feature's messages before each test file, as the composition root does for the
// enabled features (src/bot.ts): unit tests build cards, forms and lists without a bot.

import { ARCHIVE_MESSAGES } from '../../src/features/archive/messages.ts';
import { CHASING_MESSAGES } from '../../src/features/chasing/messages.ts';
import { DOCUMENTS_MESSAGES } from '../../src/features/documents/messages.ts';
import { MEETINGS_FEATURE_MESSAGES } from '../../src/features/meetings/minutes-messages.ts';
import { REPORTS_MESSAGES } from '../../src/features/reports/messages.ts';
import { SEAL_MESSAGES } from '../../src/features/seal/messages.ts';
import { SUPPLY_MESSAGES } from '../../src/features/supply/messages.ts';
import { installMessages, type MessageCatalog } from '../../src/shared/i18n.ts';

/** Every feature's messages by feature name (the names their modules give). */
export const FEATURE_MESSAGES: Readonly<Record<string, MessageCatalog>> = {
  archive: ARCHIVE_MESSAGES,
  chasing: CHASING_MESSAGES,
  documents: DOCUMENTS_MESSAGES,
  meetings: MEETINGS_FEATURE_MESSAGES,
  reports: REPORTS_MESSAGES,
  seal: SEAL_MESSAGES,
  supply: SUPPLY_MESSAGES,
};

for (const [feature, catalog] of Object.entries(FEATURE_MESSAGES)) installMessages(feature, catalog);
