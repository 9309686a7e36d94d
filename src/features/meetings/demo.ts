// The playground's meetings (会议管理): four meetings at the stages people meet them, each made
// through the feature's own services and the bot's workflow service on a clock set in the past
// (the room booked by the approval hook, the attendees invited and sent their notice, answers and
// sign-ins recorded as presses record them, minutes started and signed through the engine, the
// decisions started by the signature with the chasing feature's reminder rows):
// - a request waiting on the office head;
// - the next working day's meeting, approved, with answers in (参加, one 请假 with its reason) and
//   some not yet (未回复);
// - the previous working day's meeting, its minutes waiting for the chairing leader's 审签;
// - a meeting whose minutes were signed days ago, one decision past its deadline long enough for
//   the first scheduler wake to send its owner's overdue reminder and the 督办.

import type { Database } from '../../db/database.ts';
import { localTimeOn } from '../../domain/chasing/plan.ts';
import { MEETING_DEFINITION } from '../../domain/meetings/meeting.ts';
import type { Decision } from '../../domain/meetings/minutes.ts';
import { waitingOn } from '../../domain/workflow/index.ts';
import type { WorkflowInstance } from '../../domain/workflow/types.ts';
import type { Clock } from '../../shared/clock.ts';
import { storedUnitCalendar, workingDaysFrom } from '../chasing/demo.ts';
import type { WorkflowService } from '../workflow/workflow-service.ts';
import { answerNotice, type NoticeAnswer } from './attendees.ts';
import { type NewMeeting, startMeetingRequest } from './meeting-service.ts';
import { startMinutes } from './minutes-service.ts';
import { signIn } from './sign-in.ts';

/** How far a demo meeting got. */
export type DemoMeetingStage = 'requested' | 'answered' | 'minutes_drafted' | 'decision_overdue';

/** One demo meeting: what is asked, when it is held (a working day from today), and how far it got. */
export interface DemoMeeting {
  stage: DemoMeetingStage;
  organiser: string;
  /** Working days from today the meeting is held (negative: before today). */
  heldInWorkingDays: number;
  starts: string;
  ends: string;
  meeting: Omit<NewMeeting, 'startsAt' | 'endsAt' | 'secrecy' | 'reference'>;
  /** Answers to the notice, in the order given. */
  answers?: Array<{ by: string; answer: NoticeAnswer }>;
  /** Signed in at the start (by themselves). */
  signedIn?: string[];
  minutes?: { summary: string; decisions: Decision[] };
}

/** The decision of the last meeting that is late at the playground's start. */
export const DEMO_OVERDUE_DECISION = {
  text: '完成灌区渠系安全隐患排查并报送整改台账',
  owner: 'lin-feng',
  days: 2,
  /** Working days past its deadline at the start (平件 decisions are escalated after 3). */
  workingDaysLate: 4,
} as const;

const plan = (name: string, agenda: string) => ({
  name,
  agenda,
  place: null,
  materials: null,
  budget: null,
  planned: true,
  unplannedReason: null,
});

/** The example organisation's demo meetings (org.example.yaml: 示范县水利局). */
export const DEMO_MEETINGS: DemoMeeting[] = [
  {
    stage: 'requested',
    organiser: 'xu-hui',
    heldInWorkingDays: 3,
    starts: '14:30',
    ends: '16:30',
    meeting: {
      ...plan(
        '2027年度防汛抗旱工作部署会',
        '一、通报2026年度防汛抗旱工作情况；二、部署2027年度防汛抗旱工作；三、签订防汛责任书',
      ),
      roomId: 'hall',
      attendees: ['zhao-min'],
      departments: ['water-admin', 'construction', 'rural-water'],
      hostDepartmentId: 'water-admin',
      chairId: 'wang-zhenhua',
      budget: 3000,
    },
  },
  {
    stage: 'answered',
    organiser: 'gao-yan',
    heldInWorkingDays: 1,
    starts: '09:30',
    ends: '11:30',
    meeting: {
      ...plan(
        '水库除险加固质量整改专题会',
        '一、通报除险加固工程质量检查情况；二、研究整改措施；三、明确完工时间节点',
      ),
      roomId: 'room-301',
      attendees: ['ma-qiang', 'lin-feng', 'tang-ning', 'xu-hui'],
      departments: [],
      hostDepartmentId: 'construction',
      chairId: 'chen-lixin',
      materials: 'https://docs.example.org/meetings/reservoir-quality',
    },
    answers: [
      { by: 'ma-qiang', answer: { kind: 'attend' } },
      { by: 'chen-lixin', answer: { kind: 'attend' } },
      { by: 'lin-feng', answer: { kind: 'leave', reason: '当天上午赴乡镇督查农村饮水工程。' } },
    ],
  },
  {
    stage: 'minutes_drafted',
    organiser: 'tang-ning',
    heldInWorkingDays: -1,
    starts: '14:30',
    ends: '16:00',
    meeting: {
      ...plan('农村饮水安全巩固提升工程验收推进会', '一、通报工程验收进度；二、研究未验收工程的整改'),
      roomId: 'room-205',
      attendees: ['lin-feng', 'ma-qiang', 'zhou-jing'],
      departments: [],
      hostDepartmentId: 'rural-water',
      chairId: 'li-weidong',
    },
    answers: [
      { by: 'lin-feng', answer: { kind: 'attend' } },
      { by: 'ma-qiang', answer: { kind: 'attend' } },
      { by: 'li-weidong', answer: { kind: 'attend' } },
      { by: 'zhou-jing', answer: { kind: 'attend' } },
    ],
    signedIn: ['lin-feng', 'ma-qiang', 'li-weidong', 'zhou-jing'],
    minutes: {
      summary: '会议听取了农村饮水安全巩固提升工程验收进度汇报，研究了未验收工程的整改安排。',
      decisions: [
        { text: '完成剩余3处工程的竣工验收', ownerId: 'lin-feng', departmentId: null, days: 15 },
        { text: '整理验收资料并移交档案室', ownerId: 'zhou-jing', departmentId: null, days: 20 },
      ],
    },
  },
  {
    stage: 'decision_overdue',
    organiser: 'tang-ning',
    heldInWorkingDays: -(DEMO_OVERDUE_DECISION.days + DEMO_OVERDUE_DECISION.workingDaysLate),
    starts: '09:00',
    ends: '10:30',
    meeting: {
      ...plan('冬春农田水利建设调度会', '一、各灌区工程进度汇报；二、安全生产检查情况；三、部署冬季施工'),
      roomId: 'room-301',
      attendees: ['lin-feng', 'huang-lei', 'zhou-jing'],
      departments: [],
      hostDepartmentId: 'rural-water',
      chairId: 'wang-zhenhua',
    },
    answers: [
      { by: 'lin-feng', answer: { kind: 'attend' } },
      { by: 'zhou-jing', answer: { kind: 'attend' } },
      { by: 'huang-lei', answer: { kind: 'leave', reason: '参加市水利局水资源考核会议。' } },
      { by: 'wang-zhenhua', answer: { kind: 'attend' } },
    ],
    signedIn: ['lin-feng', 'zhou-jing', 'wang-zhenhua'],
    minutes: {
      summary: '会议调度了各灌区工程进度，通报了安全生产检查情况，部署了冬季施工。',
      decisions: [
        {
          text: DEMO_OVERDUE_DECISION.text,
          ownerId: DEMO_OVERDUE_DECISION.owner,
          departmentId: null,
          days: DEMO_OVERDUE_DECISION.days,
        },
        { text: '制定冬季施工质量保障措施', ownerId: 'zhou-jing', departmentId: null, days: 20 },
      ],
    },
  },
];

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/**
 * Adds the demo meetings unless the database has meeting requests already (a playground that was
 * used keeps what its user did, and a restart adds nothing twice) or the organisation file lists
 * no rooms (no meetings feature). Returns how many meetings were added.
 */
export async function seedMeetingsDemo(input: {
  db: Database;
  workspaceId: string;
  timeZone: string;
  now: Date;
  /** The bot's workflow service on the demo's clock (RunningBot.workflowServiceAt). */
  serviceAt: (clock: Clock) => WorkflowService;
  meetings?: readonly DemoMeeting[];
}): Promise<number> {
  const { db, workspaceId, timeZone } = input;
  const { prisma } = db;
  if ((await prisma.meetingRoom.count({ where: { active: true } })) === 0) return 0;
  if ((await prisma.workflowInstance.count({ where: { definitionId: MEETING_DEFINITION.id } })) > 0) return 0;
  const calendar = await storedUnitCalendar(db, timeZone);
  let at = input.now;
  const clock: Clock = { now: () => at };
  const service = input.serviceAt(clock);
  const act = async (instance: WorkflowInstance, when: Date): Promise<WorkflowInstance> => {
    at = when;
    const actor = waitingOn(instance)[0];
    if (!actor) throw new Error(`demo meeting ${instance.title}: nobody to approve`);
    const outcome = await service.click({
      instanceId: instance.id,
      workspaceId,
      actorPersonId: actor,
      action: { type: 'approve' },
      expectedVersion: instance.version,
    });
    if (outcome.kind !== 'applied') {
      throw new Error(`demo meeting ${instance.title}: approve by ${actor} was ${outcome.kind}`);
    }
    return outcome.instance;
  };
  const meetings = input.meetings ?? DEMO_MEETINGS;
  for (const demo of meetings) {
    const day = workingDaysFrom(input.now, demo.heldInWorkingDays, calendar);
    const startsAt = localTimeOn(day, demo.starts, timeZone);
    const endsAt = localTimeOn(day, demo.ends, timeZone);
    // Asked days before the meeting (hours ago for the one still in approval), approved step by step.
    const askedAt =
      demo.stage === 'requested'
        ? new Date(input.now.getTime() - 2 * HOUR_MS)
        : new Date(Math.min(startsAt.getTime(), input.now.getTime()) - 3 * DAY_MS);
    at = askedAt;
    let instance = await startMeetingRequest(
      { service, prisma, timeZone },
      {
        requesterPersonId: demo.organiser,
        workspaceId,
        meeting: { ...demo.meeting, secrecy: 'internal', reference: null, startsAt, endsAt },
      },
    );
    if (demo.stage === 'requested') {
      await act(instance, new Date(askedAt.getTime() + HOUR_MS));
      continue;
    }
    for (let step = 1; instance.status === 'running'; step++) {
      instance = await act(instance, new Date(askedAt.getTime() + 2 * step * HOUR_MS));
    }
    if (instance.status !== 'approved') throw new Error(`demo meeting ${instance.title}: ${instance.status}`);
    // Answered after the notice, before the meeting (and before now).
    const answeredBy = new Date(Math.min(startsAt.getTime(), input.now.getTime()) - 2 * HOUR_MS);
    const answers = demo.answers ?? [];
    for (const [index, { by, answer }] of answers.entries()) {
      at = new Date(answeredBy.getTime() - (answers.length - index) * HOUR_MS);
      await answerNotice(
        { prisma, clock, timeZone },
        { instanceId: instance.id, workspaceId, personId: by, answer },
      );
    }
    for (const personId of demo.signedIn ?? []) {
      at = new Date(startsAt.getTime() - 5 * 60_000);
      await signIn(
        { prisma, clock, timeZone },
        { instanceId: instance.id, workspaceId, by: personId, personIds: [personId] },
      );
    }
    if (!demo.minutes) continue;
    // Drafted half an hour after the meeting by its organiser; the overdue one signed that afternoon.
    at = new Date(endsAt.getTime() + HOUR_MS / 2);
    const { instance: minutes } = await startMinutes(
      { service, prisma, timeZone, now: () => at },
      {
        drafterId: demo.organiser,
        workspaceId,
        meetingId: instance.id,
        draft: { ...demo.minutes, rangePeople: [], rangeDepartments: [] },
        requestKey: `demo-minutes-${instance.id}`,
      },
    );
    if (demo.stage === 'decision_overdue') await act(minutes, localTimeOn(day, '16:00', timeZone));
  }
  return meetings.length;
}
