// The database side of archive loans in chat (the neutral commands and the forms' submissions):
// the entry a 借阅 button names, starting requests, the step forms' checks,
// `/archive loans`, `/archive appraisal` and 提请销毁.

import { LOAN_STEP_IDS } from '../../domain/archive/loan-definitions.ts';
import { quarterOf } from '../../domain/archive/loan-retention.ts';
import { isClearedFor, type SecrecyLevel } from '../../domain/org.ts';
import { isClassified, waitingOn } from '../../domain/workflow/index.ts';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import type { Clock } from '../../shared/clock.ts';
import type { Locale } from '../../shared/i18n.ts';
import type { WorkflowService } from '../workflow/workflow-service.ts';
import { archiveEntryNotFound, getEntry } from './catalog.ts';
import { startDestruction } from './destruction.ts';
import { checkLoanStepNumber, listLoans, type NewLoanRequest, startLoanRequest } from './loans.ts';
import { appraisalLines, listExpiredEntries, unitTimeZone } from './retention.ts';

/** Roles that see the appraisal list and may propose destruction. */
const APPRAISAL_ROLES = ['archivist', 'office_head'];
/** Entries listed by `/archive appraisal`. */
const APPRAISAL_LIST = 200;

/** The archive loan listeners' services, bound to the database, the engine and the clock. */
export function createArchiveLoanChatDeps(deps: {
  prisma: PrismaClient;
  service: WorkflowService;
  clock: Clock;
  timeZone: string;
  namesOf(personIds: readonly string[], locale: Locale): Promise<Map<string, string>>;
}) {
  const { prisma } = deps;
  const person = async (id: string) => {
    const row = await prisma.person.findUnique({ where: { id }, select: { roles: true, clearance: true } });
    return row ? { id, roles: row.roles, clearance: row.clearance as SecrecyLevel } : null;
  };
  return {
    timeZone: deps.timeZone,
    /**
     * The entry for the request form, as the viewer may see it: AppError `archive_entry_not_found`
     * for one they are not cleared for (as for none), `archive_entry_destroyed` for a destroyed one.
     */
    async entryForForm(personId: string, entryId: string) {
      const viewer = await person(personId);
      if (!viewer) throw archiveEntryNotFound();
      const entry = await getEntry(prisma, entryId, { personId: viewer.id, clearance: viewer.clearance });
      return {
        id: entry.id,
        archiveNo: entry.archiveNo,
        title: isClassified(entry.secrecy) ? null : entry.title,
        destroyed: entry.status === 'destroyed',
      };
    },
    async start(input: {
      workspaceId: string | null;
      requesterPersonId: string;
      form: NewLoanRequest;
      locale: Locale;
      /** The same key starts once (`view:<view id>` for a form sent again). */
      startKey?: string;
    }) {
      const instance = await startLoanRequest(
        { service: deps.service, prisma, timeZone: deps.timeZone },
        {
          requesterPersonId: input.requesterPersonId,
          workspaceId: input.workspaceId,
          form: input.form,
          ...(input.startKey ? { startKey: input.startKey } : {}),
        },
      );
      const first = waitingOn(instance);
      const names = await deps.namesOf(first, input.locale);
      return {
        archiveNo: String(instance.params.archiveNo ?? ''),
        firstReviewer: first.map((id) => names.get(id) ?? id).join('、'),
      };
    },
    checkLendDays: (instanceId: string, days: number) =>
      checkLoanStepNumber(prisma, instanceId, LOAN_STEP_IDS.lend, days),
    checkCopiesMade: (instanceId: string, copies: number) =>
      checkLoanStepNumber(prisma, instanceId, LOAN_STEP_IDS.copyMade, copies),
    /** The approved days of a loan at 出借 (the form's empty field means these). */
    async approvedDays(instanceId: string): Promise<number | null> {
      const checked = await checkLoanStepNumber(prisma, instanceId, LOAN_STEP_IDS.lend, 1);
      return checked.ok || checked.reason === 'out_of_range' ? checked.approved : null;
    },
    /** `/archive loans` for the person, with the borrowers' names in their language. */
    async loans(personId: string, locale: Locale) {
      const list = await listLoans(prisma, personId, deps.clock.now());
      const rows = [...list.overdue, ...list.dueSoon, ...list.out, ...list.mine];
      const names = await deps.namesOf([...new Set(rows.map((r) => r.borrowerId))], locale);
      return { list, nameOf: (id: string) => names.get(id) ?? id };
    },
    /** `/archive appraisal`: the entries past retention now, for the archivists and the office head. */
    async appraisal(personId: string, locale: Locale) {
      const viewer = await person(personId);
      if (!viewer?.roles.some((r) => APPRAISAL_ROLES.includes(r))) return 'forbidden' as const;
      const now = deps.clock.now();
      const timeZone = await unitTimeZone(prisma);
      const { total, entries } = await listExpiredEntries(prisma, now, timeZone, APPRAISAL_LIST);
      const visible = entries.filter((e) => isClearedFor(viewer.clearance, e.secrecy));
      return {
        quarter: quarterOf(now, timeZone),
        total,
        entries: visible,
        lines: appraisalLines(visible, total, locale),
        canPropose: true,
      };
    },
    /** 提请销毁 of every entry now past retention (kept, not out). */
    async proposeDestruction(input: {
      workspaceId: string | null;
      requesterPersonId: string;
      method: string;
      /** The same key proposes once (`view:<view id>` for a form sent again). */
      startKey?: string;
    }) {
      const instance = await startDestruction(
        { service: deps.service, prisma, clock: deps.clock },
        {
          requesterPersonId: input.requesterPersonId,
          workspaceId: input.workspaceId,
          entryIds: null,
          method: input.method,
          ...(input.startKey ? { startKey: input.startKey } : {}),
        },
      );
      const ids = instance.params.entryIds;
      return { count: Array.isArray(ids) ? ids.length : 0 };
    },
  };
}

/** What the archive loan listeners need. */
export type ArchiveLoanChatDeps = ReturnType<typeof createArchiveLoanChatDeps>;
