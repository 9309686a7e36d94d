/**
 * Every name Slack routes on, in one place: slash commands, and (as features arrive) action_id,
 * callback_id and block_id values. manifest.json must declare the same slash commands
 * (test/unit/slack-ids.test.ts compares them).
 */

import { ARCHIVE_ACTIONS } from '../../features/archive/archive-actions.ts';
import { CHASE_NUDGE_ACTION } from '../../features/chasing/chase-buttons.ts';
import { CHASE_NOW_ACTION } from '../../features/chasing/reminder-reply.ts';
import { DOC_ARCHIVE_ACTION } from '../../features/documents/archive-handoff.ts';
import { DOC_LIST_KEY_PREFIX } from '../../features/documents/doc-list-reply.ts';
import { OPEN_ITEM_ACTION } from '../../features/documents/list-text.ts';
import { MEETING_ACTIONS } from '../../features/meetings/attendees.ts';
import { MINUTES_BUTTON_ACTION } from '../../features/meetings/minutes-commands.ts';
import { SIGN_IN_ACTION } from '../../features/meetings/sign-in.ts';
import { SIMILAR_MEETING_ACTION } from '../../features/meetings/similar-chat.ts';
import { SEAL_ACTIONS } from '../../features/seal/seal-replies.ts';
import { SUPPLY_ACTIONS } from '../../features/supply/supply-replies.ts';
import type { CardActionType } from '../core/card.ts';

/** Slash commands, exactly as declared in the app manifest. */
export const SLASH_COMMANDS = {
  /** Official documents (公文): drafting, receiving, finding, registering. */
  doc: '/doc',
  /** Seal requests (用印申请). */
  seal: '/seal',
  /** Office supply requests (办公用品申领). */
  supply: '/supply',
  /** Archive loans and filing (档案管理). */
  archive: '/archive',
  /** Meetings (会议管理): requests and the rooms' weeks. */
  meeting: '/meeting',
} as const;

/** A slash command the bot answers. */
export type SlashCommandName = (typeof SLASH_COMMANDS)[keyof typeof SLASH_COMMANDS];

/**
 * action_id values of interactive elements; each feature adds its own here. `wf_*` are the
 * workflow card's buttons (one per action, so a listener can register per action) and the inputs of
 * the workflow action modal.
 */
export const ACTION_IDS = {
  wfApprove: 'wf_approve',
  wfReject: 'wf_reject',
  wfReturn: 'wf_return',
  wfTransfer: 'wf_transfer',
  wfAddSigner: 'wf_add_signer',
  wfComment: 'wf_comment',
  wfAcknowledge: 'wf_acknowledge',
  wfComplete: 'wf_complete',
  wfRecall: 'wf_recall',
  wfResubmit: 'wf_resubmit',
  wfCancel: 'wf_cancel',
  /** Modal: the opinion / comment text. */
  wfCommentInput: 'wf_comment_input',
  /** Modal: the result note of a task (承办结果). */
  wfResultInput: 'wf_result_input',
  /** Modal: where a return goes (`requester` or `step:<key>`). */
  wfReturnTarget: 'wf_return_target',
  /** Modal: a person picked from the directory list (static_select; value = person id). */
  wfPersonSelect: 'wf_person_select',
  /** Modal: a Slack user picked when no directory list was given (users_select; value = Slack user id). */
  wfPersonUser: 'wf_person_user',
  /** Modal: before/after for an added signer. */
  wfSignerPosition: 'wf_signer_position',
  /** `/doc new` form (拟稿发文): the inputs, one per block of the same name without `_input`/`_select`. */
  docNewTitleInput: 'doc_new_title_input',
  docNewDocTypeSelect: 'doc_new_doc_type_select',
  docNewDirectionSelect: 'doc_new_direction_select',
  docNewUrgencySelect: 'doc_new_urgency_select',
  docNewSecrecySelect: 'doc_new_secrecy_select',
  docNewMainRecipientsInput: 'doc_new_main_recipients_input',
  docNewCopyToInput: 'doc_new_copy_to_input',
  /** multi_static_select; values are department ids. */
  docNewCountersignSelect: 'doc_new_countersign_select',
  docNewDraftLinkInput: 'doc_new_draft_link_input',
  docNewCopiesInput: 'doc_new_copies_input',
  /** `/doc` lists: 打开 brings the row's card to the bottom of the clicker's DM (value = instance id). */
  docListOpen: OPEN_ITEM_ACTION,
  /** `/doc receive` form (收文登记). */
  docReceiveTitleInput: 'doc_receive_title_input',
  docReceiveIssuerInput: 'doc_receive_issuer_input',
  docReceiveTheirNumberInput: 'doc_receive_their_number_input',
  docReceiveDateInput: 'doc_receive_date_input',
  docReceiveCategorySelect: 'doc_receive_category_select',
  docReceiveUrgencySelect: 'doc_receive_urgency_select',
  docReceiveSecrecySelect: 'doc_receive_secrecy_select',
  docReceiveCopiesInput: 'doc_receive_copies_input',
  docReceiveLinkInput: 'doc_receive_link_input',
  /** 批办 form (the director's instruction on an incoming document). */
  docInstructCommentInput: 'doc_instruct_comment_input',
  docInstructLeadSelect: 'doc_instruct_lead_select',
  docInstructHandlerSelect: 'doc_instruct_handler_select',
  docInstructCoSelect: 'doc_instruct_co_select',
  docInstructReadersSelect: 'doc_instruct_readers_select',
  docInstructDaysInput: 'doc_instruct_days_input',
  /** 签发 form (the leader's sign-off of an outgoing document). */
  docSignOffCommentInput: 'doc_signoff_comment_input',
  docSignOffMainInput: 'doc_signoff_main_input',
  docSignOffCopyToInput: 'doc_signoff_copy_to_input',
  docSignOffCopiesInput: 'doc_signoff_copies_input',
  /** 归档: a finished document's card button (value = the card's ref), and its form's inputs. */
  docArchive: DOC_ARCHIVE_ACTION,
  /** 写纪要: an approved meeting's card button for its organiser (value = the card's ref). */
  meetingMinutes: MINUTES_BUTTON_ACTION,
  docArchiveRetentionSelect: 'doc_archive_retention_select',
  docArchiveFinalTextInput: 'doc_archive_final_text_input',
  /** `/seal` form (用印申请) and the custodian's 已盖章 form. */
  sealSealSelect: 'seal_seal_select',
  sealTitleInput: 'seal_title_input',
  sealCopiesInput: 'seal_copies_input',
  sealPurposeInput: 'seal_purpose_input',
  sealLinkInput: 'seal_link_input',
  sealImportantCheck: 'seal_important_check',
  sealImpressionsInput: 'seal_impressions_input',
  sealStampNoteInput: 'seal_stamp_note_input',
  /** `/seal list`: 报告遗失 on a seal (value = the seal id; the feature's action), and its form's note. */
  sealReportLost: SEAL_ACTIONS.reportLost,
  sealLostNoteInput: 'seal_lost_note_input',
  /** /supply forms: an item picked from the catalog (static_select; value = item id). */
  supplyItemSelect: 'supply_item_select',
  /** /supply forms: a quantity (requested, issued, counted, taken in, planned). */
  supplyQuantityInput: 'supply_quantity_input',
  supplyReasonInput: 'supply_reason_input',
  /** /supply import: the catalog CSV pasted into the form. */
  supplyCsvInput: 'supply_csv_input',
  supplySupplierInput: 'supply_supplier_input',
  supplyPriceInput: 'supply_price_input',
  supplyDateInput: 'supply_date_input',
  /** /supply plan: the month or quarter planned for. */
  supplyPeriodSelect: 'supply_period_select',
  /** /supply owed: 补发 on an owed line (value = the issue line's id). */
  supplyIssueOwed: SUPPLY_ACTIONS.issueOwed,
  /** /supply edit: an item's unit, low-stock threshold and whether it stays in the catalog. */
  supplyUnitInput: 'supply_unit_input',
  supplyThresholdInput: 'supply_threshold_input',
  supplyActiveSelect: 'supply_active_select',
  /** Archive loans (借阅/复制): the loan form's inputs, the archivist's step forms, 提请销毁. */
  archiveLoanKindSelect: 'archive_loan_kind_select',
  archiveLoanPurposeInput: 'archive_loan_purpose_input',
  archiveLoanDaysInput: 'archive_loan_days_input',
  archiveLoanCopiesInput: 'archive_loan_copies_input',
  archiveLoanOutsideInput: 'archive_loan_outside_input',
  archiveLendDaysInput: 'archive_lend_days_input',
  archiveLendNoteInput: 'archive_lend_note_input',
  archiveConditionInput: 'archive_condition_input',
  archiveCopiesMadeInput: 'archive_copies_made_input',
  /** `/archive appraisal`: 提请销毁 (value = the quarter). */
  archiveDestroyStart: ARCHIVE_ACTIONS.destroyStart,
  archiveLoanReturn: ARCHIVE_ACTIONS.loanReturn,
  archiveDestroyMethodInput: 'archive_destroy_method_input',
  /** 借阅 on an `/archive` search result (value = `{"entryId":"…"}`): opens the loan form. */
  archiveBorrow: ARCHIVE_ACTIONS.borrow,
  /** 催一下 on a running item's card (value = the card's ref). */
  chaseNudge: CHASE_NUDGE_ACTION,
  /** A meeting's card: the attendee's 参加 / 请假 / 委派 (value = the card's ref), and their forms' inputs. */
  meetingAttend: MEETING_ACTIONS.attend,
  meetingLeave: MEETING_ACTIONS.leave,
  meetingDelegate: MEETING_ACTIONS.delegate,
  /** The organiser's 变更 and 取消会议 (value = the card's ref), and the cancel form's reason. */
  meetingChange: MEETING_ACTIONS.change,
  meetingCancel: MEETING_ACTIONS.cancel,
  meetingCancelReasonInput: 'meeting_cancel_reason_input',
  meetingLeaveReasonInput: 'meeting_leave_reason_input',
  meetingDelegatePersonInput: 'meeting_delegate_person_input',
  /** 签到 on an attendee's card (value = the card's ref), and the secretary's form's list. */
  meetingSignIn: SIGN_IN_ACTION,
  meetingSignInPeopleInput: 'meeting_signin_people_input',
  /** 查看相近会议 on a flagged meeting request's card (value = the card's ref). */
  meetingSimilar: SIMILAR_MEETING_ACTION,
  /** 立即催办 on a 督办 message (value = the instance id). */
  chaseNow: CHASE_NOW_ACTION,
  /** `/archive` results: 更多 (value = `{"q": query text, "p": next page}`), and the add form's inputs. */
  archiveMore: ARCHIVE_ACTIONS.more,
  archiveAddTitleInput: 'archive_add_title_input',
  archiveAddDocNumberInput: 'archive_add_doc_number_input',
  archiveAddYearInput: 'archive_add_year_input',
  archiveAddCategorySelect: 'archive_add_category_select',
  archiveAddRetentionSelect: 'archive_add_retention_select',
  archiveAddSecrecySelect: 'archive_add_secrecy_select',
  archiveAddPagesInput: 'archive_add_pages_input',
  archiveAddLocationInput: 'archive_add_location_input',
} as const;

/** An action_id the bot registers. */
export type ActionId = (typeof ACTION_IDS)[keyof typeof ACTION_IDS];

/** The card button of each workflow action (`WorkflowActionType` minus `open`, which is no button). */
export const WORKFLOW_BUTTON_ACTION_IDS = {
  approve: ACTION_IDS.wfApprove,
  reject: ACTION_IDS.wfReject,
  return: ACTION_IDS.wfReturn,
  transfer: ACTION_IDS.wfTransfer,
  add_signer: ACTION_IDS.wfAddSigner,
  comment: ACTION_IDS.wfComment,
  acknowledge: ACTION_IDS.wfAcknowledge,
  complete: ACTION_IDS.wfComplete,
  recall: ACTION_IDS.wfRecall,
  resubmit: ACTION_IDS.wfResubmit,
  cancel: ACTION_IDS.wfCancel,
} as const satisfies Record<CardActionType, ActionId>;

/** The button of each feature action a card may carry (`CardExtraAction.key`). */
export const EXTRA_BUTTON_ACTION_IDS: Readonly<Record<string, ActionId>> = {
  [DOC_ARCHIVE_ACTION]: ACTION_IDS.docArchive,
  [MINUTES_BUTTON_ACTION]: ACTION_IDS.meetingMinutes,
  [CHASE_NUDGE_ACTION]: ACTION_IDS.chaseNudge,
  [MEETING_ACTIONS.attend]: ACTION_IDS.meetingAttend,
  [MEETING_ACTIONS.leave]: ACTION_IDS.meetingLeave,
  [MEETING_ACTIONS.delegate]: ACTION_IDS.meetingDelegate,
  [MEETING_ACTIONS.change]: ACTION_IDS.meetingChange,
  [MEETING_ACTIONS.cancel]: ACTION_IDS.meetingCancel,
  [SIGN_IN_ACTION]: ACTION_IDS.meetingSignIn,
  [SIMILAR_MEETING_ACTION]: ACTION_IDS.meetingSimilar,
};

/** callback_id values of modals and shortcuts. */
export const CALLBACK_IDS = {
  /** Every workflow action modal (reject, return, transfer, …); private_metadata names the action. */
  wfActionModal: 'wf_action_modal',
  /** The `/doc new` form: a new outgoing document (拟稿发文). */
  docNewModal: 'doc_new_modal',
  /** `/doc receive`: register an incoming document (收文登记). */
  docReceiveModal: 'doc_receive_modal',
  /** 批办: the director's instruction on an incoming document; private_metadata = the card's ref. */
  docInstructModal: 'doc_instruct_modal',
  /** 签发: the leader's sign-off with the distribution; private_metadata = the card's ref. */
  docSignOffModal: 'doc_signoff_modal',
  /** 归档: hand a finished document to the archive; private_metadata = the card's ref. */
  docArchiveModal: 'doc_archive_modal',
  /** `/seal`: a seal-use request (用印申请). */
  sealRequestModal: 'seal_request_modal',
  /** `/meeting new`: a meeting request (会议申请). */
  meetingRequestModal: 'meeting_request_modal',
  /** `/meeting plan`: a department's yearly meeting plan (年度会议计划). */
  meetingPlanModal: 'meeting_plan_modal',
  /** 请假 and 委派 from a meeting's card; private_metadata = the meeting's instance id. */
  meetingLeaveModal: 'meeting_leave_modal',
  meetingDelegateModal: 'meeting_delegate_modal',
  /** The organiser's 变更 and 取消会议; private_metadata = the meeting's instance id. */
  meetingChangeModal: 'meeting_change_modal',
  meetingCancelModal: 'meeting_cancel_modal',
  /** `/meeting minutes`: a meeting's minutes (会议纪要); private_metadata = the meeting's id. */
  meetingMinutesModal: 'meeting_minutes_modal',
  /** `/meeting signin`: the secretary signs attendees in; private_metadata = the meeting's instance id. */
  meetingSignInModal: 'meeting_signin_modal',
  /** 已盖章: the custodian's count of impressions; private_metadata = the card's ref. */
  sealStampModal: 'seal_stamp_modal',
  /** 报告遗失 from `/seal list`; private_metadata = the seal id. */
  sealLostModal: 'seal_lost_modal',
  /** /supply: a supply request (办公用品申领). */
  supplyRequestModal: 'supply_request_modal',
  /** /supply: the keeper's issue form (发放) from the card; private_metadata = the card's ref. */
  supplyIssueModal: 'supply_issue_modal',
  /** /supply owed: 补发, issuing later what is owed on a line; private_metadata = the line's id. */
  supplyOwedModal: 'supply_owed_modal',
  /** /supply edit: the keeper changes one catalog item. */
  supplyEditModal: 'supply_edit_modal',
  /** /supply import: load the catalog from CSV. */
  supplyImportModal: 'supply_import_modal',
  /** /supply in: a stock-in (入库). */
  supplyStockInModal: 'supply_stock_in_modal',
  /** /supply count: a stock-take (盘点). */
  supplyCountModal: 'supply_count_modal',
  /** /supply plan: a department's plan for a month or quarter. */
  supplyPlanModal: 'supply_plan_modal',
  /** 借阅/复制: the request form from a search result's 借阅; private_metadata = the entry id. */
  archiveLoanModal: 'archive_loan_modal',
  /** The archivist's 出借, 归还 and 已复制 forms from the card; private_metadata = the card's ref. */
  archiveLendModal: 'archive_lend_modal',
  archiveReturnModal: 'archive_return_modal',
  archiveCopyMadeModal: 'archive_copy_made_modal',
  /** 提请销毁: the destruction proposal (method and witnesses). */
  archiveDestroyModal: 'archive_destroy_modal',
  /** `/archive add`: the archivist records an entry (档案登记). */
  archiveAddModal: 'archive_add_modal',
} as const;

/**
 * block_id values and prefixes. Card blocks get `<prefix>:<version>:<part>:<hash>` so that every
 * changed block has a fresh id (chat.update re-renders it); modal inputs keep fixed ids because
 * `view.state.values` is keyed by them.
 */
export const BLOCK_IDS = {
  /** Prefix of every block of a workflow card message. */
  wfCardPrefix: 'wfc',
  wfModalComment: 'wf_modal_comment',
  wfModalResult: 'wf_modal_result',
  wfModalReturnTarget: 'wf_modal_return_target',
  wfModalPerson: 'wf_modal_person',
  wfModalSignerPosition: 'wf_modal_signer_position',
  /** `/doc new` form inputs (errors on submit are keyed by these). */
  docNewTitle: 'doc_new_title',
  docNewDocType: 'doc_new_doc_type',
  docNewDirection: 'doc_new_direction',
  docNewUrgency: 'doc_new_urgency',
  docNewSecrecy: 'doc_new_secrecy',
  docNewMainRecipients: 'doc_new_main_recipients',
  docNewCopyTo: 'doc_new_copy_to',
  docNewCountersign: 'doc_new_countersign',
  docNewDraftLink: 'doc_new_draft_link',
  docNewCopies: 'doc_new_copies',
  /** The context block showing the form's notice, if any. */
  docNewNotice: 'doc_new_notice',
  /** Prefix of the blocks of a `/doc` list message (`doc_list:<part>`). */
  docListPrefix: DOC_LIST_KEY_PREFIX,
  /** `/doc receive` form inputs. */
  docReceiveTitle: 'doc_receive_title',
  docReceiveIssuer: 'doc_receive_issuer',
  docReceiveTheirNumber: 'doc_receive_their_number',
  docReceiveDate: 'doc_receive_date',
  docReceiveCategory: 'doc_receive_category',
  docReceiveUrgency: 'doc_receive_urgency',
  docReceiveSecrecy: 'doc_receive_secrecy',
  docReceiveCopies: 'doc_receive_copies',
  docReceiveLink: 'doc_receive_link',
  /** 批办 form inputs. */
  docInstructComment: 'doc_instruct_comment',
  docInstructLead: 'doc_instruct_lead',
  docInstructHandler: 'doc_instruct_handler',
  docInstructCo: 'doc_instruct_co',
  docInstructReaders: 'doc_instruct_readers',
  docInstructDays: 'doc_instruct_days',
  /** 签发 form inputs. */
  docSignOffComment: 'doc_signoff_comment',
  docSignOffMain: 'doc_signoff_main',
  docSignOffCopyTo: 'doc_signoff_copy_to',
  docSignOffCopies: 'doc_signoff_copies',
  /** 归档 form inputs. */
  docArchiveRetention: 'doc_archive_retention',
  docArchiveFinalText: 'doc_archive_final_text',
  /** `/seal` form inputs, and the note shown when the command could not be read whole. */
  sealNotice: 'seal_notice',
  sealSeal: 'seal_seal',
  sealTitle: 'seal_title',
  sealCopies: 'seal_copies',
  sealPurpose: 'seal_purpose',
  sealLink: 'seal_link',
  sealImportant: 'seal_important',
  /** 已盖章 form inputs. */
  sealImpressions: 'seal_impressions',
  sealStampNote: 'seal_stamp_note',
  /** 报告遗失 form input. */
  sealLostNote: 'seal_lost_note',
  /** /supply forms: line N's item and quantity are `supply_item:N` and `supply_qty:N`. */
  supplyLineItemPrefix: 'supply_item',
  supplyLineQuantityPrefix: 'supply_qty',
  /** /supply issue and count forms: one quantity per item, `supply_issue:<itemId>` / `supply_count:<itemId>`. */
  supplyIssuePrefix: 'supply_issue',
  supplyCountPrefix: 'supply_count',
  supplyReason: 'supply_reason',
  supplyNotice: 'supply_notice',
  supplyCsv: 'supply_csv',
  supplyItem: 'supply_item_one',
  supplyQuantity: 'supply_quantity',
  supplyPrice: 'supply_price',
  supplySupplier: 'supply_supplier',
  supplyDate: 'supply_date',
  supplyPeriod: 'supply_period',
  supplyUnit: 'supply_unit',
  supplyThreshold: 'supply_threshold',
  supplyActive: 'supply_active',
  /** Archive loan forms' inputs, and the prefix of `/archive loans` / `appraisal` list blocks. */
  archiveLoanKind: 'archive_loan_kind',
  archiveLoanPurpose: 'archive_loan_purpose',
  archiveLoanDays: 'archive_loan_days',
  archiveLoanCopies: 'archive_loan_copies',
  archiveLoanOutside: 'archive_loan_outside',
  archiveLendDays: 'archive_lend_days',
  archiveLendNote: 'archive_lend_note',
  archiveCondition: 'archive_condition',
  archiveCopiesMade: 'archive_copies_made',
  archiveDestroyMethod: 'archive_destroy_method',
  archiveLoansPrefix: 'archive_loans',
  /** `/archive add` form inputs; `archiveResults` prefixes the result list's blocks. */
  archiveAddTitle: 'archive_add_title',
  archiveAddDocNumber: 'archive_add_doc_number',
  archiveAddYear: 'archive_add_year',
  archiveAddCategory: 'archive_add_category',
  archiveAddRetention: 'archive_add_retention',
  archiveAddSecrecy: 'archive_add_secrecy',
  archiveAddPages: 'archive_add_pages',
  archiveAddLocation: 'archive_add_location',
  archiveResults: 'archive_results',
} as const;
