// The /supply modals as the Slack glue opens them for a form answer: the feature's FormSpec laid
// out by the form's Slack binding (SLACK_FORM_BINDINGS), with the params the answer carries. Tests
// draw the views the builders they replaced drew, through the same route the commands take.

import type { types } from '@slack/bolt';
import type { FormSpec } from '../../src/chat/core/form-spec.ts';
import { SLACK_FORM_BINDINGS } from '../../src/chat/slack/form-bindings.ts';
import { renderSlackModal } from '../../src/chat/slack/form-view.ts';
import type { CatalogItem } from '../../src/domain/supply/catalog.ts';
import {
  type EditableItem,
  type OwedLine,
  type PrefilledLine,
  supplyCountFormSpec,
  supplyEditFormSpec,
  supplyImportFormSpec,
  supplyOwedFormSpec,
  supplyPlanFormSpec,
  supplyRequestFormSpec,
  supplyStockInFormSpec,
} from '../../src/features/supply/supply-forms.ts';
import type { Locale } from '../../src/shared/i18n.ts';

function modal(spec: FormSpec, locale: Locale, params: Record<string, string> = {}): types.ModalView {
  const binding = SLACK_FORM_BINDINGS.get(spec.id);
  if (!binding) throw new Error(`no Slack binding for ${spec.id}`);
  return renderSlackModal(spec, binding(params), locale);
}

export function supplyRequestModal(input: {
  locale: Locale;
  catalog: readonly CatalogItem[] | null;
  prefilled?: readonly PrefilledLine[];
  note?: string | null;
  reason?: string | null;
}): types.ModalView {
  const { locale, ...form } = input;
  return modal(supplyRequestFormSpec(form), locale);
}

export function supplyImportModal(locale: Locale): types.ModalView {
  return modal(supplyImportFormSpec(), locale);
}

export function supplyStockInModal(input: {
  locale: Locale;
  catalog: readonly CatalogItem[] | null;
  today: string;
}): types.ModalView {
  const { locale, ...form } = input;
  return modal(supplyStockInFormSpec(form), locale);
}

export function supplyOwedModal(input: { locale: Locale; line: OwedLine }): types.ModalView {
  return modal(supplyOwedFormSpec({ line: input.line }), input.locale, { line: input.line.lineId });
}

export function supplyEditModal(input: {
  locale: Locale;
  items: readonly EditableItem[] | null;
}): types.ModalView {
  return modal(supplyEditFormSpec({ items: input.items }), input.locale);
}

export function supplyCountModal(input: {
  locale: Locale;
  catalog: readonly CatalogItem[] | null;
}): types.ModalView {
  return modal(supplyCountFormSpec({ catalog: input.catalog }), input.locale);
}

export function supplyPlanModal(input: {
  locale: Locale;
  catalog: readonly CatalogItem[] | null;
  periods: { month: string; quarter: string };
}): types.ModalView {
  const { locale, ...form } = input;
  return modal(supplyPlanFormSpec(form), locale);
}
