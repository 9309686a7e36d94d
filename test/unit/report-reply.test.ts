import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { plainOf, REPLY_LIMITS, strong } from '../../src/chat/core/reply.ts';
import { renderMrkdwn, renderReply } from '../../src/chat/slack/reply-blocks.ts';
import { aggregateReport, type OverdueReportItem } from '../../src/domain/reports/figures.ts';
import { periodOfLabel } from '../../src/domain/reports/period.ts';
import type { Report } from '../../src/features/reports/queries.ts';
import { type ReportAudience, reportReply } from '../../src/features/reports/report-reply.ts';
import type { Locale } from '../../src/shared/i18n.ts';

// The report (定期通报) message on Slack, recorded once from the Block Kit builder as it was
// before the report became a neutral reply (UPDATE_FIXTURES=1 wrote them then; never rewrite them
// from the new code): the channel's weekly post and the direct message of `/doc report` must stay
// the same, for every audience and language, with names that hold mrkdwn's characters, many
// departments and long titles.

const FIXTURES = join(import.meta.dirname, 'fixtures', 'report-replies');
const ZONE = 'Asia/Shanghai';
const NOW = new Date('2026-11-30T01:00:00Z');
const W48 = periodOfLabel('2026-W48', ZONE) as NonNullable<ReturnType<typeof periodOfLabel>>;
const M11 = periodOfLabel('2026-11', ZONE) as NonNullable<ReturnType<typeof periodOfLabel>>;

/** The message under test, as Slack gets it: the feature's reply through the Slack renderer. */
function slackMessage(report: Report, locale: Locale, audience: ReportAudience): unknown {
  return renderReply(reportReply({ report, locale, timeZone: ZONE, audience }));
}

const DEPARTMENTS = [
  { id: 'leadership', name: '局领导', nameEn: 'Leadership', alwaysListed: false },
  { id: 'office', name: '办公室 <&> *科*', nameEn: 'General *Office* <&>', alwaysListed: true },
  { id: 'water', name: '水政水资源科', nameEn: null, alwaysListed: true },
];

const overdueItem = (
  id: string,
  deadline: string,
  extra: Partial<OverdueReportItem> = {},
): OverdueReportItem => ({
  instanceId: `${id}0000000-aaaa`,
  departmentId: 'water',
  definitionId: 'generic_approval',
  title: `标题${id}`,
  reference: null,
  secrecy: 'public',
  urgency: 'normal',
  stepName: { zh: '部门负责人审核', en: 'Department review' },
  deadline: new Date(deadline),
  waitingOn: ['liu-yang'],
  ...extra,
});

function sample(): Report {
  const finished = [
    {
      instanceId: 'w-ok',
      departmentId: 'water',
      startedAt: new Date('2026-11-23T01:00:00Z'),
      finishedAt: new Date('2026-11-23T03:00:00Z'),
      lateSteps: 0,
    },
    {
      instanceId: 'w-late',
      departmentId: 'office',
      startedAt: new Date('2026-11-23T01:00:00Z'),
      finishedAt: new Date('2026-11-24T01:30:00Z'),
      lateSteps: 2,
    },
  ];
  const overdue = [
    overdueItem('a', '2026-11-27T10:00:00Z', { title: '关于<!channel> & *加急*的请示' }),
    overdueItem('b', '2026-11-25T10:00:00Z', {
      secrecy: 'confidential',
      title: '不该出现的机密标题',
      reference: '示水密〔2026〕<3>号',
      departmentId: 'office',
    }),
    overdueItem('c', '2026-11-29T20:00:00Z', {
      secrecy: 'internal',
      title: '内部事项',
      waitingOn: ['nobody'],
    }),
    overdueItem('e', '2026-11-28T10:00:00Z', { departmentId: 'leadership', waitingOn: [] }),
  ];
  const figures = aggregateReport({ period: W48, now: NOW, departments: DEPARTMENTS, finished, overdue });
  return { ...figures, people: { 'liu-yang': { name: '刘*洋', nameEn: 'Liu <Yang>' } } };
}

function empty(): Report {
  const figures = aggregateReport({
    period: M11,
    now: NOW,
    departments: DEPARTMENTS,
    finished: [],
    overdue: [],
  });
  return { ...figures, people: {} };
}

function crowded(): Report {
  const departments = Array.from({ length: 30 }, (_, i) => ({
    id: `d${i}`,
    name: `第${i}号很长名称的业务管理科室（含下属单位与派出机构）${'很长'.repeat(i)}`,
    nameEn: null,
    alwaysListed: true,
  }));
  const overdue = Array.from({ length: 15 }, (_, i) =>
    overdueItem(`x${i}`, '2026-11-25T10:00:00Z', {
      departmentId: `d${i}`,
      title: '很长的标题<&>'.repeat(40),
    }),
  );
  return { ...aggregateReport({ period: W48, now: NOW, departments, finished: [], overdue }), people: {} };
}

function fixture(name: string, built: unknown): unknown {
  const file = join(FIXTURES, `${name}.json`);
  if (process.env.UPDATE_FIXTURES === '1') {
    mkdirSync(FIXTURES, { recursive: true });
    writeFileSync(file, `${JSON.stringify(built, null, 2)}\n`);
  }
  if (!existsSync(file)) throw new Error(`no fixture ${name}: record it with UPDATE_FIXTURES=1`);
  return JSON.parse(readFileSync(file, 'utf8'));
}

const REPORTS: ReadonlyArray<readonly [string, () => Report]> = [
  ['sample', sample],
  ['empty', empty],
  ['crowded', crowded],
];

describe('the report message on Slack, as recorded before it became a neutral reply', () => {
  for (const [name, report] of REPORTS) {
    for (const audience of ['channel', 'direct'] as const) {
      for (const locale of ['zh', 'en'] as const) {
        it(`${name} to the ${audience} (${locale})`, () => {
          const built = slackMessage(report(), locale, audience);
          const recorded = fixture(`${name}.${audience}.${locale}`, built);
          expect(built).toEqual(recorded);
          // Byte for byte, as posted: the same keys in the same order.
          expect(JSON.stringify(built)).toBe(JSON.stringify(recorded));
        });
      }
    }
  }
});

describe('the report as a neutral reply', () => {
  const overdueSection = (reply: ReturnType<typeof reportReply>) => {
    const section = reply.blocks.filter((b) => b.kind === 'section').at(-1);
    if (section?.kind !== 'section' || !section.text) throw new Error('no overdue section');
    return section.text;
  };

  it('fits the overdue list in Slack’s section once escaped, though it fits the reply’s as read', () => {
    const reply = reportReply({ report: crowded(), locale: 'en', timeZone: ZONE, audience: 'channel' });
    const text = overdueSection(reply);
    expect(plainOf(text).length).toBeLessThanOrEqual(REPLY_LIMITS.sectionText);
    expect(renderMrkdwn(text).length).toBeGreaterThan(3000);
    const drawn = renderReply(reply).blocks?.at(-2) as { text: { text: string } };
    expect(drawn.text.text).toHaveLength(3000);
    expect(drawn.text.text.endsWith('…')).toBe(true);
  });

  it('cuts an overdue list too long as read, its heading still in bold', () => {
    const report = { ...crowded(), people: { 'liu-yang': { name: `刘${'洋'.repeat(400)}`, nameEn: null } } };
    const text = overdueSection(reportReply({ report, locale: 'zh', timeZone: ZONE, audience: 'direct' }));
    expect(plainOf(text)).toHaveLength(REPLY_LIMITS.sectionText);
    expect(plainOf(text).endsWith('…')).toBe(true);
    expect(text[0]).toEqual(strong('超期时间最长的事项'));
  });

  it('names classified items by reference everywhere and internal ones by reference in the group conversation', () => {
    const report = sample();
    const channel = plainOf(
      overdueSection(reportReply({ report, locale: 'zh', timeZone: ZONE, audience: 'channel' })),
    );
    const direct = plainOf(
      overdueSection(reportReply({ report, locale: 'zh', timeZone: ZONE, audience: 'direct' })),
    );
    for (const text of [channel, direct]) {
      expect(text).toContain('密件 示水密〔2026〕<3>号');
      expect(text).not.toContain('不该出现');
    }
    expect(channel).toContain('内部件 #c0000000');
    expect(channel).not.toContain('内部事项');
    expect(direct).toContain('「内部事项」');
  });
});
