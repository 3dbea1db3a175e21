/**
 * `npm run test:dates`: the whole test suite (`npm test`) on the days that break date code —
 * the 1st of a month just after midnight in China, the last evening of a month, 1 January,
 * 29 February, a day of the National Day holiday, a make-up working Saturday — and once more with
 * the tests in another order (Vitest's files shuffled, every browser test twice). Issue 10: a suite that
 * passes only on some days blocks every landing on the others.
 *
 * The clock is moved with Debian's `faketime` (libfaketime through LD_PRELOAD), as an offset from
 * the real clock, so Node, `next build`, `next start`, PostgreSQL and Chromium — all children of
 * one `npm test` — share one moved clock that keeps running. Each run starts from fresh test
 * clusters (their data directories are removed first), as on a fresh clone.
 *
 *   npm run test:dates                      every moment below, then the order run
 *   npm run test:dates -- --only leap-day   the moments whose label contains "leap-day" (or a,b,…)
 *   npm run test:dates -- --no-order        skip the order run;  --order-only: only it
 *
 * Prints one line per run (moment, China time, result, duration, test counts); each run's whole
 * output is kept in .data/test-dates/<label>.log. Exits non-zero if any run failed.
 */
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { projectRoot } from "../db/server";

type Moment = { label: string; china: string; why: string };

/** Times are China Standard Time (UTC+8), where the province's days begin and end. */
export const MOMENTS: Moment[] = [
  { label: "month-start", china: "2027-03-01T00:30:00", why: "1st of a month, 00:30 (still February in UTC)" },
  { label: "month-end", china: "2027-04-30T23:50:00", why: "last day of a month, 23:50" },
  { label: "new-year", china: "2027-01-01T09:00:00", why: "1 January (a public holiday; the calendar's data ends in 2026)" },
  { label: "leap-day", china: "2028-02-29T10:00:00", why: "29 February 2028" },
  { label: "national-day", china: "2026-10-03T10:00:00", why: "inside the National Day holiday (2026-10-01…07)" },
  { label: "makeup-saturday", china: "2026-10-10T10:00:00", why: "a make-up working Saturday (国庆调休上班)" },
];

const CLUSTERS = ["test-postgres", "e2e-postgres"];
const logDir = path.join(projectRoot, ".data", "test-dates");

function pidAlive(dataDir: string): number | null {
  const pidFile = path.join(dataDir, "postmaster.pid");
  if (!fs.existsSync(pidFile)) return null;
  const pid = Number(fs.readFileSync(pidFile, "utf8").split("\n")[0]);
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return null;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * After a run, its clusters must be down: Playwright gives the e2e server 15 s to stop, and on a
 * busy machine its PostgreSQL can outlive that. These are this run's own clusters, so a fast
 * shutdown (SIGINT to the postmaster) is safe.
 */
async function stopLeftoverClusters() {
  for (const name of CLUSTERS) {
    const dir = path.join(projectRoot, ".data", name);
    const pid = pidAlive(dir);
    if (!pid) continue;
    console.log(`    (stopping this run's leftover PostgreSQL in .data/${name}, pid ${pid})`);
    process.kill(pid, "SIGINT");
    for (let waited = 0; pidAlive(dir) && waited < 60_000; waited += 500) await sleep(500);
  }
}

/**
 * Fresh test clusters for every run. The previous run's server may still be shutting down (its
 * postmaster outlives `npm test` by a moment): wait up to a minute, then refuse — then it is
 * another test run's.
 */
async function resetClusters() {
  for (const name of CLUSTERS) {
    const dir = path.join(projectRoot, ".data", name);
    for (let waited = 0; pidAlive(dir); waited += 1000) {
      if (waited >= 60_000) throw new Error(`.data/${name} is in use by PostgreSQL (pid ${pidAlive(dir)}): another test run is going on. Stop it first.`);
      await sleep(1000);
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

type Result = { label: string; china: string; ok: boolean; seconds: number; counts: string };

/** "Tests  172 passed (172)" from Vitest and "11 passed" from Playwright, as printed. */
function countsOf(output: string): string {
  const plain = output.replace(/\x1b\[[0-9;]*m/g, "");
  const vitest = /^\s*Tests\s+(.+)$/m.exec(plain)?.[1]?.trim();
  const playwright = [...plain.matchAll(/^\s*(\d+ (?:passed|failed|flaky|skipped)[^\n]*)$/gm)].map((m) => m[1].trim());
  return [vitest ? `vitest: ${vitest}` : "vitest: —", `playwright: ${playwright.length ? playwright.join(", ") : "—"}`].join(" · ");
}

async function run(label: string, china: string, command: string, offsetSeconds: number | null): Promise<Result> {
  await resetClusters();
  fs.mkdirSync(logDir, { recursive: true });
  const log = fs.createWriteStream(path.join(logDir, `${label}.log`));
  const argv = offsetSeconds === null
    ? ["bash", "-c", command]
    : ["faketime", "-m", "-f", `${offsetSeconds >= 0 ? "+" : ""}${offsetSeconds}`, "bash", "-c", command];
  const started = Date.now();
  let output = "";
  return new Promise((resolve) => {
    const child = spawn(argv[0], argv.slice(1), {
      cwd: projectRoot,
      env: { ...process.env, CI: process.env.CI ?? "true", FORCE_COLOR: "0" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const take = (chunk: Buffer) => {
      output += chunk.toString();
      log.write(chunk);
    };
    child.stdout.on("data", take);
    child.stderr.on("data", take);
    child.on("close", async (code) => {
      log.end();
      await stopLeftoverClusters();
      resolve({ label, china, ok: code === 0, seconds: Math.round((Date.now() - started) / 1000), counts: countsOf(output) });
    });
  });
}

function line(r: Result) {
  return `${r.ok ? "PASS" : "FAIL"}  ${r.label.padEnd(16)} ${r.china.replace("T", " ").padEnd(20)} ${String(r.seconds).padStart(4)} s  ${r.counts}`;
}

async function main() {
  const args = process.argv.slice(2);
  const only = args.includes("--only") ? args[args.indexOf("--only") + 1] : undefined;
  const orderOnly = args.includes("--order-only");
  const withOrder = !args.includes("--no-order");
  if (spawnSync("faketime", ["-f", "+0", "true"]).status !== 0) {
    console.error("faketime 不可用：请先安装 Debian 的 faketime 软件包（apt-get install -y faketime）。");
    process.exit(2);
  }
  const wanted = only?.split(",").filter(Boolean);
  const moments = orderOnly ? [] : MOMENTS.filter((m) => !wanted || wanted.some((w) => m.label.includes(w)));
  const results: Result[] = [];
  for (const m of moments) {
    const target = Date.parse(`${m.china}+08:00`);
    const offset = Math.round((target - Date.now()) / 1000);
    console.log(`::: ${m.label}: ${m.why} — npm test with the clock at ${m.china} China time`);
    const r = await run(m.label, m.china, "npm test", offset);
    console.log(line(r));
    results.push(r);
  }
  if (withOrder && !only) {
    // Another order: Vitest's files shuffled, every browser test run twice (the two copies of a
    // spec run side by side on the two workers, against one database). Files only: the tests of
    // one file share that file's database, and some build on rows an earlier test wrote.
    const seed = Number(process.env.SHUFFLE_SEED ?? Date.now() % 100000);
    console.log(`::: order: Vitest files shuffled (seed ${seed}), Playwright --repeat-each=2, today's clock`);
    const command = `npx vitest run --sequence.shuffle.files --sequence.seed=${seed} && npm run build && npx playwright test --repeat-each=2`;
    const r = await run("order", new Date().toISOString().slice(0, 19), command, null);
    console.log(line(r));
    results.push(r);
  }
  console.log("\nresults");
  for (const r of results) console.log(`  ${line(r)}`);
  const failed = results.filter((r) => !r.ok);
  console.log(failed.length === 0
    ? `${results.length} passed, 0 failed`
    : `${results.length - failed.length} passed, ${failed.length} failed (logs in .data/test-dates/)`);
  process.exit(failed.length === 0 ? 0 : 1);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
