// The database side of `/meeting` and its form: what the form offers a person now, a request
// started (with who reviews it first), and a room's week.

import { type RoomChoice, weekOf } from '../../domain/meetings/meeting.ts';
import { defaultPlanYear } from '../../domain/meetings/plan.ts';
import { waitingOn } from '../../domain/workflow/index.ts';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import type { Clock } from '../../shared/clock.ts';
import type { Locale } from '../../shared/i18n.ts';
import type { WorkflowService } from '../workflow/workflow-service.ts';
import type { MeetingFormChoices } from './meeting-form.ts';
import { listRooms, type NewMeeting, roomWeek, startMeetingRequest } from './meeting-service.ts';

export function createMeetingChatDeps(deps: {
  prisma: PrismaClient;
  service: WorkflowService;
  clock: Clock;
  timeZone: string;
  namesOf(personIds: readonly string[], locale: Locale): Promise<Map<string, string>>;
}) {
  const { prisma, timeZone } = deps;
  return {
    prisma,
    timeZone,
    now: () => deps.clock.now(),
    /** The year a plan or register is for when none is typed (plans, register). */
    defaultPlanYear: () => defaultPlanYear(deps.clock.now(), timeZone),
    rooms: (): Promise<RoomChoice[]> => listRooms(prisma),
    /** What the request form offers `personId` now: rooms, people, departments, hosts, leaders. */
    async formChoices(personId: string): Promise<MeetingFormChoices> {
      const [rooms, people, departments] = await Promise.all([
        listRooms(prisma),
        prisma.person.findMany({
          where: { active: true },
          orderBy: [{ sortOrder: 'asc' }, { id: 'asc' }],
          select: { id: true, name: true, nameEn: true, departmentId: true, roles: true },
        }),
        prisma.department.findMany({
          where: { active: true },
          orderBy: [{ sortOrder: 'asc' }, { id: 'asc' }],
          select: { id: true, name: true, nameEn: true },
        }),
      ]);
      const withHead = new Set(
        people.filter((p) => p.roles.includes('department_head')).map((p) => p.departmentId),
      );
      const hosts = departments.filter((d) => withHead.has(d.id));
      const own = people.find((p) => p.id === personId)?.departmentId ?? null;
      return {
        rooms,
        people,
        departments,
        hosts,
        chairs: people.filter((p) => p.roles.includes('leader') || p.roles.includes('director')),
        initialHost: own !== null && withHead.has(own) ? own : null,
        timeZone,
        now: deps.clock.now(),
      };
    },
    /** Starts a request; who reviews it first, by name. */
    async start(input: {
      workspaceId: string | null;
      requesterPersonId: string;
      meeting: NewMeeting;
      locale: Locale;
      startKey?: string;
    }) {
      const instance = await startMeetingRequest(
        { service: deps.service, prisma, timeZone },
        {
          requesterPersonId: input.requesterPersonId,
          workspaceId: input.workspaceId,
          meeting: input.meeting,
          ...(input.startKey ? { startKey: input.startKey } : {}),
        },
      );
      const first = waitingOn(instance);
      const names = await deps.namesOf(first, input.locale);
      return { firstReviewer: first.map((id) => names.get(id) ?? id).join('、') };
    },
    /** The week holding `day` (this week without one) and each room's bookings in it. */
    async week(day: string | null) {
      const week = weekOf(day, timeZone, deps.clock.now());
      const rooms = await listRooms(prisma);
      const bookings = await Promise.all(rooms.map((room) => roomWeek(prisma, room.id, week)));
      return { week, rooms: rooms.map((room, i) => ({ room, bookings: bookings[i] ?? [] })) };
    },
  };
}

export type MeetingFeatureDeps = ReturnType<typeof createMeetingChatDeps>;
