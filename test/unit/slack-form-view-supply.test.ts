import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildSealLostModal, buildSealStampModal } from '../../src/chat/slack/seal/blocks.ts';
import { buildSupplyIssueModal } from '../../src/chat/slack/supply/blocks.ts';
import {
  supplyCountModal,
  supplyEditModal,
  supplyImportModal,
  supplyOwedModal,
  supplyPlanModal,
  supplyRequestModal,
  supplyStockInModal,
} from '../support/supply-modals.ts';
import {
  sealLostCases,
  sealStampCases,
  supplyCountCases,
  supplyEditCases,
  supplyImportCases,
  supplyIssueCases,
  supplyOwedCases,
  supplyPlanCases,
  supplyRequestCases,
  supplyStockInCases,
} from './fixtures/supply-modal-view-cases.ts';

// The views recorded from the builders the /supply forms and the custodian's seal forms had before
// they moved onto FormSpec (as slack-form-view.test.ts does for the action and seal request forms);
// the /supply forms drawn as the glue opens a form answer, through the forms' Slack bindings.
const recorded = JSON.parse(
  readFileSync(new URL('./fixtures/legacy-supply-modal-views.json', import.meta.url), 'utf8'),
) as Record<string, Record<string, unknown>>;

/** JSON with keys sorted: what Slack reads, where the order of an object's keys means nothing. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

function same(form: string, name: string, view: unknown) {
  expect(view).toStrictEqual(recorded[form]?.[name]);
  expect(canonical(view)).toBe(canonical(recorded[form]?.[name]));
}

describe('the /supply and seal custodian forms drawn from a FormSpec keep the Slack views they had', () => {
  it.each(supplyRequestCases())('the request form: %s', (name, input) => {
    same('supplyRequest', name, supplyRequestModal(input));
  });
  it.each(supplyIssueCases())('the issue form: %s', (name, input) => {
    same('supplyIssue', name, buildSupplyIssueModal(input));
  });
  it.each(supplyImportCases())('the import form: %s', (name, locale) => {
    same('supplyImport', name, supplyImportModal(locale));
  });
  it.each(supplyStockInCases())('the stock-in form: %s', (name, input) => {
    same('supplyStockIn', name, supplyStockInModal(input));
  });
  it.each(supplyOwedCases())('the owed form: %s', (name, input) => {
    same('supplyOwed', name, supplyOwedModal(input));
  });
  it.each(supplyEditCases())('the catalog form: %s', (name, input) => {
    same('supplyEdit', name, supplyEditModal(input));
  });
  it.each(supplyCountCases())('the count form: %s', (name, input) => {
    same('supplyCount', name, supplyCountModal(input));
  });
  it.each(supplyPlanCases())('the plan form: %s', (name, input) => {
    same('supplyPlan', name, supplyPlanModal(input));
  });
  it.each(sealStampCases())('the stamp form: %s', (name, input) => {
    same('sealStamp', name, buildSealStampModal(input));
  });
  it.each(sealLostCases())('the lost-seal form: %s', (name, input) => {
    same('sealLost', name, buildSealLostModal(input));
  });
});
