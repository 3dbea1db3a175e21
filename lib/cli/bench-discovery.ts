/**
 * `npm run bench -- discovery [--households N] [--requests R]`: the discovery worklist at scale
 * (decision 023). On a scratch database: N households with 1–4 members loaded in bulk (triggers
 * off), then timed: the rebuild of the candidates table (one statement, what the generator runs),
 * the old one-statement evaluation over the province (the reference, lib/discovery/naive.ts) and
 * whether both find the same households, and the reads the pages make as the app role under
 * row-level security — the province's counts per city, a county's per township, the rules page's
 * counts, and a township's first worklist page — p50 / p95 of R runs each. Prints; asserts nothing.
 */
import pg from "pg";

type Ctx = {
  households: number;
  requests: number;
  scratchDatabase: (name: string, opts: { keep: boolean }) => Promise<{ url: string; ownerUrl: string; server: { stop: () => void } }>;
  time: <T>(label: string, fn: () => Promise<T>) => Promise<{ ms: number; value: T }>;
};

function percentiles(ms: number[]) {
  const s = [...ms].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
  return { p50: at(0.5), p95: at(0.95) };
}

export async function runDiscoveryBench({ households, requests, scratchDatabase, time }: Ctx) {
  const { url, ownerUrl, server } = await scratchDatabase("nuanxin_bench", { keep: false });
  const c = new pg.Client({ connectionString: ownerUrl });
  await c.connect();
  console.log(`discovery benchmark: ${households.toLocaleString()} households (2 cores)`);
  await c.query('ALTER TABLE household DISABLE TRIGGER USER; ALTER TABLE member DISABLE TRIGGER USER');
  await time("generate households", () =>
    c.query(`
      INSERT INTO household (region_code, address, category, head_name, member_count, updated_at)
      WITH v AS (SELECT array_agg(code ORDER BY code) AS codes, count(*)::int AS n FROM region WHERE level = 5)
      SELECT v.codes[1 + ((g::bigint * 7919) % v.n)::int], '生成地址 ' || g,
             (ARRAY['NONE','NONE','DIBAO','DIBAO_EDGE','TEKUN','RIGID_EXPENSE','NONE','DIBAO'])[1 + g % 8]::assistance_category,
             '户主' || g, 1 + g % 4, now()
      FROM generate_series(1, $1::int) g CROSS JOIN v`, [households]));
  await time("generate members (1–4 per household)", () =>
    c.query(`
      INSERT INTO member (household_id, region_code, name, id_cipher, id_index, id_number_masked, birth_date, male, relation,
                          major_illness, disability_grade, post_compulsory_student, unsupported_child, updated_at)
      SELECT h.id, h.region_code, '成员' || h.id || '-' || k,
             -- Not ID numbers, only their shapes (decision 017): the discovery rules never read them.
             '\\x010001'::bytea || sha256(convert_to((h.id * 4 + k)::text, 'UTF8')) || substring(sha512(convert_to((h.id * 4 + k)::text, 'UTF8')) FROM 1 FOR 14),
             '\\x0001'::bytea || sha256(convert_to((h.id * 4 + k)::text, 'UTF8')),
             'masked', date '1940-01-01' + ((h.id * 37 + k * 3301) % 30000),
             (h.id + k) % 2 = 0, CASE WHEN k = 1 THEN 'HEAD' ELSE 'CHILD' END::relation,
             (h.id + k) % 12 = 0, CASE WHEN (h.id + k) % 14 = 0 THEN 1 + (h.id % 4) END,
             (h.id + k) % 23 = 0, (h.id + k) % 97 = 0, now()
      FROM household h CROSS JOIN LATERAL generate_series(1, h.member_count) k`));
  await c.query('ALTER TABLE household ENABLE TRIGGER USER; ALTER TABLE member ENABLE TRIGGER USER');
  await time("ANALYZE", () => c.query("ANALYZE household; ANALYZE member"));

  process.env.DATABASE_URL = url;
  process.env.NEXTAUTH_SECRET ??= "bench-secret-bench-secret-bench-secret-00";
  const { todayInChina } = await import("../dates");
  const today = todayInChina();
  const rebuild = await time("rebuild discovery_candidate (one statement)", () => c.query("SELECT rebuild_discovery_candidates($1::date)", [today]));
  await c.query("ANALYZE discovery_candidate, stat_discovery");
  const [{ n: candidates }] = (await c.query("SELECT count(*)::int AS n FROM discovery_candidate")).rows;
  console.log(`candidates: ${candidates.toLocaleString()}; rebuild per 1,000,000 households: ${((rebuild.ms / households) * 1000).toFixed(1)} s`);

  const { db } = await import("../db/client");
  const { asSystem, withScope } = await import("../db/scope");
  const { conversion, worklist, worklistRegions } = await import("../discovery/queries");
  const { naiveWorklist } = await import("../discovery/naive");
  const naive = await time("reference: every rule over the province, one statement", () => asSystem(() => naiveWorklist("21", today)));
  console.log(`reference finds ${naive.value.length.toLocaleString()} households; candidates table ${naive.value.length === candidates ? "equal" : "DIFFERENT"}`);

  const [{ township, county }] = (await c.query(
    "SELECT township_code AS township, left(township_code, 6) AS county FROM stat_discovery WHERE rule_code = '' ORDER BY households DESC, township_code LIMIT 1")).rows;
  const actor = (role: "PROVINCIAL" | "SUPERVISOR" | "CASEWORKER", regionCode: string) => ({ id: 0, username: "bench", name: "bench", role, regionCode, departmentCode: null });
  const reads: [string, string, () => Promise<unknown>][] = [
    ["province: counts per city (worklist)", "21", () => worklistRegions(actor("PROVINCIAL", "21"), "21", null, today)],
    ["province: each rule's count (rules page)", "21", () => conversion(actor("PROVINCIAL", "21"), today)],
    [`county ${county}: counts per township`, county, () => worklistRegions(actor("SUPERVISOR", county), county, null, today)],
    [`township ${township}: worklist page 1`, township, () => worklist(actor("CASEWORKER", township), { page: 1 }, today)],
  ];
  console.log(`\nreads as the app role (row-level security on), ${requests} runs each after 5 warm-up runs:`);
  for (const [label, scope, read] of reads) {
    const ms: number[] = [];
    for (let i = 0; i < requests + 5; i++) {
      const t0 = performance.now();
      await withScope(scope, read);
      if (i >= 5) ms.push(performance.now() - t0);
    }
    const p = percentiles(ms);
    console.log(`  ${label.padEnd(48)} p50 ${p.p50.toFixed(1)} ms  p95 ${p.p95.toFixed(1)} ms`);
  }
  await db.$disconnect();
  await c.end();
  server.stop();
}
