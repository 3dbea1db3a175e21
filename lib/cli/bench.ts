/**
 * `npm run bench -- discovery [--households N]`: how long a province-wide run of every discovery
 * rule takes, per million households. Builds a scratch database (embedded cluster in
 * .data/bench-postgres, or TEST_DATABASE_URL's server), migrates it, loads the region tree and
 * the rules, generates N households with members spread over all 16,727 villages (bulk SQL), then
 * times the worklist's rule evaluation over the whole province. Prints figures; asserts nothing.
 */
import path from "node:path";
import pg from "pg";
import { applyMigrations } from "../db/migrations";
import { createDatabaseIfMissing, projectRoot, startTestServer, withDatabase } from "../db/server";
import { seed } from "../../prisma/seed";

const args = process.argv.slice(2);
const what = args.find((a) => !a.startsWith("--")) ?? "discovery";
const households = Number(args[args.indexOf("--households") + 1] ?? 0) || 1_000_000;

async function time<T>(label: string, fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  const ms = performance.now() - t0;
  console.log(`${label.padEnd(48)} ${(ms / 1000).toFixed(2)} s`);
  return { ms, value };
}

async function main() {
  if (what !== "discovery") throw new Error(`unknown benchmark "${what}" (try: discovery)`);
  const server = await startTestServer("bench-postgres", 54330);
  const admin = new pg.Client({ connectionString: server.serverUrl });
  await admin.connect();
  await admin.query("DROP DATABASE IF EXISTS nuanxin_bench WITH (FORCE)");
  await admin.end();
  await createDatabaseIfMissing(server.serverUrl, "nuanxin_bench");
  const url = withDatabase(server.serverUrl, "nuanxin_bench");
  await applyMigrations({ url, migrationsDir: path.join(projectRoot, "prisma", "migrations") });
  await seed(url, { demo: false, log: () => {} });

  const c = new pg.Client({ connectionString: url });
  await c.connect();
  console.log(`discovery benchmark: ${households.toLocaleString()} households (2 cores)`);
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
      INSERT INTO member (household_id, region_code, name, id_number, id_number_masked, birth_date, male, relation,
                          major_illness, disability_grade, post_compulsory_student, unsupported_child, updated_at)
      SELECT h.id, h.region_code, '成员' || h.id || '-' || k,
             lpad((h.id * 4 + k)::text, 18, '0'), 'masked', date '1940-01-01' + ((h.id * 37 + k * 3301) % 30000),
             (h.id + k) % 2 = 0, CASE WHEN k = 1 THEN 'HEAD' ELSE 'CHILD' END::relation,
             (h.id + k) % 12 = 0, CASE WHEN (h.id + k) % 14 = 0 THEN 1 + (h.id % 4) END,
             (h.id + k) % 23 = 0, (h.id + k) % 97 = 0, now()
      FROM household h CROSS JOIN LATERAL generate_series(1, h.member_count) k`));
  await time("ANALYZE", () => c.query("ANALYZE household; ANALYZE member"));

  // The same SQL the worklist runs (lib/discovery/queries.ts), province-wide, every rule at once.
  process.env.DATABASE_URL = url;
  process.env.NEXTAUTH_SECRET ??= "bench-secret-bench-secret-bench-secret-00";
  const { db } = await import("../db/client");
  const { conversion, worklist } = await import("../discovery/queries");
  const province = { id: 0, username: "bench", name: "bench", role: "PROVINCIAL" as const, regionCode: "21", departmentCode: null };
  const run = await time("all rules over the province (worklist, page 1)", () => worklist(province, { page: 1 }));
  const perMillion = (run.ms / households) * 1_000_000;
  console.log(`households found by at least one rule: ${run.value.total.toLocaleString()}`);
  console.log(`time per 1,000,000 households: ${(perMillion / 1000).toFixed(1)} s (target: minutes, not hours)`);
  const counts = await time("each rule's count over the province (rules page)", () => conversion(province));
  for (const r of counts.value) console.log(`  ${r.name.padEnd(12)} ${r.found.toLocaleString()}`);
  console.log(`rules page per 1,000,000 households: ${((counts.ms / households) * 1_000).toFixed(1)} s`);
  await db.$disconnect();
  await c.end();
  server.stop();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
