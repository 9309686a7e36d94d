import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SecrecyLevel } from '../../src/domain/org.ts';
import { dueWeeklyReport, periodContaining } from '../../src/domain/reports/period.ts';
import type { WorkflowInstance } from '../../src/domain/workflow/types.ts';
import { buildReport } from '../../src/features/reports/queries.ts';
import { reportOutboxRows } from '../../src/features/reports/report-rows.ts';
import { weeklyReportKey, weeklyReportTask } from '../../src/features/reports/weekly-task.ts';
import type { WorkflowService } from '../../src/features/workflow/workflow-service.ts';
import { OFFICE_CHANNEL, PLAYGROUND_TEAM_ID, type RunningPlayground } from '../../src/playground/start.ts';
import type { Clock } from '../../src/shared/clock.ts';
import { databaseKinds, silentLogger, type TestDatabase } from '../support/databases.ts';
import {
  csvRecords,
  downloadFile,
  type PlaygroundMessage,
  type PlaygroundState,
  type playgroundClient,
  startTestPlayground,
  type TestPlayground,
} from '../support/playground.ts';
import { testWorkflowService } from '../support/workflow.ts';

// `/doc report` and the weekly post through the bot as Slack drives it (signed requests, the
// Slack double): the secretary's DM with the figures, the CSV (rows = the figures) and the chart;
// a clerk refused; a classified item named by its reference only; the weekly post in #办公室 once.

const ZONE = 'Asia/Shanghai';
const P = {
  zhouJing: 'U0EXAMPLE04', // secretary: may ask
  gaoYan: 'U0EXAMPLE05', // construction clerk: may not
} as const;
const CLASSIFIED_REF = '示水密〔2026〕9号';
const OVERDUE_TITLE = '关于报送防汛物资台账的请示';

type FileRef = { name: string; title: string; url: string };
const filesOf = (m: PlaygroundMessage) => (m as unknown as { files?: FileRef[] }).files ?? [];
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe.each(databaseKinds)('/doc report and the weekly post on %s', (kind) => {
  let running: TestPlayground;
  let playground: RunningPlayground;
  let pg: ReturnType<typeof playgroundClient>;

  beforeAll(async () => {
    running = await startTestPlayground(kind);
    ({ playground, pg } = running);
    // The items, at times in the past, through the workflow service on the bot's database.
    const realNow = Date.now();
    let now = realNow - 8 * 24 * 3600_000;
    const clock: Clock = { now: () => new Date(now) };
    const service: WorkflowService = testWorkflowService({ db: playground.bot.db } as TestDatabase, clock);
    const start = (requester: string, title: string | null, secrecy: SecrecyLevel = 'internal') =>
      service.start({
        definitionId: 'generic_approval',
        requesterPersonId: requester,
        workspaceId: PLAYGROUND_TEAM_ID,
        title,
        reference: title === null ? CLASSIFIED_REF : null,
        secrecy,
        urgency: 'normal',
      });
    const approveAll = async (first: WorkflowInstance) => {
      let instance = first;
      while (instance.status === 'running') {
        const person = instance.steps[instance.currentStep]?.assignments.find((a) => a.status === 'pending');
        const outcome = await service.click({
          instanceId: instance.id,
          workspaceId: PLAYGROUND_TEAM_ID,
          actorPersonId: person?.personId ?? '',
          action: { type: 'approve', comment: '同意。' },
          expectedVersion: instance.version,
        });
        if (outcome.kind !== 'applied') throw new Error(outcome.kind);
        instance = outcome.instance;
      }
    };
    // Eight days ago: one left overdue, one classified left overdue, one to be finished late.
    await start('gao-yan', OVERDUE_TITLE);
    await start('zhou-jing', null, 'secret');
    const late = await start('xu-hui', '关于超时办结事项的请示');
    // This week, a minute ago (never before the week's start): finished late, and one on time.
    const weekStart = periodContaining('week', new Date(realNow), ZONE).start.getTime();
    now = Math.max(realNow - 60_000, weekStart);
    await approveAll(late);
    await approveAll(await start('tang-ning', '关于按时办结事项的请示', 'public'));
  }, 120_000);

  afterAll(async () => {
    await running?.stop();
  });

  const lastTs = async (user: string) => Number(pg.dm(await pg.state(user)).messages.at(-1)?.ts ?? 0);
  const answer = (user: string, marker: string, after: number) =>
    pg.waitFor(
      user,
      (s) =>
        pg.dm(s).messages.find((m) => m.from === 'bot' && m.text.includes(marker) && Number(m.ts) > after),
      `the answer containing ${marker}`,
    );

  it('sends the secretary the report as a DM with a CSV whose rows match the figures, and the chart', async () => {
    const after = await lastTs(P.zhouJing);
    await pg.command(P.zhouJing, '/doc', 'report week');
    await answer(P.zhouJing, '正在生成', after);
    const message = await answer(P.zhouJing, '定期通报', after);
    expect(message.ephemeral).toBe(false);
    const upload = await pg.waitFor(
      P.zhouJing,
      (s) => pg.dm(s).messages.find((m) => Number(m.ts) > after && filesOf(m).length === 2),
      'the uploaded CSV and chart',
    );
    const [csvFile, pngFile] = filesOf(upload);
    const week = periodContaining('week', new Date(), ZONE);
    expect(csvFile?.title).toBe(`定期通报-${week.label}.csv`);
    expect(pngFile?.title).toBe(`定期通报-${week.label}.png`);

    const expected = await buildReport(playground.bot.db.prisma, { period: week, now: new Date() });
    const { bom, records } = csvRecords(await downloadFile(csvFile?.url ?? ''));
    expect(bom).toBe(true);
    const [header, ...rows] = records;
    expect(header).toEqual(['部门', '按时办结', '超时办结', '仍超期', '平均办理时长（小时）']);
    expect(rows).toEqual([
      ...expected.departments.map((d) => [
        d.name,
        String(d.onTime),
        String(d.late),
        String(d.overdue),
        d.averageHours === null ? '' : d.averageHours.toFixed(1),
      ]),
      [
        '合计',
        String(expected.total.onTime),
        String(expected.total.late),
        String(expected.total.overdue),
        expected.total.averageHours?.toFixed(1) ?? '',
      ],
    ]);
    // What the fixture made: two finished (one late, one on time) and two overdue.
    const row = (name: string) => rows.find((r) => r[0] === name);
    expect(row('水政水资源科')?.slice(1, 4)).toEqual(['0', '1', '0']);
    expect(row('农村水利科')?.slice(1, 4)).toEqual(['1', '0', '0']);
    expect(rows.at(-1)?.slice(1, 4)).toEqual(['1', '1', '2']);

    const png = await downloadFile(pngFile?.url ?? '');
    expect(png.subarray(0, 8)).toEqual(PNG_SIGNATURE);
  });

  it('names the classified item by its reference only, and an internal one by title in the DM', async () => {
    const after = await lastTs(P.zhouJing);
    await pg.command(P.zhouJing, '/doc', 'report');
    const message = await answer(P.zhouJing, '定期通报', after);
    const blocks = JSON.stringify(message.blocks);
    expect(blocks).toContain(`密件 ${CLASSIFIED_REF}`);
    expect(blocks).toContain(OVERDUE_TITLE);
  });

  it('refuses a clerk, and sends no file', async () => {
    const after = await lastTs(P.gaoYan);
    await pg.command(P.gaoYan, '/doc', 'report week');
    await answer(P.gaoYan, '只有办公室负责人、办公室秘书和局领导可以查看定期通报', after);
    const state: PlaygroundState = await pg.state(P.gaoYan);
    expect(pg.dm(state).messages.some((m) => filesOf(m).length > 0 || m.text.includes('定期通报 ·'))).toBe(
      false,
    );
  });

  it('answers a period it cannot read with the usage', async () => {
    const after = await lastTs(P.zhouJing);
    await pg.command(P.zhouJing, '/doc', 'report 昨天');
    await answer(P.zhouJing, '用法：`/doc report', after);
  });

  it('posts last week’s report from the bot’s own scheduler (the example file: Monday 09:00)', async () => {
    const due = dueWeeklyReport(new Date(), ZONE, { weekday: 1, time: '09:00' });
    if (!due) {
      // Monday before 09:00 in Shanghai: nothing is due yet, and nothing may be posted.
      const channel = (await pg.state(P.zhouJing)).conversations.find((c) => c.id === OFFICE_CHANNEL.id);
      expect(channel?.messages.some((m) => m.text.startsWith('定期通报 ·'))).toBe(false);
      return;
    }
    const posted = await pg.waitFor(
      P.zhouJing,
      (s) =>
        s.conversations
          .find((c) => c.id === OFFICE_CHANNEL.id)
          ?.messages.find((m) => m.text.startsWith('定期通报 ·')),
      'the weekly report in #办公室',
    );
    expect(JSON.stringify(posted.blocks)).toContain('*按时办结*');
    const reminder = await playground.bot.db.prisma.reminder.findUnique({
      where: { key: weeklyReportKey(due.period.label) },
    });
    expect(reminder?.status).toBe('sent');
  });

  it('posts the weekly report with its chart in #办公室 once, however often the task runs', async () => {
    const task = weeklyReportTask({
      prisma: playground.bot.db.prisma,
      logger: silentLogger,
      timeZone: ZONE,
      channel: OFFICE_CHANNEL.id,
      // Due from Monday 00:00: whenever the test runs, last week's report is due.
      schedule: { weekday: 1, time: '00:00' },
      rowsOf: reportOutboxRows,
    });
    const channelOf = (s: PlaygroundState) => s.conversations.find((c) => c.id === OFFICE_CHANNEL.id);
    await task.run(new Date());
    await task.run(new Date());
    const chart = await pg.waitFor(
      P.zhouJing,
      (s) => channelOf(s)?.messages.find((m) => filesOf(m).some((f) => f.name.endsWith('.png'))),
      'the chart in #办公室',
    );
    const png = await downloadFile(filesOf(chart)[0]?.url ?? '');
    expect(png.subarray(0, 8)).toEqual(PNG_SIGNATURE);
    const messages = channelOf(await pg.state(P.zhouJing))?.messages ?? [];
    const lastWeek = periodContaining('week', new Date(Date.now() - 7 * 24 * 3600_000), ZONE).label;
    expect(messages.filter((m) => m.text.startsWith('定期通报 ·'))).toHaveLength(1);
    expect(messages.filter((m) => filesOf(m).length > 0)).toHaveLength(1);
    expect(chart.text).toContain('各部门办理情况图');
    expect(filesOf(chart)[0]?.title).toBe(`定期通报-${lastWeek}.png`);
  });
});
