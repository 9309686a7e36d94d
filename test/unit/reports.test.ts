import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { renderMrkdwn } from '../../src/chat/slack/reply-blocks.ts';
import { buildReportMessage, describePeriod } from '../../src/chat/slack/reports/blocks.ts';
import { registerReportKinds } from '../../src/chat/slack/reports/delivery.ts';
import { createSlackDelivery } from '../../src/chat/slack/slack-delivery.ts';
import { parseReportArgs } from '../../src/domain/reports/command.ts';
import { aggregateReport, type OverdueReportItem } from '../../src/domain/reports/figures.ts';
import {
  dueWeeklyReport,
  periodContaining,
  periodOfLabel,
  previousPeriod,
} from '../../src/domain/reports/period.ts';
import { parseDocCommand } from '../../src/features/documents/doc-request.ts';
import { findCjkFont, renderReportChart, reportChartOption } from '../../src/features/reports/chart.ts';
import { reportCsv } from '../../src/features/reports/csv.ts';
import type { Report } from '../../src/features/reports/queries.ts';
import { overdueItemLabel as overdueItemRuns } from '../../src/features/reports/report-reply.ts';
import { reportOutboxRows } from '../../src/features/reports/report-rows.ts';
import { OrgFileError, parseOrgFile } from '../../src/org/org-file.ts';
import { DeliveryError } from '../../src/outbox/delivery.ts';
import { silentLogger } from '../support/databases.ts';
import { captureLogs } from '../support/logs.ts';

const ZONE = 'Asia/Shanghai';
/** An overdue item's label as Slack shows it (mrkdwn). */
const overdueItemLabel = (...args: Parameters<typeof overdueItemRuns>) =>
  renderMrkdwn(overdueItemRuns(...args));
const iso = (d: Date) => d.toISOString();

describe('report periods', () => {
  it('runs an ISO week from Monday 00:00 to the next Monday in the unit’s time zone', () => {
    // Sunday 2026-11-29 23:30 in Shanghai is still week 48 (it is Sunday 15:30 UTC).
    const week = periodContaining('week', new Date('2026-11-29T15:30:00Z'), ZONE);
    expect(week.label).toBe('2026-W48');
    expect(iso(week.start)).toBe('2026-11-22T16:00:00.000Z');
    expect(iso(week.end)).toBe('2026-11-29T16:00:00.000Z');
    // Half an hour later it is Monday in Shanghai: week 49.
    expect(periodContaining('week', new Date('2026-11-29T16:00:00Z'), ZONE).label).toBe('2026-W49');
  });

  it('uses the ISO week-year at the turn of the year', () => {
    // Thursday 2026-12-31 is in 2026-W53; Friday 2027-01-01 too.
    expect(periodContaining('week', new Date('2026-12-31T04:00:00Z'), ZONE).label).toBe('2026-W53');
    expect(periodContaining('week', new Date('2027-01-01T04:00:00Z'), ZONE).label).toBe('2026-W53');
    expect(periodOfLabel('2025-W53', ZONE)).toBeNull(); // 2025 has 52 ISO weeks
  });

  it('runs a month from the 1st, and steps back a period', () => {
    const month = periodContaining('month', new Date('2026-12-01T00:00:00Z'), ZONE);
    expect(month.label).toBe('2026-12');
    expect(iso(month.start)).toBe('2026-11-30T16:00:00.000Z');
    expect(iso(month.end)).toBe('2026-12-31T16:00:00.000Z');
    expect(previousPeriod(month, ZONE).label).toBe('2026-11');
    expect(previousPeriod(periodContaining('week', month.start, ZONE), ZONE).label).toBe('2026-W48');
    expect(periodOfLabel('2026-13', ZONE)).toBeNull();
    expect(periodOfLabel('2026-W48', ZONE)?.start).toEqual(new Date('2026-11-22T16:00:00Z'));
  });

  it('is due at the post time of the week, for the week before, and not a minute earlier', () => {
    const monday0859 = new Date('2026-11-30T00:59:00Z');
    expect(dueWeeklyReport(monday0859, ZONE)).toBeNull();
    const due = dueWeeklyReport(new Date('2026-11-30T01:00:00Z'), ZONE);
    expect(due?.period.label).toBe('2026-W48');
    expect(due?.dueAt).toEqual(new Date('2026-11-30T01:00:00Z'));
    // Still the same report all week; a Friday 16:30 schedule waits for Friday.
    expect(dueWeeklyReport(new Date('2026-12-06T15:00:00Z'), ZONE)?.period.label).toBe('2026-W48');
    const friday = { weekday: 5, time: '16:30' };
    expect(dueWeeklyReport(new Date('2026-12-04T08:29:00Z'), ZONE, friday)).toBeNull();
    expect(dueWeeklyReport(new Date('2026-12-04T08:30:00Z'), ZONE, friday)?.period.label).toBe('2026-W48');
    expect(() => dueWeeklyReport(monday0859, ZONE, { weekday: 8, time: '09:00' })).toThrow(RangeError);
  });

  it('reads /doc report words: week by default, month, last week, a label, full-width digits', () => {
    const now = new Date('2026-12-02T02:00:00Z'); // Wednesday of W49
    const label = (words: string[]) => {
      const parsed = parseReportArgs(words, now, ZONE);
      return parsed.ok ? parsed.period.label : `bad:${parsed.arg}`;
    };
    expect(label([])).toBe('2026-W49');
    expect(label(['week'])).toBe('2026-W49');
    expect(label(['本月'])).toBe('2026-12');
    expect(label(['上周'])).toBe('2026-W48');
    expect(label(['last-month'])).toBe('2026-11');
    expect(label(['２０２６－Ｗ４７'])).toBe('2026-W47');
    expect(label(['2026-w47'])).toBe('2026-W47');
    expect(label(['昨天'])).toBe('bad:昨天');
    expect(label(['week', 'extra'])).toBe('bad:extra');
  });

  it('routes /doc report and /doc 通报 with their words', () => {
    expect(parseDocCommand('report month')).toEqual({ kind: 'report', args: ['month'] });
    expect(parseDocCommand('通报')).toEqual({ kind: 'report', args: [] });
  });
});

const W48 = periodOfLabel('2026-W48', ZONE) as NonNullable<ReturnType<typeof periodOfLabel>>;
const NOW = new Date('2026-11-30T01:00:00Z');
const DEPARTMENTS = [
  { id: 'leadership', name: '局领导', nameEn: 'Leadership', alwaysListed: false },
  { id: 'office', name: '办公室', nameEn: 'General Office', alwaysListed: true },
  { id: 'water', name: '水政水资源科', nameEn: 'Water Administration', alwaysListed: true },
];
const at = (s: string) => new Date(s);
const overdueItem = (
  id: string,
  deadline: string,
  extra: Partial<OverdueReportItem> = {},
): OverdueReportItem => ({
  instanceId: id,
  departmentId: 'water',
  definitionId: 'generic_approval',
  title: `标题${id}`,
  reference: null,
  secrecy: 'public',
  urgency: 'normal',
  stepName: { zh: '部门负责人审核', en: 'Department review' },
  deadline: at(deadline),
  waitingOn: ['liu-yang'],
  ...extra,
});

function sampleReport(overrides: { onTimeInWater?: number } = {}): Report {
  const finished = [
    ...Array.from({ length: overrides.onTimeInWater ?? 1 }, (_, i) => ({
      instanceId: `w-ok-${i}`,
      departmentId: 'water',
      startedAt: at('2026-11-23T01:00:00Z'),
      finishedAt: at('2026-11-23T03:00:00Z'),
      lateSteps: 0,
    })),
    {
      instanceId: 'w-late',
      departmentId: 'water',
      startedAt: at('2026-11-23T01:00:00Z'),
      finishedAt: at('2026-11-24T01:00:00Z'),
      lateSteps: 2,
    },
    // Finished the week before: not counted.
    {
      instanceId: 'o-old',
      departmentId: 'office',
      startedAt: at('2026-11-16T01:00:00Z'),
      finishedAt: at('2026-11-20T01:00:00Z'),
      lateSteps: 0,
    },
  ];
  const overdue = [
    overdueItem('a', '2026-11-27T10:00:00Z'),
    overdueItem('b', '2026-11-25T10:00:00Z', {
      secrecy: 'confidential',
      title: '不该出现的机密标题',
      reference: '示水密〔2026〕3号',
      departmentId: 'office',
    }),
    overdueItem('c', '2026-11-26T10:00:00Z', { secrecy: 'internal', title: '内部事项', reference: null }),
    // Not yet due at the report time: not overdue.
    overdueItem('d', '2026-12-01T10:00:00Z'),
    // A requester of the leadership: listed because it has a figure.
    overdueItem('e', '2026-11-28T10:00:00Z', { departmentId: 'leadership' }),
  ];
  const figures = aggregateReport({ period: W48, now: NOW, departments: DEPARTMENTS, finished, overdue });
  return { ...figures, people: { 'liu-yang': { name: '刘洋', nameEn: 'Liu Yang' } } };
}

describe('report figures', () => {
  it('counts finished items in the period as on time or late, overdue as of now, averages hours', () => {
    const report = sampleReport();
    expect(report.departments.map((d) => d.departmentId)).toEqual(['leadership', 'office', 'water']);
    expect(report.departments.find((d) => d.departmentId === 'water')).toMatchObject({
      onTime: 1,
      late: 1,
      overdue: 2,
      averageHours: 13, // (2 h + 24 h) / 2
    });
    expect(report.departments.find((d) => d.departmentId === 'office')).toMatchObject({
      onTime: 0,
      late: 0,
      overdue: 1,
      averageHours: null,
    });
    expect(report.total).toEqual({ onTime: 1, late: 1, overdue: 4, averageHours: 13 });
  });

  it('lists the longest overdue first and drops the titles of classified items', () => {
    const report = sampleReport();
    expect(report.longestOverdue.map((i) => i.instanceId)).toEqual(['b', 'c', 'a', 'e']);
    expect(report.longestOverdue[0]).toMatchObject({ title: null, classified: true, hoursOverdue: 111 });
    expect(JSON.stringify(report)).not.toContain('不该出现的机密标题');
  });
});

describe('report message', () => {
  it('has a section per department with the four figures, within Block Kit limits', () => {
    const { text, blocks = [] } = buildReportMessage({
      report: sampleReport(),
      locale: 'zh',
      timeZone: ZONE,
      audience: 'channel',
    });
    expect(text).toContain('定期通报 · 2026年第48周（11月23日至11月29日）');
    const sections = blocks.filter((b) => b.type === 'section' && 'fields' in b && b.fields);
    expect(sections).toHaveLength(3);
    const water = JSON.stringify(sections[2]);
    expect(water).toContain('水政水资源科');
    expect(water).toContain('*按时办结*\\n1');
    expect(water).toContain('*仍超期*\\n2');
    expect(water).toContain('13.0 小时');
    expect(blocks.length).toBeLessThanOrEqual(50);
    expect(JSON.stringify(blocks).length).toBeLessThan(13_200);
  });

  it('names classified items by reference only; internal ones too in the channel, by title in a DM', () => {
    const report = sampleReport();
    const [classified, internal, open] = report.longestOverdue;
    if (!classified || !internal || !open) throw new Error('fixture');
    expect(overdueItemLabel(classified, 'zh', 'direct')).toBe('密件 示水密〔2026〕3号');
    expect(overdueItemLabel(internal, 'zh', 'channel')).toBe('内部件 #c');
    expect(overdueItemLabel(internal, 'zh', 'direct')).toBe('「内部事项」');
    expect(overdueItemLabel(open, 'zh', 'channel')).toBe('「标题a」');
    // A reference typed by a person (their document number) is escaped like a title.
    expect(overdueItemLabel({ ...classified, reference: '<!channel>〔2026〕3号' }, 'zh', 'direct')).toBe(
      '密件 &lt;!channel&gt;〔2026〕3号',
    );
    const dm = JSON.stringify(
      buildReportMessage({ report, locale: 'en', timeZone: ZONE, audience: 'direct' }),
    );
    expect(dm).toContain('Classified item 示水密〔2026〕3号');
    expect(dm).toContain('Liu Yang');
    expect(dm).not.toContain('不该出现');
  });

  it('stays within 50 blocks and Slack’s message size with many departments and long titles', () => {
    const departments = Array.from({ length: 30 }, (_, i) => ({
      id: `d${i}`,
      name: `第${i}号很长名称的业务管理科室（含下属单位与派出机构）`,
      nameEn: null,
      alwaysListed: true,
    }));
    const overdue = Array.from({ length: 15 }, (_, i) =>
      overdueItem(`x${i}`, '2026-11-25T10:00:00Z', { departmentId: `d${i}`, title: '很长的标题'.repeat(40) }),
    );
    const figures = aggregateReport({ period: W48, now: NOW, departments, finished: [], overdue });
    const message = buildReportMessage({
      report: { ...figures, people: {} },
      locale: 'zh',
      timeZone: ZONE,
      audience: 'direct',
    });
    expect(message.blocks?.length).toBeLessThanOrEqual(50);
    expect(JSON.stringify(message.blocks).length).toBeLessThan(13_200);
    expect(JSON.stringify(message.blocks)).toContain('另有 10 个部门未列出');
    expect(JSON.stringify(message.blocks)).toContain('共 15 件超期');
  });

  it('escapes mrkdwn in titles', () => {
    const report = sampleReport();
    const item = {
      ...(report.longestOverdue[2] as Report['longestOverdue'][number]),
      title: '<!channel> & co',
    };
    expect(overdueItemLabel(item, 'zh', 'direct')).toBe('「&lt;!channel&gt; &amp; co」');
  });

  it('describes a month and a week in English', () => {
    expect(describePeriod(W48, 'en', ZONE)).toBe('week 48 of 2026 (23 Nov to 29 Nov)');
    expect(describePeriod(periodOfLabel('2026-11', ZONE) as typeof W48, 'zh', ZONE)).toBe('2026年11月');
  });
});

describe('report CSV', () => {
  it('has a byte-order mark, a row per department and the total, matching the figures', () => {
    const report = sampleReport();
    const bytes = reportCsv(report, 'zh');
    expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const records = parseCsv(bytes.subarray(3)) as string[][];
    expect(records).toEqual([
      ['部门', '按时办结', '超时办结', '仍超期', '平均办理时长（小时）'],
      ['局领导', '0', '0', '1', ''],
      ['办公室', '0', '0', '1', ''],
      ['水政水资源科', '1', '1', '2', '13.0'],
      ['合计', '1', '1', '4', '13.0'],
    ]);
  });
});

describe('report chart', () => {
  const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const logs = () => captureLogs();

  it('is a PNG of sensible size that changes with the data', async () => {
    const { logger } = logs();
    const png = await renderReportChart(sampleReport(), { locale: 'zh', logger });
    expect(png.subarray(0, 8)).toEqual(PNG_SIGNATURE);
    // IHDR: width and height, big-endian, at bytes 16 and 20.
    expect(png.readUInt32BE(16)).toBe(960);
    expect(png.readUInt32BE(20)).toBeGreaterThanOrEqual(360);
    expect(png.length).toBeGreaterThan(5_000);
    expect(png.length).toBeLessThan(500_000);
    const other = await renderReportChart(sampleReport({ onTimeInWater: 5 }), { locale: 'zh', logger });
    expect(other.equals(png)).toBe(false);
  });

  it('draws Chinese with the CJK font when one is installed', async () => {
    const font = findCjkFont();
    if (font === null) {
      // No CJK font on this machine (CI installs fonts-wqy-microhei): the next test covers it.
      expect(findCjkFont()).toBeNull();
      return;
    }
    const { logger, lines } = logs();
    await renderReportChart(sampleReport(), { locale: 'zh', logger });
    expect(lines().filter((l) => l.level === 'warn')).toEqual([]);
    expect(font.family.length).toBeGreaterThan(0);
  });

  it('still renders without a CJK font, and warns', async () => {
    const empty = await mkdtemp(path.join(os.tmpdir(), 'no-fonts-'));
    try {
      const { logger, lines } = logs();
      const png = await renderReportChart(sampleReport(), { locale: 'zh', logger, fontDirs: [empty] });
      expect(png.subarray(0, 8)).toEqual(PNG_SIGNATURE);
      expect(lines().some((l) => l.level === 'warn' && String(l.msg).includes('no CJK font'))).toBe(true);
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });
});

describe('report chart off the event loop', () => {
  const fixture = (name: string) => new URL(`./fixtures/chart-workers/${name}.mjs`, import.meta.url);

  /**
   * The longest time the event loop could not answer during `work`: a 5 ms timer chain records the
   * gaps between its ticks, up to and including the first tick after `work` has finished (a render
   * that holds the loop to its end is only seen by that tick).
   */
  async function longestStallDuring<T>(work: () => Promise<T>) {
    let longest = 0;
    let last = performance.now();
    let done = false;
    let stopped: () => void = () => {};
    const lastTick = new Promise<void>((resolve) => {
      stopped = resolve;
    });
    const tick = () => {
      const now = performance.now();
      longest = Math.max(longest, now - last - 5);
      last = now;
      if (done) stopped();
      else setTimeout(tick, 5);
    };
    setTimeout(tick, 5);
    const started = performance.now();
    const result = await work();
    done = true;
    await lastTick;
    return { result, elapsed: performance.now() - started, longest };
  }

  it('keeps the event loop answering while the chart renders', async () => {
    const { logger } = captureLogs();
    const { result, elapsed, longest } = await longestStallDuring(() =>
      renderReportChart(sampleReport({ onTimeInWater: 3 }), { locale: 'zh', logger }),
    );
    expect(result.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    // Drawn on the main thread, the render is one synchronous stretch (plus ECharts' module
    // evaluation on the first chart): the loop stalls for most of the render's time. In the worker,
    // the main thread only starts it and takes the PNG: its longest stall is a small share of the
    // render, however slow the machine (a busy machine slows the worker's render too).
    expect(longest).toBeLessThan(elapsed / 4);
  });

  it('rejects, and the process goes on, when the worker dies', async () => {
    const { logger } = captureLogs();
    await expect(
      renderReportChart(sampleReport(), { locale: 'zh', logger, worker: fixture('dies') }),
    ).rejects.toThrow(/worker exited \(code 3\) without a chart/);
    // The next chart renders as usual.
    const png = await renderReportChart(sampleReport(), { locale: 'zh', logger });
    expect(png.readUInt32BE(16)).toBe(960);
  });

  it('rejects when the worker throws outside the render', async () => {
    const { logger } = captureLogs();
    await expect(
      renderReportChart(sampleReport(), { locale: 'zh', logger, worker: fixture('throws') }),
    ).rejects.toThrow(/worker crashed: font table unreadable/);
  });

  it('stops a worker that does not answer in time, and rejects', async () => {
    const { logger } = captureLogs();
    await expect(
      renderReportChart(sampleReport(), { locale: 'zh', logger, worker: fixture('hangs'), timeoutMs: 100 }),
    ).rejects.toThrow(/longer than 100 ms, stopped/);
  });

  it('sends the worker plain data: zeros hide their label on the data item, no functions', () => {
    const { option, width, height } = reportChartOption(sampleReport(), 'zh', 'sans-serif');
    expect(JSON.parse(JSON.stringify(option))).toEqual(option);
    expect(width).toBe(960);
    expect(height).toBeGreaterThanOrEqual(360);
    const series = option.series as Array<{ data: unknown[] }>;
    const all = series.flatMap((s) => s.data);
    expect(all).toContainEqual({ value: 0, label: { show: false } });
    expect(all.some((d) => typeof d === 'number' && d > 0)).toBe(true);
  });
});

describe('report chart delivery', () => {
  it('retries a failed upload (transient) and never completes it, so nothing is shared half-done', async () => {
    const methods: string[] = [];
    const delivery = createSlackDelivery({
      logger: silentLogger,
      client: {
        apiCall: async (method: string) => {
          methods.push(method);
          return { ok: true, upload_url: 'https://files.example/upload/F9', file_id: 'F9' };
        },
      } as never,
    });
    registerReportKinds(delivery, { logger: silentLogger, upload: async () => ({ status: 503 }) });
    const chartRow = reportOutboxRows({
      channel: 'C0OFFICE',
      locale: 'zh',
      timeZone: ZONE,
      report: sampleReport(),
    })[1];
    if (!chartRow) throw new Error('no chart row');
    const message = {
      ...chartRow,
      id: 1n,
      attempts: 1,
      lockedUntil: new Date(),
      lockedBy: 'test',
      createdAt: new Date(),
    };
    const failure = await delivery.deliver(message).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DeliveryError);
    expect((failure as DeliveryError).classification).toEqual({ kind: 'transient', code: 'upload_http_503' });
    expect(methods).toEqual(['files.getUploadURLExternal']);
  });

  it('refuses a stored payload that is not a report (permanent)', async () => {
    const delivery = createSlackDelivery({
      logger: silentLogger,
      client: { apiCall: async () => ({ ok: true }) } as never,
    });
    registerReportKinds(delivery, { logger: silentLogger });
    const failure = await delivery
      .deliver({
        id: 2n,
        orderingKey: 'report:C0OFFICE',
        kind: 'report.post',
        payload: { channel: 'C0OFFICE', timeZone: ZONE, report: { period: 'W48' } },
        attempts: 1,
        lockedUntil: new Date(),
        lockedBy: 'test',
        createdAt: new Date(),
      })
      .catch((error: unknown) => error);
    expect((failure as DeliveryError).classification).toMatchObject({
      kind: 'permanent',
      code: 'invalid_payload',
    });
  });
});

describe('organisation file reports section', () => {
  // The example file with its own `reports:` replaced by the one under test.
  const example = parse(readFileSync('org.example.yaml', 'utf8')) as Record<string, unknown>;
  const withReports = (reports: unknown) => {
    const { reports: _ignored, ...rest } = example;
    return stringify(reports === undefined ? rest : { ...rest, reports });
  };

  it('reads the channel and the schedule, Monday 09:00 by default', () => {
    const org = parseOrgFile(withReports({ channel: 'C0OFFICE' }), 'org.yaml');
    expect(org.reports).toEqual({ channel: 'C0OFFICE', weekly: { weekday: 1, time: '09:00' } });
    const friday = parseOrgFile(withReports({ channel: 'C0OFFICE', weekday: 5, time: '16:30' }), 'org.yaml');
    expect(friday.reports?.weekly).toEqual({ weekday: 5, time: '16:30' });
    const off = parseOrgFile(withReports({ channel: 'C0OFFICE', weekly: false }), 'org.yaml');
    expect(off.reports?.weekly).toBeNull();
    expect(parseOrgFile(withReports(undefined), 'org.yaml').reports).toBeUndefined();
  });

  it('refuses a channel name instead of an id, and a bad time, naming each', () => {
    let error: unknown;
    try {
      parseOrgFile(withReports({ channel: '#办公室', time: '9am' }), 'org.yaml');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(OrgFileError);
    const problems = (error as OrgFileError).problems;
    expect(problems.map((p) => p.path).sort()).toEqual(['reports.channel', 'reports.time']);
    expect(problems.every((p) => p.line > 1)).toBe(true);
    expect(problems.map((p) => p.message).join('\n')).toContain('must be a Slack channel id');
  });
});
