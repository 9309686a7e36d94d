// The neutral actions of the buttons `/archive` replies carry. Their ids are the ones buttons
// always carried, so a button drawn before an upgrade still reaches its handler.

/** The buttons of `/archive` replies, by neutral action name. */
export const ARCHIVE_ACTIONS = {
  /** 更多: the next page of a search, in place of the page shown. */
  more: 'archive_more',
  /** 借阅 on a result: the loan request form. */
  borrow: 'archive_borrow',
  /** 提请销毁 on the appraisal list: the destruction form. */
  destroyStart: 'archive_destroy_start',
  /** 归还 on the archivist's loans list: the return step's form for the loan. */
  loanReturn: 'archive_loan_return',
} as const;
