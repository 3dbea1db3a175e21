/**
 * `npm run bench [-- dashboards|discovery] [--households N] …`: benchmarks on a scratch database
 * (embedded cluster in .data/bench-postgres, or TEST_DATABASE_URL's server). Prints figures;
 * asserts nothing.
 *
 * dashboards (default): generate a province of N households (lib/generate/province.ts), serve the
 * production build against it, sign in as the provincial user over HTTP and time the dashboard
 * page for the province, a city (2111 盘锦) and a county (211102 双台子区) against the same
 * figures computed the naive way (GROUP BY over the raw tables, lib/dashboard/naive.ts) and
 * against a page with no queries of its own (/about, the framework's floor); then check that the
 * roll-ups are exact: every stat_* table against its definition, and each region's dashboard
 * against the naive one. `--reuse` keeps the generated database between runs.
 *
 * discovery: the discovery candidates' rebuild over N households with members, the old one-statement
 * evaluation beside it, and the worklist's reads at every level (lib/cli/bench-discovery.ts).
 *
 * scope: the reads of the roster, a household, a search and the figures, as the owner (no
 * row-level security) and as the app role under a scope, and the ratio (decision 018).
 *
 * sync: the demo database served by the production build; 10 simulated phones (10 caseworkers of
 * the demo townships, each signed in over HTTP) take their snapshot, queue 20 visits each from
 * their roster, and all send at once through POST /api/sync/v1/visits: time to drain, p95 per
 * item, stored = queued, duplicate rows 0 — then every phone sends its first batch again (a lost
 * acknowledgement) and nothing more is stored; the roll-ups are checked exact (decision 021).
 *
 * import: one generated .xlsx of N households through upload, dry run and import, timed, with
 * the memory peak and the roll-ups checked (lib/cli/bench-import.ts, decision 027).
 *
 * writes: 100 visit submissions at once through HTTP, a tenth of them replays: every one stored
 * or answered as already stored, none refused; the rate against a plain SQL loop (decision 022).
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { projectRoot, startTestServer } from "../db/server";
import { prepareDatabase } from "./prepare";
import { idKeysEnv, toolIdKeys } from "../crypto/key-file";
import { freePort } from "../db/embedded";
import { buildIsCurrent } from "./build";
import { todayInChina } from "../dates";
import { GENERATED_PASSWORD, GENERATED_USERS, generateProvince } from "../generate/province";
import { formatDuration, progressBar } from "../generate/progress";
import { printSummary } from "../generate/report";
import { verifyRollups } from "../stats/rollups";
import { hashPassword } from "../users/password";
import { naiveDashboard, rollupDashboard } from "../dashboard/naive";
import type { Dashboard, DashboardQuery } from "../dashboard/types";

const { values: opts, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    households: { type: "string" },
    months: { type: "string", default: "12" },
    reuse: { type: "boolean", default: false },
    requests: { type: "string", default: "40" },
    warmup: { type: "string", default: "20" },
    runs: { type: "string", default: "3" },
    "no-build": { type: "boolean", default: false },
    "pages-only": { type: "boolean", default: false },
    phones: { type: "string", default: "10" },
    visits: { type: "string", default: "20" },
    batch: { type: "string", default: "5" },
    submissions: { type: "string", default: "100" },
    "page-requests": { type: "string", default: "8" },
    "cpu-prof": { type: "string" },
    help: { type: "boolean", short: "h", default: false },
  },
});
const what = positionals[0] ?? "dashboards";
const households = Number(opts.households ?? (what === "scope" || what === "import" ? (what === "import" ? 100_000 : 200_000) : 1_000_000));

const HELP = `npm run bench [-- dashboards|discovery] [options]

dashboards (default)   generate a province, serve the production build, time the dashboard page
                       (province, city 2111, county 211102) against the naive GROUP BY and against
                       /about (the framework's floor), then check the roll-ups are exact
discovery              rebuild the discovery candidates, time the worklist's reads
scope                  what row-level security costs: the same reads as the owner and as the
                       app role under a scope (default 200,000 households)
sync                   10 phones with 20 queued visits each sync at once against the demo
                       database: time to drain, p95 per item, stored = queued, duplicates 0
pages                  every list page for a provincial user, a county supervisor and the largest
                       township's caseworker (and the admin's rules and audit) on the generated
                       province, against /about: p50/p95, HTML size, p95/floor (--reuse to keep it)
writes                 100 visit submissions at once over HTTP (10 % replays): stored =
                       acknowledged, refused 0, duplicates 0, p50/p95, rate against plain SQL
import                 one generated .xlsx of N households (default 100,000; 2.5 members each)
                       through upload, dry run and import as a province admin: time, rows/s,
                       memory peak, a second import of the same file, roll-ups exact

  --households N       households to generate (default 1,000,000)
  --months M           months of history (dashboards; default 12)
  --reuse              keep the generated database and reuse it when it has N households
  --requests R         timed requests per page (default 40), after --warmup W (default 20)
  --runs K             naive computations per region (default 3)
  --no-build           serve the existing .next build even if the sources are newer
  --cpu-prof DIR       write the server's V8 CPU profile to DIR when it stops (a .cpuprofile)
  --pages-only         time the pages only (skip the naive figures and the exactness checks)
  --phones P           sync: simulated phones (default 10), --visits V queued on each (default 20),
  --batch B            visits per request (default 5: a phone sends its queue in V/B requests)
  --submissions S      writes: visit submissions at once (default 100, a tenth of them replays)
  --page-requests R    pages: timed requests per page (default 8, after R/4 warm-up)`;

async function time<T>(label: string, fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  const ms = performance.now() - t0;
  console.log(`${label.padEnd(48)} ${(ms / 1000).toFixed(2)} s`);
  return { ms, value };
}

/** A scratch database on the bench cluster: dropped and migrated afresh, or kept (reuse). */
async function scratchDatabase(name: string, opts: { keep: boolean; demo?: boolean }) {
  const server = await startTestServer("bench-postgres", 54330);
  const admin = new pg.Client({ connectionString: server.serverUrl });
  await admin.connect();
  const exists = (await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [name])).rowCount === 1;
  if (!opts.keep) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
  // Set up as the owner (migrations, seed, the generator); measured as the app role, like production.
  const urls = await server.createDatabase(name);
  await prepareDatabase(urls, { demo: opts.demo ?? false, log: () => {}, ...(opts.demo ? { idKeys: benchIdKeys } : {}) });
  return { url: urls.app, ownerUrl: urls.owner, server, existed: exists && opts.keep };
}

// ───────────────────────────────────────── dashboards ─────────────────────────────────────────

const REGIONS = [
  { code: "21", label: "province 21 辽宁省" },
  { code: "2111", label: "city 2111 盘锦市" },
  { code: "211102", label: "county 211102 双台子区" },
];

/** p50 and p95 (nearest rank) of a list of milliseconds. */
function percentiles(ms: number[]) {
  const s = [...ms].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
  return { p50: at(0.5), p95: at(0.95), n: s.length };
}
const f1 = (ms: number) => `${ms.toFixed(1)} ms`;

/**
 * The bench's ID-number keys: the environment's, or this checkout's .data/id-keys.json (its
 * databases are scratch ones on a local cluster), so a --reuse'd database stays readable.
 */
const benchIdKeys = () => toolIdKeys({ projectRoot, embedded: true });

/** The production server on a free port, against `url`; resolves once it answers. */
async function startWeb(url: string, extraEnv: Record<string, string> = {}): Promise<{ base: string; child: ChildProcess }> {
  const port = await freePort(3190);
  const base = `http://localhost:${port}`;
  // --cpu-prof DIR: the server writes a V8 CPU profile there when it stops (open it in Chrome's DevTools).
  const profile = opts["cpu-prof"] ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(opts["cpu-prof"])}`] : [];
  const child = spawn(process.execPath, [...profile, path.join(projectRoot, "node_modules", "next", "dist", "bin", "next"), "start", "-p", String(port)], {
    cwd: projectRoot,
    stdio: ["ignore", "ignore", "inherit"],
    env: {
      ...process.env,
      DATABASE_URL: url,
      NEXTAUTH_SECRET: randomBytes(32).toString("base64url"),
      NEXTAUTH_URL: base,
      NEXT_TELEMETRY_DISABLED: "1",
      NODE_ENV: "production",
      // A production start refuses without the ID-number keys (decision 017).
      ...idKeysEnv(benchIdKeys()),
      ...extraEnv,
    },
  });
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}`);
    try {
      const res = await fetch(`${base}/login`);
      if (res.ok) return { base, child };
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) throw new Error("next start did not answer within 60 s");
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Cookies from a response, merged into a jar (name → value). */
function keepCookies(jar: Map<string, string>, res: Response) {
  for (const line of res.headers.getSetCookie()) {
    const [pair] = line.split(";");
    const i = pair.indexOf("=");
    jar.set(pair.slice(0, i).trim(), pair.slice(i + 1).trim());
  }
}
const cookieHeader = (jar: Map<string, string>) => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");

/** Sign in through next-auth's credentials flow, as a browser would; returns the cookie jar. */
async function signIn(base: string, username: string, password: string): Promise<Map<string, string>> {
  const jar = new Map<string, string>();
  const csrf = await fetch(`${base}/api/auth/csrf`);
  keepCookies(jar, csrf);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookieHeader(jar) },
    body: new URLSearchParams({ csrfToken, username, password, callbackUrl: `${base}/`, json: "true" }),
  });
  keepCookies(jar, res);
  if (![...jar.keys()].some((k) => k.includes("session-token"))) throw new Error(`sign-in as ${username} failed (HTTP ${res.status})`);
  return jar;
}

/** Sequential GETs of one page: `warmup` untimed, then `n` timed (until the whole body is in). */
async function timePage(base: string, jar: Map<string, string>, pathAndQuery: string, expect: string, warmup: number, n: number) {
  const get = async () => {
    const t0 = performance.now();
    const res = await fetch(`${base}${pathAndQuery}`, { headers: { cookie: cookieHeader(jar) }, redirect: "manual" });
    const body = await res.text();
    const ms = performance.now() - t0;
    if (res.status !== 200 || !body.includes(expect)) {
      throw new Error(`GET ${pathAndQuery}: HTTP ${res.status}${res.status === 200 ? `, no "${expect}" in the page` : ""}`);
    }
    return ms;
  };
  for (let i = 0; i < warmup; i++) await get();
  const ms: number[] = [];
  for (let i = 0; i < n; i++) ms.push(await get());
  return percentiles(ms);
}

/** The first place two values differ, as "path: a ≠ b", or null when they are equal. */
function firstDifference(a: unknown, b: unknown, at = "dashboard"): string | null {
  if (Object.is(a, b)) return null;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) {
    return `${at}: ${JSON.stringify(a)} ≠ ${JSON.stringify(b)}`;
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length !== b.length) return `${at}.length: ${a.length} ≠ ${b.length}`;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) {
    const d = firstDifference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], Array.isArray(a) ? `${at}[${k}]` : `${at}.${k}`);
    if (d) return d;
  }
  return null;
}

/**
 * The generated province of `households` households in the scratch database `name`: kept and
 * reused with --reuse when it has that many, generated afresh otherwise.
 */
async function provinceDatabase(name: string, months: number) {
  let db = await scratchDatabase(name, { keep: opts.reuse });
  const sized = async () => {
    // As the owner: the app role sees nothing without a scope (row-level security).
    const c = new pg.Client({ connectionString: db.ownerUrl });
    await c.connect();
    try {
      const n = Number((await c.query("SELECT count(*) AS n FROM household")).rows[0].n);
      const gen = await c.query<{ after: { today: string; months: number } }>(
        "SELECT after FROM audit_log WHERE action = 'generate.province' ORDER BY id DESC LIMIT 1");
      return { n, generated: gen.rows[0]?.after ?? null };
    } finally {
      await c.end();
    }
  };
  let existing = db.existed ? await sized() : null;
  if (existing && (existing.n !== households || !existing.generated)) {
    console.log(`reuse: the kept database has ${existing.n.toLocaleString("en-US")} households, not ${households.toLocaleString("en-US")}: generating afresh`);
    db = await scratchDatabase(name, { keep: false });
    existing = null;
  }
  if (existing) {
    console.log(`reuse: kept database with ${existing.n.toLocaleString("en-US")} households (generated up to ${existing.generated!.today})`);
  } else {
    const c = new pg.Client({ connectionString: db.ownerUrl });
    await c.connect();
    const summary = await generateProvince(c, { households, months, idKeys: benchIdKeys(), onProgress: progressBar() });
    await c.end();
    printSummary(summary);
  }
  return { db, generated: (await sized()).generated! };
}

async function dashboardsBench() {
  const name = "nuanxin_bench_dashboards";
  const months = Number(opts.months);
  const requests = Number(opts.requests);
  const warmup = Number(opts.warmup);
  const runs = Number(opts.runs);
  console.log(`dashboards benchmark: ${households.toLocaleString("en-US")} households, ${months} months (2 cores)`);

  const { db, generated } = await provinceDatabase(name, months);
  const monthStarts = [generated.today.slice(0, 7)];
  for (let i = 1; i < generated.months; i++) {
    const [y, m] = monthStarts[0].split("-").map(Number);
    monthStarts.unshift(m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, "0")}`);
  }
  const range = { from: monthStarts[0], to: monthStarts[monthStarts.length - 1] };
  const today = todayInChina();

  // The production build, served against the bench database.
  if (!opts["no-build"] && !buildIsCurrent()) {
    await time("next build (the build was missing or older than the sources)", async () => {
      const res = spawnSync(path.join(projectRoot, "node_modules", ".bin", "next"), ["build"], {
        cwd: projectRoot, stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
      });
      if (res.status !== 0) throw new Error("next build failed");
    });
  }
  // The generated accounts share the documented password demo1234: a production start allows that only in demo mode.
  const web = await startWeb(db.url, { DEMO_MODE: "true" });
  // The naive figures read the raw tables as the app role: province-wide, under row-level security.
  const pool = new pg.Pool({ connectionString: db.url, max: 4, options: "-c nuanxin.scope=21" });
  try {
    const jar = await signIn(web.base, GENERATED_USERS.provincial, GENERATED_PASSWORD);
    console.log(`\nsigned in as ${GENERATED_USERS.provincial}; range ${range.from} … ${range.to}; ${warmup} warm-up + ${requests} timed requests per page`);

    // (a) the dashboard page; (c) the floor.
    const page: Record<string, ReturnType<typeof percentiles>> = {};
    for (const r of REGIONS) {
      page[r.code] = await timePage(web.base, jar, `/dashboard?region=${r.code}&from=${range.from}&to=${range.to}`, 'data-testid="dashboard-region"', warmup, requests);
    }
    const floor = await timePage(web.base, jar, "/about", 'data-testid="app-version"', warmup, requests);
    if (opts["pages-only"]) {
      for (const r of REGIONS) console.log(`  ${r.label.padEnd(24)} p50 ${f1(page[r.code].p50)}  p95 ${f1(page[r.code].p95)}  p95/floor ${(page[r.code].p95 / floor.p95).toFixed(2)}×`);
      console.log(`  ${"/about (floor)".padEnd(24)} p50 ${f1(floor.p50)}  p95 ${f1(floor.p95)}`);
      return;
    }

    // (b) the same figures the naive way.
    const naive: Record<string, ReturnType<typeof percentiles>> = {};
    const naiveResults: Record<string, Dashboard | null> = {};
    for (const r of REGIONS) {
      const query: DashboardQuery = { regionCode: r.code, range, today };
      const ms: number[] = [];
      for (let i = 0; i < runs; i++) {
        const t0 = performance.now();
        // Scoped like the provincial user's page (the breadcrumb's links depend on the scope).
        naiveResults[r.code] = await naiveDashboard(pool, query, "21");
        ms.push(performance.now() - t0);
      }
      naive[r.code] = percentiles(ms);
    }

    console.log("\n(a) dashboard page over HTTP, (b) naive GROUP BY, ratio naive / page");
    console.log(`  ${"region".padEnd(24)} ${"page p50".padStart(10)} ${"page p95".padStart(10)} ${"naive p50".padStart(11)} ${"naive p95".padStart(11)} ${"ratio p50".padStart(10)} ${"ratio p95".padStart(10)}`);
    for (const r of REGIONS) {
      const p = page[r.code];
      const n = naive[r.code];
      console.log(`  ${r.label.padEnd(24)} ${f1(p.p50).padStart(10)} ${f1(p.p95).padStart(10)} ${f1(n.p50).padStart(11)} ${f1(n.p95).padStart(11)} ${`${(n.p50 / p.p50).toFixed(0)}×`.padStart(10)} ${`${(n.p95 / p.p95).toFixed(0)}×`.padStart(10)}`);
    }
    console.log(`  ${"(c) floor: /about".padEnd(24)} ${f1(floor.p50).padStart(10)} ${f1(floor.p95).padStart(10)}`);

    // (b') Like for like: the same figures from the roll-ups on the same client (no HTTP, no page).
    const fromRollups: Record<string, ReturnType<typeof percentiles>> = {};
    for (const r of REGIONS) {
      const query: DashboardQuery = { regionCode: r.code, range, today };
      for (let i = 0; i < 5; i++) await rollupDashboard(pool, query, "21");
      const ms: number[] = [];
      for (let i = 0; i < requests; i++) {
        const t0 = performance.now();
        await rollupDashboard(pool, query, "21");
        ms.push(performance.now() - t0);
      }
      fromRollups[r.code] = percentiles(ms);
    }
    console.log("\n(b') the same figures from the roll-ups (SQL only, same client as the naive way), ratio naive / roll-ups");
    console.log(`  ${"region".padEnd(24)} ${"roll-up p50".padStart(12)} ${"roll-up p95".padStart(12)} ${"ratio p50".padStart(10)} ${"ratio p95".padStart(10)}`);
    for (const r of REGIONS) {
      const q = fromRollups[r.code];
      const n = naive[r.code];
      console.log(`  ${r.label.padEnd(24)} ${f1(q.p50).padStart(12)} ${f1(q.p95).padStart(12)} ${`${(n.p50 / q.p50).toFixed(0)}×`.padStart(10)} ${`${(n.p95 / q.p95).toFixed(0)}×`.padStart(10)}`);
    }
    console.log("\ntargets");
    const minRatio = Math.min(...REGIONS.map((r) => naive[r.code].p50 / page[r.code].p50));
    const minSqlRatio = Math.min(...REGIONS.map((r) => naive[r.code].p50 / fromRollups[r.code].p50));
    const maxFloor = Math.max(...REGIONS.map((r) => page[r.code].p95 / floor.p95));
    console.log(`  naive / dashboard page (p50, worst region)  ${minRatio.toFixed(1)}×   (target ≥ 20×)`);
    console.log(`  naive / roll-ups, SQL only (p50, worst)     ${minSqlRatio.toFixed(1)}×   (target ≥ 20×)`);
    console.log(`  dashboard p95 / floor p95 (worst)      ${maxFloor.toFixed(2)}×  (target ≤ 3×)`);
    console.log(`  province dashboard p95                 ${f1(page["21"].p95)}  (target ≤ 100 ms)`);

    // (d) exactness.
    console.log("\n(d) exactness: every roll-up against its GROUP BY over the raw tables");
    const check = await time("  verifyRollups", () => verifyRollups(pool));
    for (const r of check.value) console.log(`  ${r.table.padEnd(34)} ${r.rows.toLocaleString("en-US").padStart(9)} rows  ${r.mismatched} mismatched`);
    const bad = check.value.reduce((s, r) => s + r.mismatched, 0);
    console.log(bad === 0 ? "  100% exact" : `  NOT exact: ${bad} mismatched rows`);

    // The page's own read (Prisma, the roll-ups) against the naive dashboard, region by region.
    process.env.DATABASE_URL = db.url;
    process.env.NEXTAUTH_SECRET ??= randomBytes(32).toString("base64url");
    const { readDashboard } = await import("../dashboard/queries");
    const { db: prisma } = await import("../db/client");
    console.log("  readDashboard (roll-ups) vs naiveDashboard:");
    for (const r of REGIONS) {
      const fromRollups = await readDashboard("21", { regionCode: r.code, range, today });
      const diff = firstDifference(fromRollups, naiveResults[r.code]);
      console.log(`  ${r.label.padEnd(24)} ${diff ? `DIFFERENT — first difference ${diff}` : "equal"}`);
    }
    await prisma.$disconnect();
  } finally {
    web.child.kill("SIGTERM");
    await pool.end();
    db.server.stop();
  }
  console.log(opts.reuse ? `\nkept ${name} in .data/bench-postgres (--reuse)` : "");
}

// ───────────────────────────────────────── discovery ─────────────────────────────────────────

async function discoveryBench() {
  // Decision 023: the candidates table's rebuild and the worklist's reads (lib/cli/bench-discovery.ts).
  const { runDiscoveryBench } = await import("./bench-discovery");
  await runDiscoveryBench({ households, requests: Number(opts.requests), scratchDatabase, time });
}

// ─────────────────────────────────────────── import ───────────────────────────────────────────

async function importBench() {
  // Issue 16, decision 027: one generated register through upload, dry run and import (lib/cli/bench-import.ts).
  const { runImportBench } = await import("./bench-import");
  await runImportBench({ households, scratchDatabase, time, idKeys: benchIdKeys });
}

// ─────────────────────────────────────────── scope ───────────────────────────────────────────

/**
 * What row-level security costs (decision 018): the same reads as the owner (who bypasses the
 * policies) and as the app role under a scope, p50 of `--requests` runs each, and their ratio.
 */
async function scopeBench() {
  const { url, ownerUrl, server } = await scratchDatabase("nuanxin_bench_scope", { keep: false });
  const c = new pg.Client({ connectionString: ownerUrl });
  await c.connect();
  console.log(`row-level security benchmark: ${households.toLocaleString()} households (2 cores)`);
  await time("generate households, members, visits and payments", async () => {
    await c.query(`
      INSERT INTO household (region_code, address, category, head_name, member_count, updated_at)
      WITH v AS (SELECT array_agg(code ORDER BY code) AS codes, count(*)::int AS n FROM region WHERE level = 5)
      SELECT v.codes[1 + ((g::bigint * 7919) % v.n)::int], '生成地址 ' || g,
             (ARRAY['NONE','DIBAO','DIBAO_EDGE','TEKUN'])[1 + g % 4]::assistance_category, '户主' || g, 1 + g % 3, now()
      FROM generate_series(1, $1::int) g CROSS JOIN v`, [households]);
    await c.query(`
      INSERT INTO member (household_id, region_code, name, id_cipher, id_index, id_number_masked, birth_date, male, relation, updated_at)
      SELECT h.id, h.region_code, '成员' || h.id || '-' || k,
             -- Shapes of a ciphertext and a blind index, not ID numbers (decision 017).
             '\\x010001'::bytea || sha256(convert_to((h.id * 4 + k)::text, 'UTF8')) || substring(sha512(convert_to((h.id * 4 + k)::text, 'UTF8')) FROM 1 FOR 14),
             '\\x0001'::bytea || sha256(convert_to((h.id * 4 + k)::text, 'UTF8')), 'masked',
             date '1950-01-01' + ((h.id * 37 + k) % 25000), (h.id + k) % 2 = 0,
             CASE WHEN k = 1 THEN 'HEAD' ELSE 'CHILD' END::relation, now()
      FROM household h CROSS JOIN LATERAL generate_series(1, h.member_count) k`);
    await c.query("ANALYZE");
  });
  const county = "211102";
  const township = (await c.query<{ code: string }>("SELECT code FROM region WHERE level = 4 AND code LIKE $1 ORDER BY code LIMIT 1", [`${county}%`])).rows[0].code;
  const someId = (await c.query<{ id: number }>("SELECT id FROM household WHERE region_code LIKE $1 ORDER BY id LIMIT 1 OFFSET 10", [`${township}%`])).rows[0].id;
  await c.end();

  const reads: { label: string; scope: string; sql: string; params: unknown[] }[] = [
    { label: "roster page, county", scope: county, sql: "SELECT id, head_name, address FROM household WHERE region_code LIKE $1 ORDER BY id LIMIT 50 OFFSET 500", params: [`${county}%`] },
    { label: "roster count, county", scope: county, sql: "SELECT count(*) FROM household WHERE region_code LIKE $1", params: [`${county}%`] },
    { label: "household by id + members", scope: township, sql: "SELECT h.id, h.head_name, m.name FROM household h JOIN member m ON m.household_id = h.id WHERE h.id = $1 AND h.region_code LIKE $2 ORDER BY m.id", params: [someId, `${township}%`] },
    { label: "members by name, township", scope: township, sql: "SELECT id FROM member WHERE region_code LIKE $1 AND name LIKE $2 ORDER BY id LIMIT 20", params: [`${township}%`, "成员1%"] },
    { label: "category counts, province", scope: "21", sql: "SELECT category, count(*) FROM household WHERE region_code LIKE $1 GROUP BY 1 ORDER BY 1", params: ["21%"] },
    { label: "dashboard figures, province", scope: "21", sql: "SELECT category, sum(households) FROM stat_register WHERE township_code LIKE $1 GROUP BY 1 ORDER BY 1", params: ["21%"] },
  ];
  const n = Number(opts.requests);
  const measure = async (client: pg.Client, sql: string, params: unknown[]) => {
    for (let i = 0; i < Math.min(10, n); i++) await client.query(sql, params);
    const ms: number[] = [];
    for (let i = 0; i < n; i++) {
      const t0 = performance.now();
      await client.query(sql, params);
      ms.push(performance.now() - t0);
    }
    return percentiles(ms);
  };
  const owner = new pg.Client({ connectionString: ownerUrl });
  const app = new pg.Client({ connectionString: url });
  await owner.connect();
  await app.connect();
  console.log(`\n${"read".padEnd(30)} ${"owner (no RLS) p50".padStart(19)} ${"app + RLS p50".padStart(14)}  ratio`);
  for (const r of reads) {
    await app.query("SELECT set_config('nuanxin.scope', $1, false)", [r.scope]);
    const [a, b] = [await measure(owner, r.sql, r.params), await measure(app, r.sql, r.params)];
    const [ra, rb] = [await owner.query(r.sql, r.params), await app.query(r.sql, r.params)];
    const same = JSON.stringify(ra.rows) === JSON.stringify(rb.rows) ? "" : "  (ANSWERS DIFFER)";
    console.log(`${r.label.padEnd(30)} ${f1(a.p50).padStart(19)} ${f1(b.p50).padStart(14)}  ${(b.p50 / a.p50).toFixed(2)}×${same}`);
  }
  // The checkout cost: a connection handed to another scope pays one set_config round trip.
  const flip = await measure(app, "SELECT set_config('nuanxin.scope', $1, false)", [county]);
  console.log(`${"set_config on a checkout".padEnd(30)} ${"".padStart(19)} ${f1(flip.p50).padStart(14)}  (once per checkout that changes scope)`);
  await owner.end();
  await app.end();
  server.stop();
}

// ───────────────────────────────────────── sync ─────────────────────────────────────────

async function buildIfStale() {
  if (opts["no-build"] || buildIsCurrent()) return;
  await time("next build (the build was missing or older than the sources)", async () => {
    const res = spawnSync(path.join(projectRoot, "node_modules", ".bin", "next"), ["build"], {
      cwd: projectRoot, stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
    });
    if (res.status !== 0) throw new Error("next build failed");
  });
}

type SyncAnswer = { key: string; status: "stored" | "duplicate" | "refused" | "retry"; message?: string };

type Phone = { username: string; jar: Map<string, string>; households: number; queue: QueuedVisit[]; index: number };
type QueuedVisit = {
  householdId: number; idempotencyKey: string; visitedOn: string; visitors: string; peopleMet: string;
  questionnaireVersion: number; answers: Record<string, string>; findings: string;
  problems: { category: string; description: string; urgency: string }[];
};

/**
 * A fresh demo database served by the production build, and `phones` caseworkers of the demo's
 * townships (a password of the run each), signed in over HTTP, each with its snapshot taken and
 * `perPhone` visits queued to households of its roster (every fifth with a problem).
 */
async function phonesOnDemo(phones: number, perPhone: number) {
  const { value: db } = await time("demo database (migrations, seed, demo data)", () => scratchDatabase("nuanxin_bench_sync", { keep: false, demo: true }));
  const password = randomBytes(12).toString("base64url");
  const owner = new pg.Client({ connectionString: db.ownerUrl });
  await owner.connect();
  const townships = (await owner.query<{ region_code: string }>(
    "SELECT DISTINCT left(region_code, 9) AS region_code FROM household WHERE category <> 'NONE' ORDER BY 1")).rows.map((r) => r.region_code);
  const hash = await hashPassword(password);
  const usernames = Array.from({ length: phones }, (_, i) => `phone${String(i + 1).padStart(2, "0")}`);
  await owner.query(
    `INSERT INTO app_user (username, name, password_hash, role, region_code)
     SELECT u, '手机' || right(u, 2), $2, 'CASEWORKER', ($3::varchar[])[1 + (ord::int - 1) % array_length($3::varchar[], 1)]
     FROM unnest($1::varchar[]) WITH ORDINALITY AS x(u, ord)`,
    [usernames, hash, townships],
  );
  await buildIfStale();
  // The demo accounts keep their seeded password: a production start allows that only in demo mode.
  const web = await startWeb(db.url, { DEMO_MODE: "true" });
  const { value: devices } = await time(`${phones} phones sign in and take their snapshot`, () => Promise.all(usernames.map(async (username, i): Promise<Phone> => {
    const jar = await signIn(web.base, username, password);
    const res = await fetch(`${web.base}/api/sync/v1/snapshot`, { headers: { cookie: cookieHeader(jar) } });
    if (res.status !== 200) throw new Error(`snapshot for ${username}: HTTP ${res.status}`);
    const snap = (await res.json()) as { households: { id: number }[]; questionnaire: { version: number; questions: { key: string; kind: string; options?: { value: string }[] }[] } };
    if (snap.households.length === 0) throw new Error(`${username} has an empty roster`);
    const answers = Object.fromEntries(snap.questionnaire.questions.filter((q) => q.kind === "choice").map((q) => [q.key, q.options![0].value]));
    const queue = Array.from({ length: perPhone }, (_, k) => ({
      householdId: snap.households[(k * 7 + i) % snap.households.length].id,
      idempotencyKey: crypto.randomUUID(),
      visitedOn: todayInChina(),
      visitors: `手机${i + 1}`,
      peopleMet: "户主",
      questionnaireVersion: snap.questionnaire.version,
      answers,
      findings: "离线登记（基准测试）",
      problems: k % 5 === 0 ? [{ category: "OTHER", description: "基准测试发现的问题", urgency: "LOW" }] : [],
    }));
    return { username, jar, households: snap.households.length, queue, index: i };
  })));
  return { db, owner, web, devices };
}

async function sendVisits(base: string, d: Phone, items: QueuedVisit[]) {
  const t0 = performance.now();
  const res = await fetch(`${base}/api/sync/v1/visits`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: base, cookie: cookieHeader(d.jar) },
    body: JSON.stringify({ visits: items }),
  });
  const body = (await res.json().catch(() => ({}))) as { results?: SyncAnswer[]; error?: string };
  return { ms: performance.now() - t0, status: res.status, results: body.results ?? [], error: body.error };
}

/** "roll-ups exact  yes (N tables)", or the tables that are not. */
async function rollupsExact(owner: pg.Client): Promise<string> {
  const rollups = await verifyRollups(owner);
  const wrong = rollups.filter((r) => r.mismatched > 0);
  return `roll-ups exact           ${wrong.length === 0 ? `yes (${rollups.length} tables)` : `NO: ${wrong.map((w) => w.table).join(", ")}`}`;
}

async function syncBench() {
  const phones = Number(opts.phones);
  const perPhone = Number(opts.visits);
  const batch = Number(opts.batch);
  console.log(`sync benchmark: ${phones} phones × ${perPhone} queued visits, ${batch} per request, against the demo database (2 cores)`);
  const { db, owner, web, devices } = await phonesOnDemo(phones, perPhone);
  const before = Number((await owner.query("SELECT count(*) AS n FROM visit")).rows[0].n);
  try {
    const queued = devices.flatMap((d) => d.queue);
    console.log(`  rosters on the phones: ${devices.map((d) => d.households).join(", ")} households`);

    const perItem: number[] = [];
    const perRequest: number[] = [];
    const tally = { stored: 0, duplicate: 0, refused: 0, retry: 0 };
    const send = async (d: Phone, items: QueuedVisit[]) => {
      const { ms, status, results, error } = await sendVisits(web.base, d, items);
      if (status !== 200) throw new Error(`${d.username}: HTTP ${status} ${error ?? ""}`);
      perRequest.push(ms);
      for (const r of results) {
        tally[r.status]++;
        perItem.push(ms / items.length);
        if (r.status === "refused" || r.status === "retry") console.log(`  ${d.username}: ${r.status} ${r.message}`);
      }
    };
    // Back online at once: every phone drains its queue, oldest first, a batch per request.
    const drain = await time(`${phones} phones drain ${queued.length} visits at once`, () => Promise.all(devices.map(async (d) => {
      for (let i = 0; i < d.queue.length; i += batch) await send(d, d.queue.slice(i, i + batch));
    })));
    const stats = { item: percentiles(perItem), request: percentiles(perRequest) };
    const sentOnce = { ...tally };

    // Every phone lost the acknowledgement of its first batch and sends it again.
    for (const k of Object.keys(tally) as (keyof typeof tally)[]) tally[k] = 0;
    await Promise.all(devices.map((d) => send(d, d.queue.slice(0, batch))));
    const resent = { ...tally };

    const keys = queued.map((v) => v.idempotencyKey);
    const stored = await owner.query<{ visits: string; keys: string; problems: string; audit: string }>(
      `SELECT (SELECT count(*) FROM visit WHERE idempotency_key = ANY($1::uuid[])) AS visits,
              (SELECT count(DISTINCT idempotency_key) FROM visit WHERE idempotency_key = ANY($1::uuid[])) AS keys,
              (SELECT count(*) FROM problem p JOIN visit v ON v.id = p.visit_id WHERE v.idempotency_key = ANY($1::uuid[])) AS problems,
              (SELECT count(*) FROM audit_log a JOIN visit v ON a.entity = 'visit' AND a.action = 'visit.log' AND a.entity_id = v.id::text
                WHERE v.idempotency_key = ANY($1::uuid[])) AS audit`, [keys]);
    const s = stored.rows[0];
    const after = Number((await owner.query("SELECT count(*) AS n FROM visit")).rows[0].n);

    console.log(`
queued ${queued.length} · answered stored ${sentOnce.stored}, duplicate ${sentOnce.duplicate}, refused ${sentOnce.refused}, retry ${sentOnce.retry}`);
    console.log(`time to drain            ${(drain.ms / 1000).toFixed(2)} s  (${(queued.length / (drain.ms / 1000)).toFixed(0)} visits/s)`);
    console.log(`per item                 p50 ${f1(stats.item.p50)}  p95 ${f1(stats.item.p95)}  (a request's time over its ${batch} items)`);
    console.log(`per request              p50 ${f1(stats.request.p50)}  p95 ${f1(stats.request.p95)}  (${stats.request.n} requests)`);
    console.log(`stored = queued          ${s.visits} = ${queued.length}  ${Number(s.visits) === queued.length ? "yes" : "NO"}  (visit rows added in all: ${after - before})`);
    console.log(`duplicate rows           ${Number(s.visits) - Number(s.keys)}`);
    console.log(`lost acknowledgement     ${phones * batch} sent again → duplicate ${resent.duplicate}, stored again ${resent.stored}`);
    console.log(`problems, audit rows     ${s.problems} problems (expected ${queued.filter((v) => v.problems.length).length}), ${s.audit} visit.log rows`);
    console.log(await rollupsExact(owner));
  } finally {
    web.child.kill("SIGTERM");
    await owner.end();
    db.server.stop();
  }
}

/**
 * writes: `submissions` visit submissions at once through HTTP (one visit a request, a tenth of
 * them replays of another's key, as a flaky network resends), against a plain SQL loop writing
 * the same rows — visit, problems, audit row, under the same triggers — one after another.
 */
async function writesBench() {
  const submissions = Number(opts.submissions);
  const replays = Math.round(submissions / 10);
  const unique = submissions - replays;
  const phones = Number(opts.phones);
  console.log(`writes benchmark: ${submissions} visit submissions at once (${replays} replays) from ${phones} phones, against the demo database (2 cores)`);
  const { db, owner, web, devices } = await phonesOnDemo(phones, Math.ceil(unique / phones));
  try {
    const firsts = devices.flatMap((d) => d.queue.map((v) => ({ d, v }))).slice(0, unique);
    const sends = [...firsts, ...firsts.slice(0, replays)];
    // Warm the server's code paths (one request per phone, not counted).
    await Promise.all(devices.map((d) => sendVisits(web.base, d, [{ ...d.queue[0], idempotencyKey: crypto.randomUUID() }])));
    const before = Number((await owner.query("SELECT count(*) AS n FROM visit")).rows[0].n);
    const t0 = performance.now();
    const answers = await Promise.all(sends.map(({ d, v }) => sendVisits(web.base, d, [v])));
    const elapsed = performance.now() - t0;
    const tally = { stored: 0, duplicate: 0, refused: 0, retry: 0, http: 0 };
    for (const a of answers) {
      if (a.status !== 200 || a.results.length !== 1) tally.http++;
      else tally[a.results[0].status]++;
    }
    const lat = percentiles(answers.map((a) => a.ms));
    const keys = firsts.map(({ v }) => v.idempotencyKey);
    const rows = await owner.query<{ visits: string; keys: string }>(
      "SELECT count(*) AS visits, count(DISTINCT idempotency_key) AS keys FROM visit WHERE idempotency_key = ANY($1::uuid[])", [keys]);
    const added = Number((await owner.query("SELECT count(*) AS n FROM visit")).rows[0].n) - before;

    // The same rows by plain SQL, one transaction after another on one connection, as the app role.
    const sql = new pg.Client({ connectionString: db.url, options: "-c nuanxin.scope=*" });
    await sql.connect();
    const users = new Map((await owner.query<{ id: number; username: string }>("SELECT id, username FROM app_user WHERE username = ANY($1)", [devices.map((d) => d.username)])).rows.map((u) => [u.username, u.id]));
    const region = new Map((await owner.query<{ id: number; region_code: string }>("SELECT id, region_code FROM household WHERE id = ANY($1)", [firsts.map(({ v }) => v.householdId)])).rows.map((h) => [h.id, h.region_code]));
    const s0 = performance.now();
    for (const { d, v } of firsts) {
      const actorId = users.get(d.username)!;
      const regionCode = region.get(v.householdId)!;
      await sql.query("BEGIN");
      const visit = await sql.query<{ id: number }>(
        `INSERT INTO visit (household_id, region_code, visited_on, visitors, people_met, questionnaire_version, answers, findings, idempotency_key, recorded_by_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
        [v.householdId, regionCode, v.visitedOn, v.visitors, v.peopleMet, v.questionnaireVersion, JSON.stringify(v.answers), v.findings, crypto.randomUUID(), actorId]);
      for (const p of v.problems) {
        await sql.query(
          `INSERT INTO problem (household_id, visit_id, region_code, source, category, description, urgency, found_on, due_on, created_by_id)
           VALUES ($1, $2, $3, 'VISIT', $4, $5, $6, $7, $7::date + 30, $8)`,
          [v.householdId, visit.rows[0].id, regionCode, p.category, p.description, p.urgency, v.visitedOn, actorId]);
      }
      await sql.query(`INSERT INTO audit_log (actor_id, action, entity, entity_id, region_code, after) VALUES ($1, 'visit.log', 'visit', $2, $3, $4)`,
        [actorId, String(visit.rows[0].id), regionCode, JSON.stringify(v)]);
      await sql.query("COMMIT");
    }
    const sqlMs = performance.now() - s0;
    await sql.end();

    const rate = unique / (elapsed / 1000);
    const sqlRate = unique / (sqlMs / 1000);
    console.log(`\nsubmitted ${submissions} (${unique} visits + ${replays} replays) at once`);
    console.log(`answers                  stored ${tally.stored}, duplicate ${tally.duplicate}, refused ${tally.refused}, retry ${tally.retry}, HTTP errors ${tally.http}`);
    console.log(`stored = acknowledged    ${rows.rows[0].visits} rows for ${unique} visits acknowledged  ${Number(rows.rows[0].visits) === unique && tally.stored + tally.duplicate === submissions ? "yes" : "NO"}  (visit rows added: ${added})`);
    console.log(`duplicate rows           ${Number(rows.rows[0].visits) - Number(rows.rows[0].keys)}`);
    console.log(`latency per submission   p50 ${f1(lat.p50)}  p95 ${f1(lat.p95)}  (all ${submissions} answered in ${(elapsed / 1000).toFixed(2)} s)`);
    console.log(`rate                     ${rate.toFixed(0)} visits/s through HTTP; plain SQL loop ${sqlRate.toFixed(0)} visits/s (${(sqlMs / 1000).toFixed(2)} s) → ${((rate / sqlRate) * 100).toFixed(0)} % (target ≥ 30 %)`);
    console.log(await rollupsExact(owner));
  } finally {
    web.child.kill("SIGTERM");
    await owner.end();
    db.server.stop();
  }
}

/**
 * pages: every list page for a provincial user, the largest county's supervisor and the largest
 * township's caseworker, on the generated province, with /about as the floor: p50/p95, the HTML's
 * size, and p95 against the floor (targets: ≤ 3× the floor, ≤ 300 KB; issue 14).
 */
async function pagesBench() {
  const months = Number(opts.months);
  const requests = Number(opts["page-requests"]);
  const warmup = Math.max(1, Math.round(requests / 4));
  console.log(`pages benchmark: ${households.toLocaleString("en-US")} households, ${warmup} warm-up + ${requests} timed requests per page (2 cores)`);
  const { db } = await provinceDatabase("nuanxin_bench_dashboards", months);
  const owner = new pg.Client({ connectionString: db.ownerUrl });
  await owner.connect();
  const county = (await owner.query<{ code: string }>("SELECT left(region_code, 6) AS code FROM household GROUP BY 1 ORDER BY count(*) DESC LIMIT 1")).rows[0].code;
  const township = (await owner.query<{ code: string; n: string }>("SELECT left(region_code, 9) AS code, count(*) AS n FROM household GROUP BY 1 ORDER BY count(*) DESC LIMIT 1")).rows[0];
  await owner.end();
  await buildIfStale();
  // The generated accounts share the documented password demo1234: a production start allows that only in demo mode.
  const web = await startWeb(db.url, { DEMO_MODE: "true" });
  const LISTS = ["/visits", "/worklist", "/households", "/households?q=王", "/households?q=王芳", "/problems", "/transfers", "/applications", "/aid", "/alerts"];
  const users = [
    { label: "provincial (21)", username: GENERATED_USERS.provincial, pages: LISTS },
    { label: `county supervisor (${county})`, username: `sv_${county}`, pages: LISTS },
    { label: `township caseworker (${township.code}, ${Number(township.n).toLocaleString("en-US")} households)`, username: `cw_${township.code}_1`, pages: [...LISTS, "/field"] },
    { label: "admin (21)", username: GENERATED_USERS.admin, pages: ["/admin/rules", "/audit", "/households"] },
  ];
  const over: string[] = [];
  try {
    for (const u of users) {
      const jar = await signIn(web.base, u.username, GENERATED_PASSWORD);
      const floor = await timePage(web.base, jar, "/about", 'data-testid="app-version"', warmup, requests);
      console.log(`\n${u.label}: /about (floor) p50 ${f1(floor.p50)}  p95 ${f1(floor.p95)}`);
      console.log(`  ${"page".padEnd(22)} ${"p50".padStart(10)} ${"p95".padStart(10)} ${"HTML".padStart(9)}  p95/floor`);
      for (const page of u.pages) {
        const res = await fetch(`${web.base}${page}`, { headers: { cookie: cookieHeader(jar) } });
        const kb = (await res.text()).length / 1024;
        const r = await timePage(web.base, jar, page, "</html>", warmup, requests);
        const ratio = r.p95 / floor.p95;
        const bad = ratio > 3 || kb > 300;
        if (bad) over.push(`${u.username} ${page}`);
        console.log(`  ${page.padEnd(22)} ${f1(r.p50).padStart(10)} ${f1(r.p95).padStart(10)} ${`${kb.toFixed(0)} KB`.padStart(9)}  ${ratio.toFixed(1)}×${bad ? "  over target" : ""}`);
      }
    }
    console.log(`\n${over.length === 0 ? "every page within 3× the floor and 300 KB" : `over target: ${over.length} — ${over.join(", ")}`}`);
  } finally {
    web.child.kill("SIGTERM");
    db.server.stop();
  }
}

async function main() {
  if (opts.help) {
    console.log(HELP);
    return;
  }
  if (!Number.isSafeInteger(households) || households < 1) throw new Error("--households must be a positive integer");
  const t0 = performance.now();
  if (what === "dashboards") await dashboardsBench();
  else if (what === "discovery") await discoveryBench();
  else if (what === "scope") await scopeBench();
  else if (what === "sync") await syncBench();
  else if (what === "writes") await writesBench();
  else if (what === "pages") await pagesBench();
  else if (what === "import") await importBench();
  else throw new Error(`unknown benchmark "${what}" (try: dashboards, discovery, scope, sync, writes, pages, import)`);
  console.log(`benchmark took ${formatDuration(performance.now() - t0)}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
