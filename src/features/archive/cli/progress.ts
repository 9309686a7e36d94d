// A one-line terminal progress bar: redrawn in place with `\r` on a TTY, a line every 10% when the
// output is a file or a pipe (so logs stay readable).

/** A progress display over a known total (bytes of the file). */
export interface ProgressLine {
  update(done: number, note: string): void;
  done(note: string): void;
}

/** A progress line written to `out` (a TTY redraws in place). */
export function createProgressLine(out: NodeJS.WriteStream, total: number): ProgressLine {
  const width = 30;
  let lastTenth = -1;
  const started = Date.now();
  const render = (done: number, note: string) => {
    const ratio = total > 0 ? Math.min(1, done / total) : 1;
    const filled = Math.round(ratio * width);
    const secs = ((Date.now() - started) / 1000).toFixed(0);
    return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${(ratio * 100).toFixed(0).padStart(3)}%  ${note}  ${secs}s`;
  };
  return {
    update(done, note) {
      if (out.isTTY) {
        out.write(`\r${render(done, note)}`);
        return;
      }
      const tenth = total > 0 ? Math.floor((done / total) * 10) : 10;
      if (tenth > lastTenth) {
        lastTenth = tenth;
        out.write(`${render(done, note)}\n`);
      }
    },
    done(note) {
      out.write(out.isTTY ? `\r${render(total, note)}\n` : `${render(total, note)}\n`);
    },
  };
}
