// The database side of `/meeting minutes`, its form and `/meeting decisions`: which meeting a
// person may write minutes for, what the form offers, the minutes started or sent again, and the
// open decisions with their owners and deadlines.

import { DECISION_DEFINITION, DECISION_PARAMS, draftOf } from '../../domain/meetings/minutes.ts';
import { isClearedFor, type SecrecyLevel } from '../../domain/org.ts';
import { waitingOn } from '../../domain/workflow/index.ts';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import type { Locale } from '../../shared/i18n.ts';
import { instanceFromRow } from '../workflow/instance-row.ts';
import type { createMeetingChatDeps } from './meeting-chat.ts';
import { DIRECTORY_PEOPLE, hostHeadOf, timeRangeText } from './meeting-service.ts';
import type { MinutesFormChoices } from './minutes-form.ts';
import {
  approvedMeeting,
  checkMinutesTarget,
  type MinutesTarget,
  meetingsToMinute,
  minutesTargetOf,
  startMinutes,
} from './minutes-service.ts';

/** One open decision as the lists show it. */
export interface OpenDecision {
  instanceId: string;
  meetingTitle: string;
  text: string;
  ownerIds: string[];
  deadline: Date | null;
}

/** Most open decisions one list reads. */
const DECISIONS_READ = 200;

/** Each department's principal head (a deputy only where there is none), by department id. */
function headsOf(people: Parameters<typeof hostHeadOf>[0]): Map<string, string> {
  const heads = new Map<string, string>();
  for (const departmentId of new Set(people.map((p) => p.departmentId))) {
    const head = hostHeadOf(people, departmentId, '');
    if (head !== null) heads.set(departmentId, head);
  }
  return heads;
}

export function createMinutesChatDeps(deps: Parameters<typeof createMeetingChatDeps>[0]) {
  const { prisma, timeZone } = deps;
  const now = () => deps.clock.now();
  return {
    timeZone,
    now,
    namesOf: deps.namesOf,
    /** The meetings `personId` may write minutes for now. */
    toMinute: (personId: string) => meetingsToMinute(prisma, personId, now(), timeZone),
    /** The meeting `word` names, checked for `personId` (see minutesTargetOf). */
    target: (personId: string, word: string) => minutesTargetOf(prisma, personId, word, now(), timeZone),
    /** The meeting of a form's link, checked again for `personId`; null when it is gone. */
    async targetById(personId: string, meetingId: string): Promise<MinutesTarget | null> {
      const meeting = await approvedMeeting(prisma, meetingId);
      return meeting ? checkMinutesTarget(prisma, meeting, personId, now(), timeZone) : null;
    },
    /** What the form offers for `target`. */
    async formChoices(target: MinutesTarget, locale: Locale): Promise<MinutesFormChoices> {
      const [people, departments] = await Promise.all([
        prisma.person.findMany(DIRECTORY_PEOPLE),
        prisma.department.findMany({
          where: { active: true },
          orderBy: [{ sortOrder: 'asc' }, { id: 'asc' }],
          select: { id: true, name: true, nameEn: true },
        }),
      ]);
      const headOf = headsOf(people);
      // A decision's owner carries it out as a workflow step at the meeting's level: only those
      // cleared for it may own one (the engine would refuse the chair's signature otherwise).
      const cleared = (id: string | undefined) => {
        const person = people.find((p) => p.id === id);
        return person !== undefined && isClearedFor(person.clearance as SecrecyLevel, target.meeting.secrecy);
      };
      return {
        meetingTitle: target.meeting.title,
        meetingTime: timeRangeText(target.meeting, timeZone, locale),
        people,
        departments,
        owners: {
          people: people.filter((p) => cleared(p.id)),
          departments: departments.filter((d) => !headOf.has(d.id) || cleared(headOf.get(d.id))),
        },
        headOf,
        earlier: target.returned ? draftOf(target.returned.params) : null,
      };
    },
    /** Each department's head, who owns the decisions given to the department. */
    async headsOfDepartments(): Promise<Map<string, string>> {
      return headsOf(
        await prisma.person.findMany({
          where: { active: true, roles: { has: 'department_head' } },
          orderBy: [{ sortOrder: 'asc' }, { id: 'asc' }],
          select: { id: true, departmentId: true, roles: true, headRank: true },
        }),
      );
    },
    /**
     * The meeting of minutes that the submission `key` started or sent again (so that the same form
     * sent twice is answered as the first send was); null when it applied nothing yet.
     */
    async appliedWith(meetingId: string, key: string): Promise<MinutesTarget | null> {
      const row = await prisma.meetingMinutes.findUnique({ where: { meetingId } });
      if (!row) return null;
      const started = await deps.service.startedWith(key);
      if (started?.id !== row.instanceId && row.draftKey !== key) return null;
      const meeting = await approvedMeeting(prisma, meetingId);
      return meeting ? { meeting, returned: null } : null;
    },
    start: (input: Parameters<typeof startMinutes>[1]) =>
      startMinutes({ service: deps.service, prisma, timeZone, now }, input),
    /** Open decisions, soonest deadline first; only `ownerId`'s when given. */
    openDecisions: (ownerId: string | null) => openDecisionsOf(prisma, ownerId),
    /** Whether `personId` sees the office's list of every open decision. */
    async seesAllDecisions(personId: string): Promise<boolean> {
      const person = await prisma.person.findUnique({
        where: { id: personId },
        select: { roles: true, active: true },
      });
      return (
        person?.active === true &&
        person.roles.some(
          (r) => r === 'office_head' || r === 'secretary' || r === 'leader' || r === 'director',
        )
      );
    },
  };
}

export type MinutesFeatureDeps = ReturnType<typeof createMinutesChatDeps>;

/** Open decisions, soonest deadline first; only those waiting on `ownerId` when given. */
export async function openDecisionsOf(prisma: PrismaClient, ownerId: string | null): Promise<OpenDecision[]> {
  const rows = await prisma.workflowInstance.findMany({
    where: {
      definitionId: DECISION_DEFINITION.id,
      status: 'running',
      ...(ownerId ? { waitingOn: { has: ownerId } } : {}),
    },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    take: DECISIONS_READ,
  });
  return rows
    .map((row) => {
      const instance = instanceFromRow(row);
      const step = instance.steps[instance.currentStep];
      const meetingTitle = instance.params[DECISION_PARAMS.meetingTitle];
      return {
        instanceId: instance.id,
        meetingTitle: typeof meetingTitle === 'string' ? meetingTitle : '',
        text: instance.title ?? instance.reference ?? instance.id.slice(0, 8),
        ownerIds: waitingOn(instance),
        deadline: step?.deadline ? new Date(step.deadline) : null,
      };
    })
    .sort(
      (a, b) =>
        (a.deadline?.getTime() ?? Number.MAX_SAFE_INTEGER) -
        (b.deadline?.getTime() ?? Number.MAX_SAFE_INTEGER),
    );
}
