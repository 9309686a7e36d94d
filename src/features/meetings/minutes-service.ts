// Minutes and decisions on the workflow engine. The minutes of an approved meeting that has
// started are drafted by its organiser or someone of its host department and start their own
// instance (`meeting_minutes`), which the chairing leader signs (审签) or returns with an opinion;
// the drafter then edits them on the same form and sends them again. At most one set of minutes
// exists per meeting (`meeting_minutes.meeting_id` is unique).
//
// The signature commits in one transaction with everything it sets off (the minutes hook): the
// notice of the minutes to the meeting's attendees and the extra range, one `meeting_decision`
// instance per decision (its owner's task with its deadline, which chasing's reminders and 督办
// follow as any other deadline), and the meeting's hand-off to the archive (`archive_handoff`,
// kind `meeting`). A second press of 审签 finds the instance's version moved and applies nothing.

import { DateTime } from 'luxon';
import type { Db, Tx } from '../../db/types.ts';
import { MEETING_DEFINITION, MEETING_PARAMS } from '../../domain/meetings/meeting.ts';
import {
  DECISION_DEFINITION,
  DECISION_PARAMS,
  type Decision,
  draftOf,
  draftParams,
  MINUTES_DEFINITION,
  MINUTES_PARAMS,
  type MinutesDraft,
  minutesRecipients,
} from '../../domain/meetings/minutes.ts';
import { displayNameOf } from '../../domain/org.ts';
import { isClassified } from '../../domain/workflow/index.ts';
import type { WorkflowInstance } from '../../domain/workflow/types.ts';
import type { Prisma, PrismaClient } from '../../generated/prisma/client.ts';
import { cardSyncMessage, PERSON_MESSAGE_KIND, personConversationKey } from '../../outbox/outbox-message.ts';
import { enqueueOutbox } from '../../outbox/outbox-repository.ts';
import { AppError } from '../../shared/errors.ts';
import { countedKey, type Locale, t } from '../../shared/i18n.ts';
import { instanceFromRow } from '../workflow/instance-row.ts';
import {
  isUniqueViolation,
  type StartHook,
  type TransitionHook,
  type WorkflowService,
} from '../workflow/workflow-service.ts';
import { isCancelled } from './attendees.ts';
import { timeRangeText } from './meeting-service.ts';
import { attendanceOf } from './sign-in.ts';

/** A meeting as its minutes need it, read from the approved request. */
export interface MeetingFacts {
  id: string;
  title: string;
  organiserId: string;
  startsAt: Date;
  endsAt: Date;
  hostDepartmentId: string;
  chairId: string | null;
  attendees: string[];
  departments: string[];
  agenda: string;
  materials: string | null;
  secrecy: WorkflowInstance['secrecy'];
  /** Cancelled by its organiser after approval: no minutes. */
  cancelled: boolean;
}

/** The facts of a meeting request instance. */
export function meetingFactsOf(instance: WorkflowInstance): MeetingFacts {
  const p = instance.params;
  const text = (key: string) => (typeof p[key] === 'string' ? (p[key] as string) : '');
  const list = (key: string) => {
    const value = p[key];
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  };
  return {
    id: instance.id,
    title: instance.title ?? instance.reference ?? instance.id.slice(0, 8),
    organiserId: instance.requesterId,
    startsAt: new Date(text(MEETING_PARAMS.startsAt)),
    endsAt: new Date(text(MEETING_PARAMS.endsAt)),
    hostDepartmentId: text(MEETING_PARAMS.hostDepartmentId),
    chairId: list(MEETING_PARAMS.chair)[0] ?? null,
    attendees: list(MEETING_PARAMS.attendees),
    departments: list(MEETING_PARAMS.attendeeDepartments),
    agenda: text(MEETING_PARAMS.agenda),
    materials: text(MEETING_PARAMS.materials) || null,
    secrecy: instance.secrecy,
    cancelled: isCancelled(instance),
  };
}

/** Most approved meetings read when looking one up by name. */
const MEETINGS_READ = 500;

/** Approved meetings (the latest approved), the latest held first. */
export async function approvedMeetings(db: Db): Promise<MeetingFacts[]> {
  const rows = await db.workflowInstance.findMany({
    where: { definitionId: MEETING_DEFINITION.id, status: 'approved' },
    orderBy: [{ updatedAt: 'desc' }, { id: 'asc' }],
    take: MEETINGS_READ,
  });
  return rows
    .map((row) => meetingFactsOf(instanceFromRow(row)))
    .sort((a, b) => b.startsAt.getTime() - a.startsAt.getTime() || a.title.localeCompare(b.title));
}

/** One approved meeting by its id, or null. */
export async function approvedMeeting(db: Db, meetingId: string): Promise<MeetingFacts | null> {
  const row = await db.workflowInstance.findFirst({
    where: { id: meetingId, definitionId: MEETING_DEFINITION.id, status: 'approved' },
  });
  return row ? meetingFactsOf(instanceFromRow(row)) : null;
}

/** The minutes' instance of a meeting, or null when none was drafted. */
export async function minutesOfMeeting(db: Db, meetingId: string): Promise<WorkflowInstance | null> {
  const row = await db.meetingMinutes.findUnique({ where: { meetingId }, select: { instanceId: true } });
  if (!row) return null;
  const instance = await db.workflowInstance.findUnique({ where: { id: row.instanceId } });
  return instance ? instanceFromRow(instance) : null;
}

/** Whether `person` may draft the minutes of `meeting`: its organiser, or one of its host department. */
export function mayDraft(meeting: MeetingFacts, person: { id: string; departmentId: string }): boolean {
  return person.id === meeting.organiserId || person.departmentId === meeting.hostDepartmentId;
}

/** Who is drafting, from the directory; AppError `minutes_not_allowed` for someone inactive or unknown. */
async function drafterOf(db: Db, personId: string): Promise<{ id: string; departmentId: string }> {
  const person = await db.person.findUnique({
    where: { id: personId },
    select: { id: true, departmentId: true, active: true },
  });
  if (!person?.active) throw new AppError('minutes_not_allowed', `${personId} is not active`);
  return person;
}

/**
 * The meetings `word` names among the approved ones: an id or its first eight characters, the
 * exact name, or else a part of it.
 */
export function meetingsMatching(word: string, meetings: readonly MeetingFacts[]): MeetingFacts[] {
  const typed = word.normalize('NFKC').trim().toLowerCase();
  if (typed === '') return [];
  const byId = meetings.filter((m) => typed.length >= 8 && m.id.toLowerCase().startsWith(typed));
  if (byId.length > 0) return byId;
  const exact = meetings.filter((m) => m.title.normalize('NFKC').toLowerCase() === typed);
  if (exact.length > 0) return exact;
  return meetings.filter((m) => m.title.normalize('NFKC').toLowerCase().includes(typed));
}

/** What the minutes form is for: a meeting, and the minutes when they came back to their drafter. */
export interface MinutesTarget {
  meeting: MeetingFacts;
  /** The returned minutes to edit; null for new minutes. */
  returned: WorkflowInstance | null;
}

/**
 * Whether `personId` may write (or, returned to them, edit) the minutes of `meeting` at `now`.
 * Throws AppError `minutes_classified` (秘密 and above), `minutes_not_started` (the time), `minutes_not_allowed`, `minutes_signing`,
 * `minutes_signed` or `minutes_drafted_by` (the drafter's names) saying why not.
 */
export async function checkMinutesTarget(
  db: Db,
  meeting: MeetingFacts,
  personId: string,
  now: Date,
  timeZone: string,
): Promise<MinutesTarget> {
  // A classified meeting is kept by its number only: its minutes' text is not written here.
  if (isClassified(meeting.secrecy)) throw new AppError('minutes_classified', 'a classified meeting');
  if (meeting.cancelled) throw new AppError('meeting_cancelled', 'the meeting was cancelled');
  if (meeting.startsAt.getTime() > now.getTime()) {
    throw new AppError('minutes_not_started', 'the meeting has not started', {
      params: {
        timeZh: timeRangeText(meeting, timeZone, 'zh'),
        timeEn: timeRangeText(meeting, timeZone, 'en'),
      },
    });
  }
  const person = await drafterOf(db, personId);
  if (!mayDraft(meeting, person)) throw new AppError('minutes_not_allowed', 'not organiser or host');
  const minutes = await minutesOfMeeting(db, meeting.id);
  // Minutes rejected by the chair or withdrawn by their drafter leave the meeting without any.
  if (minutes === null || minutes.status === 'rejected' || minutes.status === 'cancelled') {
    return { meeting, returned: null };
  }
  if (minutes.status === 'approved') throw new AppError('minutes_signed', 'minutes signed already');
  if (minutes.status === 'returned' || minutes.status === 'recalled') {
    if (minutes.requesterId !== personId) {
      const drafter = await db.person.findUnique({
        where: { id: minutes.requesterId },
        select: { name: true, nameEn: true },
      });
      throw new AppError('minutes_drafted_by', 'another drafter', {
        params: {
          personZh: drafter?.name ?? minutes.requesterId,
          personEn: drafter?.nameEn ?? drafter?.name ?? minutes.requesterId,
        },
      });
    }
    return { meeting, returned: minutes };
  }
  throw new AppError('minutes_signing', 'minutes with the chair');
}

/**
 * The meetings `personId` may write minutes for at `now` (started, approved, no minutes yet or
 * minutes returned to them), latest first.
 */
export async function meetingsToMinute(
  db: Db,
  personId: string,
  now: Date,
  timeZone: string,
): Promise<MeetingFacts[]> {
  const person = await drafterOf(db, personId);
  const candidates = (await approvedMeetings(db)).filter(
    (m) => mayDraft(m, person) && m.startsAt.getTime() <= now.getTime(),
  );
  const open: MeetingFacts[] = [];
  for (const meeting of candidates) {
    const ok = await checkMinutesTarget(db, meeting, personId, now, timeZone).then(
      () => true,
      () => false,
    );
    if (ok) open.push(meeting);
  }
  return open;
}

/**
 * Finds the meeting `word` names for `personId`'s minutes. Throws AppError
 * `minutes_meeting_unknown` (param `word`) or `minutes_meeting_ambiguous` (param `titles`), or
 * what {@link checkMinutesTarget} throws.
 */
export async function minutesTargetOf(
  db: Db,
  personId: string,
  word: string,
  now: Date,
  timeZone: string,
): Promise<MinutesTarget> {
  const matched = meetingsMatching(word, await approvedMeetings(db));
  if (matched.length === 0) {
    throw new AppError('minutes_meeting_unknown', 'no such approved meeting', {
      params: { word: word.slice(0, 40) },
    });
  }
  if (matched.length > 1) {
    throw new AppError('minutes_meeting_ambiguous', 'several meetings match', {
      params: {
        titles: matched
          .slice(0, 5)
          .map((m) => `《${m.title}》`)
          .join(''),
      },
    });
  }
  return checkMinutesTarget(db, matched[0] as MeetingFacts, personId, now, timeZone);
}

/** The refusal of minutes sent for a meeting that has them already. */
const minutesExist = () => new AppError('minutes_exists', 'the meeting has minutes already');

/**
 * Starts the minutes of `meeting` for the chairing leader to sign. The form's key is the start
 * key: sent twice, it starts them once. Throws what {@link checkMinutesTarget} throws, or
 * `minutes_exists` when another form started them meanwhile.
 */
export async function startMinutes(
  deps: { service: WorkflowService; prisma: PrismaClient; timeZone: string; now: () => Date },
  input: {
    drafterId: string;
    workspaceId: string | null;
    meetingId: string;
    draft: MinutesDraft;
    requestKey: string;
  },
): Promise<{ instance: WorkflowInstance; revised: boolean }> {
  const { prisma, service } = deps;
  const earlier = await service.startedWith(input.requestKey);
  if (earlier) return { instance: earlier, revised: false };
  const revisedBefore = await prisma.meetingMinutes.findFirst({
    where: { meetingId: input.meetingId, draftKey: input.requestKey },
    select: { instanceId: true },
  });
  const revised = revisedBefore ? await service.loadInstance(revisedBefore.instanceId) : null;
  // Sent again after its edit went through; an edit whose resubmit did not is tried again below.
  if (revised && revised.status !== 'returned' && revised.status !== 'recalled') {
    return { instance: revised, revised: true };
  }
  const meeting = await approvedMeeting(prisma, input.meetingId);
  if (!meeting) throw new AppError('minutes_meeting_unknown', 'no such meeting', { params: { word: '' } });
  const target = await checkMinutesTarget(prisma, meeting, input.drafterId, deps.now(), deps.timeZone);
  if (target.returned)
    return { instance: await resubmitMinutes(deps, target.returned, input), revised: true };
  if (meeting.chairId === null) throw new AppError('minutes_not_allowed', 'the meeting has no chair');
  try {
    const instance = await service.start({
      definitionId: MINUTES_DEFINITION.id,
      requesterPersonId: input.drafterId,
      workspaceId: input.workspaceId,
      title: meeting.title,
      secrecy: meeting.secrecy,
      urgency: 'normal',
      startKey: input.requestKey,
      params: {
        [MINUTES_PARAMS.meetingId]: meeting.id,
        [MINUTES_PARAMS.chair]: [meeting.chairId],
        ...draftParams(input.draft),
      },
    });
    return { instance, revised: false };
  } catch (error) {
    // Two forms for one meeting sent at the same moment: the unique meeting id lets one through.
    if (isUniqueViolation(error)) throw minutesExist();
    throw error;
  }
}

/**
 * Sends returned minutes again with the edited draft: the draft is kept on the minutes' row with
 * the submission's key, and the resubmit copies it into the instance in its own transaction.
 */
async function resubmitMinutes(
  deps: { service: WorkflowService; prisma: PrismaClient },
  returned: WorkflowInstance,
  input: { drafterId: string; workspaceId: string | null; draft: MinutesDraft; requestKey: string },
): Promise<WorkflowInstance> {
  await deps.prisma.meetingMinutes.update({
    where: { instanceId: returned.id },
    data: { draft: draftParams(input.draft) as Prisma.InputJsonValue, draftKey: input.requestKey },
  });
  const outcome = await deps.service.click({
    instanceId: returned.id,
    workspaceId: input.workspaceId,
    actorPersonId: input.drafterId,
    action: { type: 'resubmit' },
    expectedVersion: returned.version,
  });
  if (outcome.kind === 'refused') throw outcome.refusal;
  if (outcome.kind === 'stale') throw new AppError('minutes_signing', 'sent again meanwhile');
  return outcome.instance;
}

/**
 * The start hook of the minutes: the row that makes them the meeting's only minutes. Minutes the
 * chair rejected or their drafter withdrew give their row up to the new ones.
 */
export const minutesStartHook = async (
  tx: Tx,
  { instance, now }: { instance: WorkflowInstance; now: Date },
): Promise<WorkflowInstance> => {
  const meetingId = instance.params[MINUTES_PARAMS.meetingId];
  if (typeof meetingId !== 'string') throw new Error('minutes without a meeting');
  const earlier = await tx.meetingMinutes.findUnique({ where: { meetingId }, select: { instanceId: true } });
  if (earlier) {
    const ended = await tx.workflowInstance.count({
      where: { id: earlier.instanceId, status: { in: ['rejected', 'cancelled'] } },
    });
    if (ended > 0) await tx.meetingMinutes.delete({ where: { meetingId } });
  }
  await tx.meetingMinutes.create({ data: { meetingId, instanceId: instance.id, createdAt: now } });
  return instance;
};

/**
 * Redraws the organiser's copy of the meeting whose minutes `minutes` are, in the transaction of
 * each step of the minutes: whether its 写纪要 is offered follows them (see `withMinutesButton`).
 */
async function refreshMeetingCard(tx: Tx, minutes: WorkflowInstance, now: Date): Promise<void> {
  const meetingId = minutes.params[MINUTES_PARAMS.meetingId];
  if (typeof meetingId !== 'string') return;
  const meeting = await tx.workflowInstance.findUnique({
    where: { id: meetingId },
    select: { requesterId: true },
  });
  if (meeting) {
    await enqueueOutbox(tx, [cardSyncMessage(meetingId, meeting.requesterId, { refresh: true })], now);
  }
}

/** The minutes' hooks, each also redrawing the organiser's card of their meeting. */
export const withMeetingCardRefresh = {
  start:
    (hook: StartHook): StartHook =>
    async (tx, context) => {
      const instance = await hook(tx, context);
      await refreshMeetingCard(tx, instance, context.now);
      return instance;
    },
  transition:
    (hook: TransitionHook): TransitionHook =>
    async (tx, context) => {
      const result = await hook(tx, context);
      await refreshMeetingCard(tx, result?.next ?? context.next, context.now);
      return result;
    },
};

/** Where the hook starts the decisions: the workflow service, known once the bot is put together. */
export interface DecisionStarter {
  service: WorkflowService | null;
}

/** Retention of a meeting handed to the archive (会议纪要: 定期30年). */
export const MEETING_RETENTION = '30y';

/**
 * The minutes' transition hook. A resubmit takes the edited draft kept on the minutes' row. The
 * chairing leader's signature (the approval that finishes them) sends the notice to the
 * recipients in each one's language, starts each decision's instance, and hands the meeting to
 * the archive, all in the signature's transaction.
 */
export function minutesHook(starter: DecisionStarter, timeZone: string): TransitionHook {
  return async (tx, { current, next, action, actorPersonId, now }) => {
    if (action.type === 'resubmit') {
      const row = await tx.meetingMinutes.findUnique({ where: { instanceId: current.id } });
      if (!row?.draft) return null;
      const draft = draftOf(row.draft as Record<string, never>);
      return {
        next: { ...next, params: { ...next.params, ...draftParams(draft) } },
        details: { revised: true },
      };
    }
    if (action.type !== 'approve' || next.status !== 'approved') return null;
    if (starter.service === null) throw new Error('the workflow service is not there yet');
    const meetingId = next.params[MINUTES_PARAMS.meetingId];
    const meetingRow =
      typeof meetingId === 'string'
        ? await tx.workflowInstance.findUnique({ where: { id: meetingId } })
        : null;
    if (!meetingRow) throw new Error('minutes of a meeting that is gone');
    const meeting = meetingFactsOf(instanceFromRow(meetingRow));
    const draft = draftOf(next.params);
    const people = await tx.person.findMany({
      select: { id: true, departmentId: true, active: true, name: true, nameEn: true, locale: true },
    });
    // Those the meeting invited (stand-ins named by 委派 among them) beside those on the request.
    const invited = await tx.meetingAttendee.findMany({
      where: { instanceId: meetingRow.id },
      select: { personId: true },
    });
    const recipients = minutesRecipients(
      {
        attendees: [...meeting.attendees, ...invited.map((row) => row.personId)],
        departments: meeting.departments,
        chairId: meeting.chairId,
        rangePeople: draft.rangePeople,
        rangeDepartments: draft.rangeDepartments,
      },
      people,
    );
    const nameOf = (id: string, locale: Locale) => {
      const person = people.find((p) => p.id === id);
      return person ? displayNameOf(person, locale) : id;
    };
    await enqueueOutbox(
      tx,
      recipients.map((personId) => {
        const locale: Locale = people.find((p) => p.id === personId)?.locale === 'en' ? 'en' : 'zh';
        return {
          orderingKey: personConversationKey(personId),
          kind: PERSON_MESSAGE_KIND,
          payload: {
            personId,
            key: draft.decisions.length > 0 ? 'meeting.minutes.notice' : 'meeting.minutes.notice_plain',
            params: {
              title: meeting.title,
              time: timeRangeText(meeting, timeZone, locale),
              signer: nameOf(actorPersonId, locale),
              summary: draft.summary,
              decisions: decisionLines(draft.decisions, locale, nameOf),
            },
          },
        };
      }),
      now,
    );
    const service = starter.service;
    const decisionIds: string[] = [];
    for (const decision of draft.decisions) {
      const owner = people.find((p) => p.id === decision.ownerId);
      const started = await service.startIn(
        tx,
        {
          definitionId: DECISION_DEFINITION.id,
          requesterPersonId: meeting.organiserId,
          workspaceId: meetingRow.workspaceId,
          title: decision.text,
          secrecy: meeting.secrecy,
          urgency: 'normal',
          params: {
            [DECISION_PARAMS.meetingId]: meeting.id,
            [DECISION_PARAMS.meetingTitle]: meeting.title,
            [DECISION_PARAMS.minutesId]: current.id,
            [DECISION_PARAMS.owner]: [owner?.active ? decision.ownerId : meeting.organiserId],
            ...(decision.departmentId ? { [DECISION_PARAMS.departmentId]: decision.departmentId } : {}),
            [DECISION_PARAMS.days]: String(decision.days),
          },
        },
        now,
      );
      decisionIds.push(started.id);
    }
    const handoff = await handMeetingToArchive(tx, {
      meeting,
      minutesId: current.id,
      actorPersonId,
      now,
      timeZone,
    });
    return { next, details: { decisions: decisionIds, handoffId: handoff } };
  };
}

/** Each decision on its own line: what, who, within how many working days. */
function decisionLines(
  decisions: readonly Decision[],
  locale: Locale,
  nameOf: (id: string, locale: Locale) => string,
): string {
  return decisions
    .map((d, i) =>
      t(locale, countedKey('meeting.minutes.notice_decision', d.days), {
        n: i + 1,
        text: d.text,
        owner: nameOf(d.ownerId, locale),
        days: d.days,
      }),
    )
    .join('\n');
}

/** One line of a meeting's sign-in sheet (签到表) as handed to the archive. */
export interface SignInSheetRow {
  personId: string;
  name: string;
  /** pending | attending | leave | delegated */
  response: string;
  leaveReason: string | null;
  /** The stand-in this person named (委派), or who named this person. */
  delegateId: string | null;
  delegatedById: string | null;
  signedInAt: string | null;
  signedInBy: string | null;
}

/** A meeting's sign-in sheet: 应到 / 实到 / 请假 / 缺席 and each attendee's line. */
export interface SignInSheet {
  expected: number;
  present: number;
  leave: number;
  absent: number;
  rows: SignInSheetRow[];
}

/** The sign-in sheet of a meeting from its attendees' rows, in invitation order; null with none. */
export async function signInSheetOf(tx: Db, meetingId: string): Promise<SignInSheet | null> {
  const rows = await tx.meetingAttendee.findMany({
    where: { instanceId: meetingId },
    orderBy: { id: 'asc' },
  });
  if (rows.length === 0) return null;
  const people = await tx.person.findMany({
    where: { id: { in: rows.map((r) => r.personId) } },
    select: { id: true, name: true },
  });
  const { expected, present, leave, absent } = attendanceOf(rows);
  return {
    expected: expected.length,
    present: present.length,
    leave: leave.length,
    absent: absent.length,
    rows: rows.map((r) => ({
      personId: r.personId,
      name: people.find((p) => p.id === r.personId)?.name ?? r.personId,
      response: r.response,
      leaveReason: r.leaveReason,
      delegateId: r.delegateId,
      delegatedById: r.delegatedById,
      signedInAt: r.signedInAt?.toISOString() ?? null,
      signedInBy: r.signedInBy,
    })),
  };
}

/**
 * Hands a meeting whose minutes are signed to the archive: an `archive_handoff` of kind `meeting`
 * with its materials (the notice and the agenda as the request holds them, the materials link,
 * the sign-in sheet from the attendees' rows, the minutes). One per meeting (the hand-off's
 * instance is the meeting request, a unique key). The archivists are told. Returns the hand-off's id.
 */
async function handMeetingToArchive(
  tx: Tx,
  input: { meeting: MeetingFacts; minutesId: string; actorPersonId: string; now: Date; timeZone: string },
): Promise<string> {
  const { meeting, now } = input;
  const day = DateTime.fromJSDate(meeting.startsAt, { zone: input.timeZone });
  const host = await tx.person.findFirst({
    where: { id: meeting.organiserId },
    select: { departmentId: true },
  });
  const handoff = await tx.archiveHandoff.create({
    data: {
      instanceId: meeting.id,
      kind: 'meeting',
      docNumber: `${day.toFormat('yyyy-MM-dd')} ${meeting.id.slice(0, 8)}`,
      title: meeting.title,
      year: day.year,
      departmentId: meeting.hostDepartmentId || (host?.departmentId ?? null),
      retention: MEETING_RETENTION,
      secrecy: meeting.secrecy,
      materials: {
        notice: { meetingRequest: meeting.id },
        agenda: meeting.agenda,
        materialsLink: meeting.materials,
        signInSheet: await signInSheetOf(tx, meeting.id),
        minutes: input.minutesId,
      } as Prisma.InputJsonValue,
      countersign: [] as Prisma.InputJsonValue,
      handedById: input.actorPersonId,
      handedAt: now,
    },
    select: { id: true },
  });
  const archivists = await tx.person.findMany({
    where: { active: true, roles: { has: 'archivist' } },
    select: { id: true },
  });
  await enqueueOutbox(
    tx,
    archivists.map(({ id }) => ({
      orderingKey: personConversationKey(id),
      kind: PERSON_MESSAGE_KIND,
      payload: { personId: id, key: 'meeting.archive.handed', params: { title: meeting.title } },
    })),
    now,
  );
  return handoff.id;
}
