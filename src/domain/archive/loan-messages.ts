// User-facing texts of archive borrowing, copying, appraisal and destruction, in the shape of the
// i18n catalog (`src/shared/i18n.ts` merges them, as it does the engine's): `error.<code>` for the
// AppError codes of src/features/archive/{loans,retention,destruction}.ts, the rest for the forms,
// lists and messages of src/chat/slack/{blocks,listeners}/archive-loans.ts. Same placeholders in
// both languages (a test checks); `listZh`/`listEn` count as one.

/** Chinese texts (the default language). */
export const ARCHIVE_LOAN_MESSAGES_ZH = {
  'card.action.step.archive_lend': '出借',
  'card.action.step.archive_return': '归还',
  'card.action.step.archive_copy_made': '已复制',
  // The requester's notice when a loan ends (instead of the generic 流程已完成), by kind of loan
  // (the notice family of all three approval shapes of borrowing, and of copying).
  'notify.approved.archive_borrow': '你借阅的「{title}」已由{by}确认归还，借阅结束。',
  'notify.approved.archive_copy': '你申请复制的「{title}」已由{by}复制并交付，已登记。',
  // How a loan's card ends (the generic 已通过 would say an approval ended it).
  'card.status.approved.archive_borrow': '已归还',
  'card.status.approved.archive_copy': '已交付',
  'archive.loan.title': '借阅或复制档案',
  'archive.loan.submit': '提交申请',
  'archive.loan.entry': '档案：{archiveNo} {title}',
  'archive.loan.kind': '方式',
  'archive.loan.kind.borrow': '借阅',
  'archive.loan.kind.copy': '复制',
  'archive.loan.purpose': '用途',
  'archive.loan.days': '借阅天数（工作日，1–{max}）',
  'archive.loan.days_hint': '借阅时填写。按工作日计算，自档案管理员出借时起算。',
  'archive.loan.copies': '复制份数（1–{max}）',
  'archive.loan.copies_hint': '复制时填写。',
  'archive.loan.outside': '外单位',
  'archive.loan.outside_hint': '代外单位借阅或复制时填写单位名称；须经分管领导批准。',
  'archive.loan.error.purpose': '请填写用途（最多 {max} 字）。',
  'archive.loan.error.days': '借阅天数应为 1 到 {max} 的整数（工作日）。',
  'archive.loan.error.copies': '复制份数应为 1 到 {max} 的整数。',
  'archive.loan.error.outside': '外单位名称最多 {max} 字。',
  'archive.loan.started': '已提交档案{kind}申请（{archiveNo}），等待{person}审批。',
  'archive.lend.title': '出借档案',
  'archive.lend.submit': '出借',
  'archive.lend.hint': '借出时间记为现在，借给申请人；到期日按出借天数（工作日）自现在起算。',
  'archive.lend.days': '出借天数（工作日）',
  'archive.lend.days_hint': '不填则按批准的天数；不能超过批准的天数。',
  'archive.lend.note': '备注',
  'archive.lend.error.days': '出借天数应为 1 到 {approved} 的整数（不超过批准的天数）。',
  'archive.step.error.gone': '此申请已不在这一步，请查看最新的卡片。',
  'archive.return.title': '归还档案',
  'archive.return.submit': '确认归还',
  'archive.return.condition': '归还时档案状况',
  'archive.return.condition_hint': '如：完好、无缺页；有损坏请写明。',
  'archive.file.comment': '您借阅的档案 {archiveNo} {title} 的电子文件，已通过完整性校验（SHA-256）。',
  'archive.file.failed_borrower':
    '档案 {archiveNo} 的电子文件未通过完整性校验（SHA-256），没有发送给您；已通知档案管理员。',
  'archive.file.failed_archivist':
    '⚠️ 档案 {archiveNo} 的电子文件未通过完整性校验（SHA-256 不符或无法读取），未发送给借阅人{borrower}。请运行 `npm run archive:verify` 查看问题清单。',
  'archive.file.classified': '档案 {archiveNo} 为涉密档案，电子文件不通过聊天发送，请到档案室查阅。',
  'archive.copy_made.title': '登记复制',
  'archive.copy_made.submit': '已复制',
  'archive.copy_made.copies': '实际复制份数',
  'archive.copy_made.error.count': '实际复制份数应为 1 到 {approved} 的整数（不超过批准的份数）。',
  'archive.loans.header.overdue': '*已逾期*（{count}）',
  'archive.loans.header.due_soon': '*即将到期*（{count}）',
  'archive.loans.header.out': '*借出中*（{count}）',
  'archive.loans.header.mine': '*我的借阅与复制*（{count}）',
  'archive.loans.empty.archivist': '目前没有借出未还的档案。',
  'archive.loans.empty.mine': '你还没有借阅或复制过档案。在 `/archive <词>` 的结果上点「借阅」即可申请。',
  'archive.loans.row': '{archiveNo} {title} · {borrower}{outside} · 到期 {due}',
  'archive.loans.row_mine': '{archiveNo} {title} · {kind} · {status}{due}',
  'archive.loans.due_suffix': ' · 到期 {due}',
  'archive.loans.outside_suffix': '（代{unit}）',
  'archive.loans.classified': '（密件）',
  'archive.loans.return_button': '归还',
  'archive.loan.status.requested': '审批中',
  'archive.loan.status.approved': '待出借',
  'archive.loan.status.lent': '借出中',
  'archive.loan.status.returned': '已归还',
  'archive.loan.status.copied': '已复制',
  'archive.loan.status.refused': '未获批准或已撤销',
  'archive.appraisal.notice':
    '【档案鉴定】{quarter}：有 {count} 件档案保管期限已满，请鉴定小组鉴定：\n{listZh}\n输入 `/archive appraisal` 查看清单并提请销毁。',
  'archive.appraisal.header': '*保管期限已满的档案*（共 {count} 件，{quarter}）',
  'archive.appraisal.empty': '目前没有保管期限已满的档案。',
  'archive.appraisal.destroy_button': '提请销毁',
  'archive.appraisal.forbidden': '只有档案管理员和办公室负责人可以查看鉴定清单。',
  'archive.destroy.title': '提请销毁档案',
  'archive.destroy.submit': '提交审批',
  'archive.destroy.intro':
    '将目前保管期限已满、在库且未借出的档案（最多 {max} 件）提交鉴定小组会签、再经分管领导批准；全部同意后才销毁，并自动登记销毁清册。',
  'archive.destroy.method': '销毁方式及监销人',
  'archive.destroy.started': '已提请销毁 {count} 件档案，等待鉴定小组会签。',
  'error.archive_loan_invalid':
    '申请内容不符合要求：用途必填（最多 {max} 字），借阅 1–{maxDays} 个工作日，复制 1–{maxCopies} 份（{field}）。',
  'error.archive_entry_destroyed': '档案 {archiveNo} 已销毁，不能借阅或复制。',
  'error.archive_entry_lent': '档案 {archiveNo} 已借出，应于 {due} 归还；归还后才能再借。',
  'error.archive_loan_out': '档案 {archiveNo} 尚未归还：须由档案管理员确认归还，借阅才能结束。',
  'error.archive_lend_days_invalid': '出借天数应为 1 到 {approved} 个工作日（不超过批准的天数）。',
  'error.archive_condition_required': '请填写归还时档案的状况（最多 {max} 字）。',
  'error.archive_copies_made_invalid': '实际复制份数应为 1 到 {approved}（不超过批准的份数）。',
  'error.archive_loan_state': '借阅记录与审批状态不一致，请查看最新的卡片后再试。',
  'error.archive_destroy_forbidden': '只有档案管理员和办公室负责人可以提请销毁档案。',
  'error.archive_not_destroyable':
    '档案 {archiveNo} 不能销毁：须在库、未借出且保管期限已满（永久保管的档案不销毁）。',
  'error.archive_nothing_to_destroy':
    '目前没有可提请销毁的档案（保管期限已满、在库、未借出且不在销毁审批中）。',
  'error.archive_destroy_pending': '档案 {archiveNo} 已在销毁审批中，不能再次提请。',
  'error.archive_destroy_group_too_small':
    '鉴定小组与分管领导合计不足两人，不能提请销毁：档案不得由一人决定销毁。请补充鉴定小组成员。',
  'error.archive_destroy_too_many': '一次最多提请销毁 {max} 件档案。',
} as const;

/** English texts. */
export const ARCHIVE_LOAN_MESSAGES_EN: { readonly [K in keyof typeof ARCHIVE_LOAN_MESSAGES_ZH]: string } = {
  'card.action.step.archive_lend': 'Lend',
  'card.action.step.archive_return': 'Returned',
  'card.action.step.archive_copy_made': 'Copies made',
  'notify.approved.archive_borrow':
    'The record you borrowed, “{title}”, was checked back in by {by}; the loan is closed.',
  'notify.approved.archive_copy':
    'The copies of “{title}” you asked for were made and handed over by {by}, and recorded.',
  'card.status.approved.archive_borrow': 'Returned',
  'card.status.approved.archive_copy': 'Copies handed over',
  'archive.loan.title': 'Borrow or copy',
  'archive.loan.submit': 'Request',
  'archive.loan.entry': 'Record: {archiveNo} {title}',
  'archive.loan.kind': 'Borrow or copy',
  'archive.loan.kind.borrow': 'Borrow',
  'archive.loan.kind.copy': 'Copy',
  'archive.loan.purpose': 'Purpose',
  'archive.loan.days': 'Days (working days, 1–{max})',
  'archive.loan.days_hint': 'To borrow. Counted in working days from when the archivist lends it.',
  'archive.loan.copies': 'Copies (1–{max})',
  'archive.loan.copies_hint': 'To copy.',
  'archive.loan.outside': 'Outside unit',
  'archive.loan.outside_hint':
    'When borrowing or copying for an outside unit, name it; a leader must approve.',
  'archive.loan.error.purpose': 'Give the purpose (at most {max} characters).',
  'archive.loan.error.days': 'Days must be a whole number from 1 to {max} (working days).',
  'archive.loan.error.copies': 'Copies must be a whole number from 1 to {max}.',
  'archive.loan.error.outside': 'The outside unit takes at most {max} characters.',
  'archive.loan.started': 'Your archive {kind} request ({archiveNo}) was sent; it waits on {person}.',
  'archive.lend.title': 'Lend the record',
  'archive.lend.submit': 'Lend',
  'archive.lend.hint': 'Lent now, to the requester; the due date is the days lent (working days) from now.',
  'archive.lend.days': 'Days lent (working days)',
  'archive.lend.days_hint': 'Empty: the days approved. Never more than approved.',
  'archive.lend.note': 'Note',
  'archive.lend.error.days': 'Days lent must be a whole number from 1 to {approved} (no more than approved).',
  'archive.step.error.gone': 'This request is no longer at this step; see its latest card.',
  'archive.return.title': 'Record returned',
  'archive.return.submit': 'Confirm return',
  'archive.return.condition': 'Condition on return',
  'archive.return.condition_hint': 'E.g. intact, no pages missing; describe any damage.',
  'archive.file.comment':
    'The electronic file of record {archiveNo} {title} you borrowed; it passed its integrity check (SHA-256).',
  'archive.file.failed_borrower':
    'The electronic file of record {archiveNo} failed its integrity check (SHA-256) and was not sent to you; the archivist has been told.',
  'archive.file.failed_archivist':
    '⚠️ The electronic file of record {archiveNo} failed its integrity check (SHA-256 mismatch or unreadable) and was not sent to the borrower, {borrower}. Run `npm run archive:verify` for the list of problems.',
  'archive.file.classified':
    'Record {archiveNo} is classified: its electronic file is not sent in chat; read it in the archive room.',
  'archive.copy_made.title': 'Copies made',
  'archive.copy_made.submit': 'Copies made',
  'archive.copy_made.copies': 'Copies made',
  'archive.copy_made.error.count':
    'Copies made must be a whole number from 1 to {approved} (no more than approved).',
  'archive.loans.header.overdue': '*Overdue* ({count})',
  'archive.loans.header.due_soon': '*Due soon* ({count})',
  'archive.loans.header.out': '*Out* ({count})',
  'archive.loans.header.mine': '*My loans and copies* ({count})',
  'archive.loans.empty.archivist': 'No record is out on loan.',
  'archive.loans.empty.mine':
    'You have not borrowed or copied any record yet. Press Borrow on a result of `/archive <words>` to ask.',
  'archive.loans.row': '{archiveNo} {title} · {borrower}{outside} · due {due}',
  'archive.loans.row_mine': '{archiveNo} {title} · {kind} · {status}{due}',
  'archive.loans.due_suffix': ' · due {due}',
  'archive.loans.outside_suffix': ' (for {unit})',
  'archive.loans.classified': '(classified)',
  'archive.loans.return_button': 'Returned',
  'archive.loan.status.requested': 'awaiting approval',
  'archive.loan.status.approved': 'approved, to be lent',
  'archive.loan.status.lent': 'out',
  'archive.loan.status.returned': 'returned',
  'archive.loan.status.copied': 'copied',
  'archive.loan.status.refused': 'not approved or withdrawn',
  'archive.appraisal.notice':
    '[Appraisal] {quarter}: {count} records are past their retention period and await appraisal:\n{listEn}\nType `/archive appraisal` for the list and to propose destruction.',
  'archive.appraisal.header': '*Records past retention* ({count}, {quarter})',
  'archive.appraisal.empty': 'No record is past its retention period.',
  'archive.appraisal.destroy_button': 'Propose destruction',
  'archive.appraisal.forbidden': 'Only the archivist and the office head see the appraisal list.',
  'archive.destroy.title': 'Propose destruction',
  'archive.destroy.submit': 'Send',
  'archive.destroy.intro':
    'Sends the records now past retention, kept and not out (at most {max}), to the appraisal group for joint agreement and then to the supervising leader; only when all agree are they destroyed, with the destruction register written.',
  'archive.destroy.method': 'Method and witnesses',
  'archive.destroy.started': 'Destruction of {count} records proposed; it waits on the appraisal group.',
  'error.archive_loan_invalid':
    'The request is not acceptable: a purpose (at most {max} characters), 1–{maxDays} working days to borrow, 1–{maxCopies} copies ({field}).',
  'error.archive_entry_destroyed': 'Record {archiveNo} was destroyed; it cannot be borrowed or copied.',
  'error.archive_entry_lent':
    'Record {archiveNo} is out on loan until {due}; it can be borrowed once returned.',
  'error.archive_loan_out':
    'Record {archiveNo} is still out: only the archivist confirming its return ends the loan.',
  'error.archive_lend_days_invalid':
    'Days lent must be 1 to {approved} working days (no more than approved).',
  'error.archive_condition_required': 'Describe the record’s condition on return (at most {max} characters).',
  'error.archive_copies_made_invalid': 'Copies made must be 1 to {approved} (no more than approved).',
  'error.archive_loan_state':
    'The loan record does not match its approval; see the latest card and try again.',
  'error.archive_destroy_forbidden': 'Only the archivist and the office head may propose destruction.',
  'error.archive_not_destroyable':
    'Record {archiveNo} cannot be destroyed: it must be kept, not out, and past its retention period (permanent records are never destroyed).',
  'error.archive_nothing_to_destroy':
    'No record may be proposed for destruction now (past retention, kept, not out and not in a destruction approval already).',
  'error.archive_destroy_pending':
    'Record {archiveNo} is in a destruction approval already; it cannot be proposed again.',
  'error.archive_destroy_group_too_small':
    'The appraisal group and the leader are fewer than two people: no record is destroyed by one person. Add members to the appraisal group.',
  'error.archive_destroy_too_many': 'At most {max} records can be proposed for destruction at once.',
};
