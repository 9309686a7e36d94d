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
  // The card's key fields and their values.
  'archive.destroy.card.quarter': '鉴定季度',
  'archive.destroy.card.count': '拟销毁',
  'archive.destroy.card.list': '档号',
  'archive.destroy.card.method': '销毁方式及监销人',
  'archive.loan.card.archive_no': '档号',
  'archive.loan.card.purpose': '用途',
  'archive.loan.card.days': '借阅天数（工作日）',
  'archive.loan.card.lend_days': '出借天数（工作日）',
  'archive.loan.card.copies': '复制份数',
  'archive.loan.card.copies_made': '实际复制',
  'archive.loan.card.outside_unit': '外单位',
  'archive.loan.card.condition': '归还时状况',
  'archive.destroy.card.count_value': '{count} 件',
  'archive.destroy.card.more': ' 等{count}件',
  // The appraisal's list of entries past retention, one line each.
  'archive.appraisal.line': '• {archiveNo}{title}（{year}年，{retention}）',
  'archive.appraisal.more': '……另有 {count} 件',
} as const;

const en: { readonly [K in keyof typeof zh]: string } = {
  ...ARCHIVE_LOAN_MESSAGES_EN,
  ...ARCHIVE_CATALOG_MESSAGES_EN,
  'archive.destroy.card.quarter': 'Appraisal quarter',
  'archive.destroy.card.count': 'To destroy',
  'archive.destroy.card.list': 'Archive nos.',
  'archive.destroy.card.method': 'Method and witnesses',
  'archive.loan.card.archive_no': 'Archive no.',
  'archive.loan.card.purpose': 'Purpose',
  'archive.loan.card.days': 'Days (working days)',
  'archive.loan.card.lend_days': 'Days lent (working days)',
  'archive.loan.card.copies': 'Copies asked',
  'archive.loan.card.copies_made': 'Copies made',
  'archive.loan.card.outside_unit': 'Outside unit',
  'archive.loan.card.condition': 'Condition on return',
  'archive.destroy.card.count_value': '{count} records',
  'archive.destroy.card.more': ' … ({count})',
  'archive.appraisal.line': '• {archiveNo}{title} ({year}, {retention})',
  'archive.appraisal.more': '… and {count} more',
};

/** This feature's messages, for its module's `messages` contribution. */
export const ARCHIVE_MESSAGES = defineMessages({ zh, en });

type ArchiveMessages = typeof zh;

declare module '../../shared/i18n.ts' {
  interface Messages extends ArchiveMessages {}
}
