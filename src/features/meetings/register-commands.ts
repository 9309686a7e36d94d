// The meeting register (会议台账), `/meeting register [年] [部门]`: every meeting request of a year
// (by the meeting's day, in the unit's time zone), of one host department when one is named, as a
// CSV file for the asker alone, written like the other registers (UTF-8 with a byte-order mark,
// CRLF, formula-like text defused). The office head and the office secretaries export any
// department; a department head their own department only. A meeting at 秘密 and above is named by
// its number only and its reason is left out (its actual cost, a figure, is shown as any other's).

import { DateTime } from 'luxon';
import { type CommandAnswer, fileAnswer, textAnswer } from '../../chat/core/commands.ts';
import { richT, truncateText } from '../../chat/core/reply.ts';
import { formatCostYuan } from '../../domain/meetings/cost.ts';
import { MEETING_DEFINITION, MEETING_PARAMS } from '../../domain/meetings/meeting.ts';
import { MEETING_RECORD_PARAMS } from '../../domain/meetings/plan.ts';
import { SECRECY_LABELS_ZH, type SecrecyLevel } from '../../domain/org.ts';
import { isClassified } from '../../domain/workflow/index.ts';
import type { InstanceStatus, WorkflowInstance } from '../../domain/workflow/types.ts';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import { type Locale, t } from '../../shared/i18n.ts';
import { registerCsv } from '../documents/registers.ts';
import { instanceFromRow } from '../workflow/instance-row.ts';
import { isCancelled } from './attendees.ts';
import { meetingCosts } from './meeting-cost.ts';
import { meetingPlaceOf } from './meeting-service.ts';
import {
  activeDepartments,
  departmentMatching,
  unknownDepartmentText,
  yearAndRest,
} from './plan-commands.ts';
import { isMeetingOffice } from './plan-service.ts';
import { signedInCounts, signInOpened } from './sign-in.ts';

/** The register's columns (Chinese: the register is an office record). */
export const MEETING_REGISTER_COLUMNS = [
  '会议名称或编号',
  '密级',
  '主办部门',
  '计划内/临时',
  '日期',
  '时间',
  '时长（小时）',
  '会议室/地点',
  '主持领导',
  '预计人数',
  '实到人数',
  '预算（元）',
  '实际费用（元）',
  '状态',
] as const;

/** Most meetings one export reads. */
export const MAX_MEETING_REGISTER_ROWS = 10_000;

const STATUS_ZH: Record<InstanceStatus, string> = {
  running: '审批中',
  returned: '已退回',
  recalled: '已撤回',
  approved: '已批准',
  rejected: '未批准',
  cancelled: '已撤销',
};

/** What the register needs. */
export interface RegisterDeps {
  prisma: PrismaClient;
  timeZone: string;
  now(): Date;
}

/** The register's rows for `year`, of `departmentId` only when given, in the meetings' time order. */
export async function meetingRegisterRows(
  deps: RegisterDeps,
  input: { year: number; departmentId: string | null },
): Promise<string[][]> {
  const { prisma, timeZone } = deps;
  const start = DateTime.fromObject({ year: input.year }, { zone: timeZone }).startOf('year');
  const [rows, rooms, departments, people] = await Promise.all([
    // Requested at most a year ahead of the meeting (the form takes no earlier start), never after it.
    prisma.workflowInstance.findMany({
      where: {
        definitionId: MEETING_DEFINITION.id,
        createdAt: { gte: start.minus({ years: 1 }).toJSDate(), lt: start.plus({ years: 1 }).toJSDate() },
      },
      orderBy: { createdAt: 'asc' },
      take: MAX_MEETING_REGISTER_ROWS,
    }),
    prisma.meetingRoom.findMany({ select: { id: true, name: true } }),
    prisma.department.findMany({ select: { id: true, name: true } }),
    prisma.person.findMany({ select: { id: true, name: true } }),
  ]);
  const ids = rows.map((r) => r.id);
  const [present, costs] = await Promise.all([signedInCounts(prisma, ids), meetingCosts(prisma, ids)]);
  const nameOf = (list: ReadonlyArray<{ id: string; name: string }>, id: string) =>
    list.find((x) => x.id === id)?.name ?? id;
  const now = deps.now();
  return rows
    .map(instanceFromRow)
    .map((instance) => ({ instance, ...meetingPlaceOf(instance) }))
    .filter(({ instance, range }) => {
      if (range === null) return false;
      const day = DateTime.fromJSDate(range.startsAt, { zone: timeZone });
      const host = textParam(instance, MEETING_PARAMS.hostDepartmentId);
      return day.year === input.year && (input.departmentId === null || host === input.departmentId);
    })
    .sort((a, b) => (a.range?.startsAt.getTime() ?? 0) - (b.range?.startsAt.getTime() ?? 0))
    .map(({ instance, range, roomId, headcount }) => {
      const startsAt = DateTime.fromJSDate(range?.startsAt ?? new Date(0), { zone: timeZone });
      const endsAt = DateTime.fromJSDate(range?.endsAt ?? new Date(0), { zone: timeZone });
      const classified = isClassified(instance.secrecy);
      const planned = textParam(instance, MEETING_PARAMS.planned) !== '0';
      const entry = textParam(instance, MEETING_RECORD_PARAMS.planEntryName);
      const reason = classified ? '' : textParam(instance, MEETING_PARAMS.unplannedReason);
      // Cancelled by its organiser after approval: never held, whatever the clock says.
      const calledOff = instance.status === 'approved' && isCancelled(instance);
      const held = instance.status === 'approved' && !calledOff && endsAt.toMillis() <= now.getTime();
      const cost = costs.get(instance.id);
      return [
        classified ? (instance.reference ?? '') : (instance.title ?? ''),
        SECRECY_LABELS_ZH[instance.secrecy as SecrecyLevel] ?? instance.secrecy,
        nameOf(departments, textParam(instance, MEETING_PARAMS.hostDepartmentId)),
        planned ? (entry ? `计划内（${entry}）` : '计划内') : reason ? `临时：${reason}` : '临时',
        startsAt.toFormat('yyyy-MM-dd'),
        `${startsAt.toFormat('HH:mm')}–${endsAt.toFormat('HH:mm')}`,
        (endsAt.diff(startsAt, 'minutes').minutes / 60).toFixed(1),
        roomId ? nameOf(rooms, roomId) : textParam(instance, MEETING_PARAMS.place),
        listParam(instance, MEETING_PARAMS.chair)
          .map((id) => nameOf(people, id))
          .join('、'),
        headcount > 0 ? String(headcount) : '',
        // Those signed in, once sign-in has opened for an approved meeting; empty before.
        instance.status === 'approved' && !isCancelled(instance) && signInOpened(instance, now)
          ? String(present.get(instance.id) ?? 0)
          : '',
        textParam(instance, MEETING_PARAMS.budget),
        // Recorded after the meeting (`/meeting cost`), to the fen; empty until then.
        cost === undefined ? '' : formatCostYuan(cost),
        calledOff ? '已取消' : held ? '已召开' : STATUS_ZH[instance.status],
      ];
    });
}

function textParam(instance: WorkflowInstance, key: string): string {
  const value = instance.params[key];
  return typeof value === 'string' ? value : '';
}

function listParam(instance: WorkflowInstance, key: string): string[] {
  const value = instance.params[key];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** `/meeting register [年] [部门]` for `personId`: the CSV, or why not. */
export async function answerRegister(
  deps: RegisterDeps,
  personId: string,
  words: readonly string[],
  locale: Locale,
): Promise<CommandAnswer> {
  const read = yearAndRest(words);
  if (!read.ok)
    return textAnswer(t(locale, 'meeting.register.bad_year', { word: truncateText(read.word, 20) }));
  const { year, rest } = read;
  const asked = rest.join(' ').trim();
  const registerYear = year ?? DateTime.fromJSDate(deps.now(), { zone: deps.timeZone }).year;
  const viewer = await deps.prisma.person.findUnique({
    where: { id: personId },
    select: { active: true, roles: true, departmentId: true },
  });
  const office = await isMeetingOffice(deps.prisma, personId);
  const head = Boolean(viewer?.active && viewer.roles.includes('department_head'));
  if (!office && !head) return textAnswer(t(locale, 'meeting.register.forbidden'));
  const departments = await activeDepartments(deps.prisma);
  let department: { id: string; name: string } | undefined;
  if (asked !== '') {
    department = departmentMatching(asked, departments);
    if (!department) return textAnswer(unknownDepartmentText(asked, departments, locale));
  } else if (!office) {
    department = departments.find((d) => d.id === viewer?.departmentId);
  }
  if (!office && department?.id !== viewer?.departmentId) {
    return textAnswer(t(locale, 'meeting.register.own_department'));
  }
  const rows = await meetingRegisterRows(deps, { year: registerYear, departmentId: department?.id ?? null });
  if (rows.length === 0) return textAnswer(t(locale, 'meeting.register.empty', { year: registerYear }));
  const filename = `会议台账-${registerYear}${department ? `-${department.name}` : ''}.csv`;
  return fileAnswer({
    filename,
    content: registerCsv(MEETING_REGISTER_COLUMNS, rows),
    comment: richT(locale, 'meeting.register.ready', { file: filename, count: rows.length }),
  });
}
