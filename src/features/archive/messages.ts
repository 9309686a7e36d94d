// User texts of the archive (档案): search, the catalog, borrowing and copying, appraisal and
// destruction, in Chinese (the default) and English. The domain's refusals and the forms' texts are
// written beside the domain (src/domain/archive/*-messages.ts); this file adds the card's labels
// and gathers them all into the feature's contribution. The composition root merges them with the
// core catalog (src/shared/i18n.ts) and the other features'.

import {
  ARCHIVE_CATALOG_MESSAGES_EN,
  ARCHIVE_CATALOG_MESSAGES_ZH,
} from '../../domain/archive/catalog-messages.ts';
import { ARCHIVE_LOAN_MESSAGES_EN, ARCHIVE_LOAN_MESSAGES_ZH } from '../../domain/archive/loan-messages.ts';
import { defineMessages } from '../../shared/i18n.ts';

const zh = {
  ...ARCHIVE_LOAN_MESSAGES_ZH,
  ...ARCHIVE_CATALOG_MESSAGES_ZH,
} as const;

const en: { readonly [K in keyof typeof zh]: string } = {
  ...ARCHIVE_LOAN_MESSAGES_EN,
  ...ARCHIVE_CATALOG_MESSAGES_EN,
};

/** This feature's messages, for its module's `messages` contribution. */
export const ARCHIVE_MESSAGES = defineMessages({ zh, en });

type ArchiveMessages = typeof zh;

declare module '../../shared/i18n.ts' {
  interface Messages extends ArchiveMessages {}
}
