// The report's chart: a stacked bar per department (按时办结 / 超时办结 / 仍超期), drawn with
// Apache ECharts' server-side SVG renderer and turned into PNG by resvg (a Rust rasteriser shipped
// as prebuilt npm binaries: no node-gyp, no canvas, nothing downloaded at install or run time).
//
// Chinese labels need a CJK font. resvg reads font files, not the system's font service, so the
// renderer looks for a known CJK font file (fonts-wqy-microhei, Noto CJK …) under the font folders;
// without one the chart still renders (the bars and numbers are right, Chinese glyphs are missing)
// and a warning says which package to install.
//
// Both steps are synchronous and take a second or more under load, so they run in a worker thread
// (chart-worker.mjs): the bot keeps answering meanwhile. A worker that fails, dies or hangs makes
// the render reject, as a render error did before; callers retry (outbox) or report it.

import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ReportFigures } from '../../domain/reports/figures.ts';
import { type Locale, t } from '../../shared/i18n.ts';
import type { Logger } from '../../shared/logger.ts';

/** Where fonts are looked for, in order (Debian's packages install into the first). */
export const DEFAULT_FONT_DIRS = ['/usr/share/fonts', '/usr/local/share/fonts'] as const;

/** CJK font files by preference, with their family names: WenQuanYi Micro Hei (CI installs it) first. */
const CJK_FONTS = [
  ['wqy-microhei.ttc', 'WenQuanYi Micro Hei'],
  ['wqy-zenhei.ttc', 'WenQuanYi Zen Hei'],
  ['NotoSansCJK-Regular.ttc', 'Noto Sans CJK SC'],
  ['NotoSansCJKsc-Regular.otf', 'Noto Sans CJK SC'],
  ['NotoSansSC-Regular.otf', 'Noto Sans SC'],
  ['SourceHanSansSC-Regular.otf', 'Source Han Sans SC'],
  ['DroidSansFallbackFull.ttf', 'Droid Sans Fallback'],
] as const;

/** Chart size in pixels: readable in Slack's preview, small enough to upload fast. */
export const CHART_SIZE = { width: 960, minHeight: 360, perDepartment: 44 } as const;

/** The colours of the three stacks: green on time, amber late, red overdue. */
const COLOURS = ['#3a9d5d', '#e0a030', '#d64545'] as const;

const fontCache = new Map<string, { file: string; family: string } | null>();

/** The first CJK font file found under `dirs` (searched two levels deep), or null. Cached per `dirs`. */
export function findCjkFont(
  dirs: readonly string[] = DEFAULT_FONT_DIRS,
): { file: string; family: string } | null {
  const cacheKey = dirs.join('\u0000');
  const cached = fontCache.get(cacheKey);
  if (cached !== undefined) return cached;
  const found: Array<{ file: string; family: string; rank: number }> = [];
  const visit = (dir: string, depth: number) => {
    let entries: string[];
    try {
      entries = readdirSync(dir);
    } catch {
      return;
    }
    for (const entry of entries) {
      const full = path.join(dir, entry);
      const rank = CJK_FONTS.findIndex(([file]) => file === entry);
      if (rank >= 0) {
        found.push({ file: full, family: CJK_FONTS[rank]?.[1] ?? '', rank });
        continue;
      }
      if (depth < 3) {
        try {
          if (statSync(full).isDirectory()) visit(full, depth + 1);
        } catch {
          // A dangling link or a folder we may not read: not a font.
        }
      }
    }
  };
  for (const dir of dirs) visit(dir, 0);
  const first = found.sort((a, b) => a.rank - b.rank)[0];
  const best = first ? { file: first.file, family: first.family } : null;
  fontCache.set(cacheKey, best);
  return best;
}

/** Options of {@link renderReportChart}. */
export interface ChartOptions {
  locale: Locale;
  logger: Logger;
  /** Font folders to search (tests point it at an empty folder). */
  fontDirs?: readonly string[];
  /** How long the render may take before its worker is stopped and the render fails. */
  timeoutMs?: number;
  /** The worker script (tests use a failing one); the default is {@link CHART_WORKER}. */
  worker?: URL;
}

/** The script that draws the chart in a worker thread (plain JavaScript: no loader needed there). */
export const CHART_WORKER = new URL('./chart-worker.mjs', import.meta.url);

/** A render taking longer than this is given up (the caller's retry or fallback takes over). */
export const CHART_TIMEOUT_MS = 60_000;

/** The department's name in `locale`. */
function departmentName(d: ReportFigures['departments'][number], locale: Locale): string {
  return locale === 'en' ? (d.nameEn ?? d.name) : d.name;
}

/**
 * The chart's ECharts option and size, as plain data (it crosses to the worker thread, so no
 * functions: a zero's label is hidden on the data item rather than by a label formatter).
 */
export function reportChartOption(
  report: ReportFigures,
  locale: Locale,
  fontFamily: string,
): { option: Record<string, unknown>; width: number; height: number } {
  const rows = [...report.departments].reverse(); // ECharts draws the first category at the bottom.
  const height = Math.max(CHART_SIZE.minHeight, 140 + rows.length * CHART_SIZE.perDepartment);
  const series = (
    [
      ['report.chart.on_time', (d: (typeof rows)[number]) => d.onTime],
      ['report.chart.late', (d: (typeof rows)[number]) => d.late],
      ['report.chart.overdue', (d: (typeof rows)[number]) => d.overdue],
    ] as const
  ).map(([key, value], index) => ({
    name: t(locale, key),
    type: 'bar',
    stack: 'items',
    barMaxWidth: 26,
    itemStyle: { color: COLOURS[index] },
    label: { show: true },
    data: rows.map((d) => (value(d) > 0 ? value(d) : { value: value(d), label: { show: false } })),
  }));
  const option = {
    animation: false,
    backgroundColor: '#ffffff',
    textStyle: { fontFamily },
    title: {
      text: t(locale, 'report.chart.title', { period: report.period.label }),
      left: 'center',
      top: 12,
      textStyle: { fontFamily, fontSize: 18 },
    },
    legend: { top: 44, textStyle: { fontFamily } },
    grid: { left: 16, right: 32, top: 84, bottom: 24, containLabel: true },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: {
      type: 'category',
      data: rows.map((d) => departmentName(d, locale)),
      axisLabel: { fontFamily, fontSize: 13 },
    },
    series,
  };
  return { option, width: CHART_SIZE.width, height };
}

/** What the chart worker posts back. */
type WorkerReply = { ok: true; png: Uint8Array } | { ok: false; error: string };

/**
 * Runs the chart worker once with `workerData` and resolves with its PNG; rejects when it reports
 * an error, dies, or outlives `timeoutMs` (then it is stopped). Never throws into the event loop.
 */
function runChartWorker(worker: URL, workerData: unknown, timeoutMs: number): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    // No --import tsx (or other flags) in the worker: it is plain JavaScript and starts faster.
    const thread = new Worker(worker, { workerData, execArgv: [] });
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      outcome();
      void thread.terminate();
    };
    const timer = setTimeout(
      () => settle(() => reject(new Error(`report chart: render took longer than ${timeoutMs} ms, stopped`))),
      timeoutMs,
    );
    thread.on('message', (reply: WorkerReply) =>
      settle(() =>
        reply.ok
          ? resolve(Buffer.from(reply.png.buffer, reply.png.byteOffset, reply.png.byteLength))
          : reject(new Error(`report chart: render failed in the worker: ${reply.error}`)),
      ),
    );
    thread.on('error', (error) =>
      settle(() => reject(new Error(`report chart: worker crashed: ${error.message}`))),
    );
    thread.on('exit', (code) =>
      settle(() => reject(new Error(`report chart: worker exited (code ${code}) without a chart`))),
    );
  });
}

/**
 * The report's chart as a PNG, drawn in a worker thread so the bot keeps answering (Slack's
 * 3-second acknowledgements) while it renders. Renders without a CJK font too (with a warning), so
 * a missing font package never stops the weekly post. Rejects when the worker fails, dies or times
 * out; the process goes on.
 */
export async function renderReportChart(report: ReportFigures, options: ChartOptions): Promise<Buffer> {
  const font = findCjkFont(options.fontDirs ?? DEFAULT_FONT_DIRS);
  if (font === null) {
    options.logger.warn(
      { fontDirs: options.fontDirs ?? DEFAULT_FONT_DIRS },
      'no CJK font found: the report chart is drawn without Chinese glyphs (install fonts-wqy-microhei)',
    );
  }
  const family = font ? `'${font.family}', sans-serif` : 'sans-serif';
  const { option, width, height } = reportChartOption(report, options.locale, family);
  const resvg = {
    background: '#ffffff',
    font: {
      // Only the found file (it has Latin glyphs too): fast, and the same on every machine that has
      // the package. Without it, whatever the system has, for the digits at least.
      fontFiles: font ? [font.file] : [],
      loadSystemFonts: font === null,
      ...(font ? { defaultFontFamily: font.family } : {}),
    },
  };
  return runChartWorker(
    options.worker ?? CHART_WORKER,
    { option, width, height, resvg },
    options.timeoutMs ?? CHART_TIMEOUT_MS,
  );
}
