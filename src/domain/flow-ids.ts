// The id of every workflow definition the bot knows: the flows the organisation file may name
// (`chasing.flows`), so that a misspelt one is refused at load instead of silently doing nothing.

import { ARCHIVE_DESTROY_DEFINITION, LOAN_DEFINITIONS } from './archive/loan-definitions.ts';
import { INCOMING_DEFINITION } from './documents/incoming.ts';
import { OUTGOING_DEFINITIONS } from './documents/outgoing.ts';
import { DECISION_DEFINITION, MINUTES_DEFINITION } from './meetings/minutes.ts';
import { SEAL_DEFINITIONS } from './seal/seal-request.ts';
import { SUPPLY_DEFINITION_ID } from './supply/definition.ts';
import { GENERIC_APPROVAL } from './workflow/definition.ts';

export const FLOW_IDS: readonly string[] = [
  GENERIC_APPROVAL.id,
  ...OUTGOING_DEFINITIONS.map((d) => d.id),
  INCOMING_DEFINITION.id,
  ...SEAL_DEFINITIONS.map((d) => d.id),
  SUPPLY_DEFINITION_ID,
  ...LOAN_DEFINITIONS.map((d) => d.id),
  ARCHIVE_DESTROY_DEFINITION.id,
  MINUTES_DEFINITION.id,
  DECISION_DEFINITION.id,
];
