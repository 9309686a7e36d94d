// What a drafter submits for a new outgoing document (拟稿发文), whatever the chat platform. The
// form is features/documents/new-outgoing-form.ts; each platform draws it from that spec.

import type { DocumentDirection } from '../../domain/documents/outgoing.ts';
import type { Urgency } from '../../domain/workflow/types.ts';

/** Urgencies a drafter chooses from, most urgent first (特急 / 加急 / 平件). */
export const NEW_OUTGOING_URGENCIES = [
  'extra_urgent',
  'urgent',
  'normal',
] as const satisfies readonly Urgency[];

/** The secrecy levels drafted here; 秘密 and above are handled offline. */
export const NEW_OUTGOING_SECRECY = ['public', 'internal'] as const;

/** Lengths and counts the form and the parser agree on. */
export const NEW_OUTGOING_LIMITS = {
  title: 200,
  recipients: 500,
  draftLink: 1000,
  /** Typed copies: a few digits, full-width ones included, with room for stray spaces. */
  copiesText: 10,
  copiesMax: 9999,
  countersignDepartments: 10,
} as const;

/** A new outgoing document as the drafter submitted it. */
export interface NewOutgoingInput {
  title: string;
  docTypeId: string;
  direction: DocumentDirection;
  urgency: Urgency;
  secrecy: (typeof NEW_OUTGOING_SECRECY)[number];
  /** 主送. */
  mainRecipients: string;
  /** 抄送. */
  copyTo: string | null;
  /** 会签部门: department ids, each once, in the order chosen. */
  countersignDepartments: string[];
  /** An http(s) address of the draft (a web page or a Slack file link). */
  draftLink: string | null;
  /** 份数, 1–9999. */
  copies: number | null;
}
