// Draws the report's chart off the main thread: ECharts' server-side SVG rendering, then resvg's
// rasteriser, both synchronous and together a second or more on a busy machine. Run by
// renderReportChart (chart.ts) as a worker thread, one per chart; it gets the chart's ECharts
// option (plain data, built on the main thread) and resvg's options in `workerData`, and posts back
// `{ ok: true, png }` (the PNG's bytes, transferred) or `{ ok: false, error }`.
//
// Plain JavaScript on purpose: a worker starts a fresh module loader, and a TypeScript entry would
// need tsx (or Node's type stripping) there too, which neither Node 20 nor vitest give a worker.

import { parentPort, workerData } from 'node:worker_threads';

try {
  const [echarts, { Resvg }] = await Promise.all([import('echarts'), import('@resvg/resvg-js')]);
  const { option, width, height, resvg: resvgOptions } = workerData;
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  let svg;
  try {
    chart.setOption(option);
    svg = chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
  const png = new Resvg(svg, resvgOptions).render().asPng();
  const bytes = new Uint8Array(png.buffer, png.byteOffset, png.byteLength).slice();
  parentPort?.postMessage({ ok: true, png: bytes }, [bytes.buffer]);
} catch (error) {
  parentPort?.postMessage({
    ok: false,
    error: error instanceof Error ? (error.stack ?? error.message) : String(error),
  });
}
