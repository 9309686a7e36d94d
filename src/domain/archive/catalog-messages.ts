// User-facing texts of the archive catalog and search (`/archive <words>`, `/archive add`,
// `/archive intake`, imports, fixity), in the shape of the i18n catalog (`src/shared/i18n.ts`
// merges them): `error.<code>` for the AppError codes of src/features/archive/{catalog,fixity,
// import}.ts, the rest for src/chat/slack/{blocks,listeners}/archive.ts. Same placeholders in both
// languages (a test checks).

/** Chinese texts (the default language). */
export const ARCHIVE_CATALOG_MESSAGES_ZH = {
  'archive.help':
    '*档案查询* `/archive <关键词>`，如 `/archive 安全生产`、`/archive 〔2026〕12号`、`/archive 安全 year:2025 category:文书`（也可写 `年:2025 类别:文书`）。\n' +
    '• `/archive add` 档案管理员登记一条档案\n• `/archive intake` 档案管理员接收待编目的归档移交\n' +
    '• `/archive loans` 借阅情况 · `/archive appraisal` 到期鉴定\n' +
    '只显示你的涉密等级可以查看的档案；秘密及以上档案不显示题名，请按档号或文号查找。',
  'archive.query.bad_year': '年度“{value}”看不懂：请写 `year:2025` 或 `year:2020-2025`。',
  'archive.query.empty': '请写要查找的词，如 `/archive 安全生产`。',
  'archive.query.too_long': '查询太长了（最多 {value} 个字）。',
  'archive.query.unknown_filter': '“{value}”缺少取值，如 `category:文书`。',
  'archive.results.heading': '*档案查询：{query}*　第 {page} 页',
  'archive.results.none': '没有找到与“{query}”相符的档案。',
  'archive.results.more': '更多',
  'archive.results.borrow': '借阅',
  'archive.results.classified': '〔仅按编号登记〕',
  'archive.results.destroyed': '已销毁',
  'archive.results.line':
    '*{archiveNo}*　{title}\n文号：{docNumber} · {year} 年 · {category} · {retention} · {secrecy} · 存放：{location}',
  'archive.results.none_value': '—',
  'archive.results.electronic': '电子文件',
  'archive.retention.permanent': '永久',
  'archive.retention.30y': '定期30年',
  'archive.retention.10y': '定期10年',
  'archive.add.title': '登记档案',
  'archive.add.submit': '登记',
  'archive.add.field.title': '题名（秘密及以上不填）',
  'archive.add.field.doc_number': '文号',
  'archive.add.field.year': '年度',
  'archive.add.field.category': '类别',
  'archive.add.field.retention': '保管期限',
  'archive.add.field.secrecy': '密级',
  'archive.add.field.pages': '页数',
  'archive.add.field.location': '存放位置（库房-排-柜-盒）',
  'archive.add.error.year': '请填写 1900 至 2100 之间的年度。',
  'archive.add.error.pages': '页数须为正整数。',
  'archive.add.done': '已登记档案 {archiveNo}。',
  'archive.intake.none': '没有待编目的归档移交。',
  'archive.intake.done': '已接收 {count} 件归档移交并编目：{numbers}',
  'archive.intake.skipped': '另有 {count} 件已由他人编目。',
  'error.archive_entry_not_found': '没有找到这条档案。',
  'error.archive_not_archivist': '只有档案管理员可以这样做。',
  'error.archive_no_taken': '档号 {archiveNo} 已被使用。',
  'error.archive_invalid': '档案信息不完整。',
  'error.archive_invalid.classified_title': '秘密及以上档案不得登记题名，请只填文号。',
  'error.archive_invalid.title_required': '请填写题名。',
  'error.archive_invalid.category': '本单位的档号规则中没有这个类别。',
  'error.archive_invalid.file_digest': '电子文件须同时登记文件位置和 SHA-256。',
  'error.archive_no_file': '这条档案没有电子文件。',
  'error.archive_fixity_failed':
    '档案 {archiveNo} 的电子文件校验失败（SHA-256 不符或无法读取），已记录，请联系档案管理员。',
  'error.archive_import_header': '导入文件缺少这些列：{missing}。未导入任何记录。',
} as const;

/** English texts. */
export const ARCHIVE_CATALOG_MESSAGES_EN: {
  readonly [K in keyof typeof ARCHIVE_CATALOG_MESSAGES_ZH]: string;
} = {
  'archive.help':
    '*Archive search* `/archive <words>`, e.g. `/archive 安全生产`, `/archive 〔2026〕12号`, `/archive 安全 year:2025 category:文书`.\n' +
    '• `/archive add` the archivist records an entry\n• `/archive intake` the archivist catalogues documents handed over\n' +
    '• `/archive loans` loans · `/archive appraisal` retention appraisal\n' +
    'You see only entries your clearance allows; entries at secret and above have no title: search by archive number or document number.',
  'archive.query.bad_year': 'Cannot read the year “{value}”: write `year:2025` or `year:2020-2025`.',
  'archive.query.empty': 'Write what to look for, e.g. `/archive 安全生产`.',
  'archive.query.too_long': 'The query is too long (at most {value} characters).',
  'archive.query.unknown_filter': '“{value}” needs a value, e.g. `category:文书`.',
  'archive.results.heading': '*Archive search: {query}*  page {page}',
  'archive.results.none': 'No archive entry matches “{query}”.',
  'archive.results.more': 'More',
  'archive.results.borrow': 'Borrow',
  'archive.results.classified': '〔reference only〕',
  'archive.results.destroyed': 'Destroyed',
  'archive.results.line':
    '*{archiveNo}*  {title}\nNo. {docNumber} · {year} · {category} · {retention} · {secrecy} · at {location}',
  'archive.results.none_value': '—',
  'archive.results.electronic': 'electronic file',
  'archive.retention.permanent': 'Permanent',
  'archive.retention.30y': '30 years',
  'archive.retention.10y': '10 years',
  'archive.add.title': 'Record an entry',
  'archive.add.submit': 'Record',
  'archive.add.field.title': 'Title (none at secret and above)',
  'archive.add.field.doc_number': 'Document number',
  'archive.add.field.year': 'Year',
  'archive.add.field.category': 'Category',
  'archive.add.field.retention': 'Retention',
  'archive.add.field.secrecy': 'Secrecy',
  'archive.add.field.pages': 'Pages',
  'archive.add.field.location': 'Location (store-row-cabinet-box)',
  'archive.add.error.year': 'Give a year from 1900 to 2100.',
  'archive.add.error.pages': 'Pages must be a whole number.',
  'archive.add.done': 'Entry {archiveNo} recorded.',
  'archive.intake.none': 'Nothing handed over is waiting to be catalogued.',
  'archive.intake.done': 'Catalogued {count} documents handed over: {numbers}',
  'archive.intake.skipped': '{count} more were catalogued by someone else meanwhile.',
  'error.archive_entry_not_found': 'No such archive entry.',
  'error.archive_not_archivist': 'Only the archivist can do this.',
  'error.archive_no_taken': 'Archive number {archiveNo} is taken.',
  'error.archive_invalid': 'The entry is incomplete.',
  'error.archive_invalid.classified_title':
    'Entries at secret and above carry no title: give the document number only.',
  'error.archive_invalid.title_required': 'Give the title.',
  'error.archive_invalid.category': "The unit's archive-number rule has no such category.",
  'error.archive_invalid.file_digest': 'An electronic record needs both its file and its SHA-256.',
  'error.archive_no_file': 'This entry has no electronic file.',
  'error.archive_fixity_failed':
    'The electronic file of {archiveNo} failed its check (SHA-256 differs or the file cannot be read); this is recorded: ask the archivist.',
  'error.archive_import_header': 'The file lacks these columns: {missing}. Nothing was imported.',
};
