/**
 * A progress bar on stderr for long command-line jobs: one line per phase, redrawn in place with
 * `\r` (percentage, rows per second, time left), and left as a summary line when the phase ends.
 * Without a terminal (a log file, CI) only the finished lines are written. No dependency.
 */

export type ProgressEvent =
  | { kind: "start"; phase: string; total: number; unit: string }
  | { kind: "advance"; phase: string; done: number; total: number }
  | { kind: "end"; phase: string; done: number; ms: number };

const WIDTH = 24;

export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m} min ${String(s % 60).padStart(2, "0")} s` : `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, "0")} min`;
}

const n = (x: number) => Math.round(x).toLocaleString("en-US");

/** Renders ProgressEvents to a stream (stderr by default). */
export function progressBar(stream: NodeJS.WriteStream = process.stderr) {
  const tty = stream.isTTY === true;
  let current: { phase: string; unit: string; total: number; started: number } | null = null;

  const line = (done: number, total: number, elapsedMs: number, finished: boolean) => {
    const c = current!;
    const fraction = total > 0 ? Math.min(1, done / total) : 1;
    const filled = Math.round(fraction * WIDTH);
    const bar = "█".repeat(filled) + "░".repeat(WIDTH - filled);
    const rate = elapsedMs > 0 ? (done * 1000) / elapsedMs : 0;
    const pct = `${(fraction * 100).toFixed(0).padStart(3)}%`;
    const tail = finished
      ? `${formatDuration(elapsedMs)}${rate >= 1 && c.unit === "rows" ? `, ${n(rate)} rows/s` : ""}`
      : `${c.unit === "rows" ? `${n(rate)} rows/s, ` : ""}ETA ${fraction > 0 ? formatDuration((elapsedMs / fraction) * (1 - fraction)) : "…"}`;
    return `${c.phase.padEnd(22)} ${bar} ${pct}  ${n(done)}/${n(total)} ${c.unit}  ${tail}`;
  };

  return (e: ProgressEvent) => {
    if (e.kind === "start") {
      current = { phase: e.phase, unit: e.unit, total: e.total, started: performance.now() };
      if (tty) stream.write(`\r\x1b[2K${line(0, e.total, 0, false)}`);
    } else if (e.kind === "advance" && current) {
      if (tty) stream.write(`\r\x1b[2K${line(e.done, e.total, performance.now() - current.started, false)}`);
    } else if (e.kind === "end" && current) {
      const text = line(e.done, Math.max(current.total, e.done), e.ms, true);
      stream.write(tty ? `\r\x1b[2K${text}\n` : `${text}\n`);
      current = null;
    }
  };
}
