// The outbox rows of one report for a group conversation: the figures, then the chart, as two
// intents on one ordering key, so the chart follows its message and a retry of one never repeats
// the other. Each platform's adapter draws them (its message layout and an uploaded PNG).

import { OUTBOX_KINDS, type OutboxIntents } from '../../outbox/intents.ts';
import type { OutboxMessageInput } from '../../outbox/outbox-message.ts';
import type { Locale } from '../../shared/i18n.ts';
import type { Report } from './queries.ts';

/** `report.post` and `report.chart` as written. */
export type ReportPayload = OutboxIntents['report.post'];

/** The two outbox rows of one report for `channel` (a group conversation), in delivery order. */
export function reportOutboxRows(input: {
  channel: string;
  locale?: Locale;
  timeZone: string;
  report: Report;
}): OutboxMessageInput[] {
  // Typed as the stored payload: a report the feature builds that the schema would refuse fails here, at compile time.
  const payload: ReportPayload = input;
  // One key per conversation: the chart goes after its message, and reports after one another.
  const orderingKey = `report:${payload.channel}`;
  // Through JSON once: what is stored is exactly what the delivery will read back.
  const stored: ReportPayload = JSON.parse(JSON.stringify(payload));
  return [
    { orderingKey, kind: OUTBOX_KINDS.reportPost, payload: stored },
    { orderingKey, kind: OUTBOX_KINDS.reportChart, payload: stored },
  ];
}
