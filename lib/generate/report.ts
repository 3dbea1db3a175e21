/** What a generation did, printed for people: rows per table and time per phase. */
import { formatDuration } from "./progress";
import type { GenerateSummary } from "./province";

export function printSummary(s: GenerateSummary, log: (line: string) => void = console.log) {
  log(`生成完成：${s.from} 至 ${s.to}（截至 ${s.today}），用时 ${formatDuration(s.totalMs)}`);
  log("rows inserted:");
  for (const [table, n] of Object.entries(s.rows).sort((a, b) => b[1] - a[1])) {
    log(`  ${table.padEnd(22)} ${n.toLocaleString("en-US").padStart(12)}`);
  }
  log("time per phase:");
  for (const p of s.phases) {
    const perSecond = p.ms > 0 ? (p.rows * 1000) / p.ms : 0;
    const rate = p.unit === "rows" && perSecond >= 1 ? `  (${Math.round(perSecond).toLocaleString("en-US")} rows/s)` : "";
    log(`  ${p.phase.padEnd(24)} ${(p.ms / 1000).toFixed(1).padStart(8)} s${rate}`);
  }
}
