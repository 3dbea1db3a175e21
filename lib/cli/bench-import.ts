/**
 * `npm run bench -- import [--households N]`: the household import at scale (issue 16; decision
 * 027). On a scratch database: one .xlsx of N households (default 100,000) with 1–4 members each
 * (2.5 on average: 250,000 rows for 100,000), written by exceljs's streaming writer; then, as a
 * province admin and the app role under row-level security, the real code paths: upload, dry run
 * and import (the job bodies the worker runs), each timed with rows per second; the process's
 * memory peak (RSS, sampled every 100 ms); and the roll-ups checked exact afterwards. A second
 * import of the same file is timed too: it must create nothing. Prints; asserts nothing.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import ExcelJS from "exceljs";
import { checkCharacter } from "../households/id-number";
import { FIELDS, headerOf } from "../import/columns";
import { verifyRollups } from "../stats/rollups";
import { idKeysEnv } from "../crypto/key-file";
import type { IdKeys } from "../crypto/keyring";

type Ctx = {
  households: number;
  scratchDatabase: (name: string, opts: { keep: boolean }) => Promise<{ url: string; ownerUrl: string; server: { stop: () => void } }>;
  time: <T>(label: string, fn: () => Promise<T>) => Promise<{ ms: number; value: T }>;
  idKeys: () => IdKeys;
};

const CATEGORY = ["低保", "低保", "特困", "低保边缘", "未纳入"];
const RELATION = ["配偶", "子女", "子女", "父母"];
const DAY = 86_400_000;
const START = Date.UTC(1940, 0, 1);

/** A valid, unique ID number for member k of county `county` (birth day and sequence from k). */
function idFor(county: string, k: number): string {
  const birth = new Date(START + (k % 25_000) * DAY).toISOString().slice(0, 10).replace(/-/g, "");
  const first17 = `${county}${birth}${String(Math.floor(k / 25_000) % 1000).padStart(3, "0")}`;
  return first17 + checkCharacter(first17);
}

async function writeRegister(file: string, households: number, villages: string[]): Promise<number> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: false, useStyles: false });
  const ws = wb.addWorksheet("家庭成员");
  ws.addRow(FIELDS.map(headerOf)).commit();
  let rows = 0;
  let k = 0;
  for (let h = 0; h < households; h++) {
    const village = villages[(h * 7919) % villages.length];
    const county = village.slice(0, 6);
    const size = 1 + ((h * 2654435761) >>> 0) % 4; // 1–4, 2.5 on average
    const headId = idFor(county, k);
    for (let m = 0; m < size; m++) {
      const id = m === 0 ? headId : idFor(county, k);
      k++;
      const cells: Record<string, string> = {
        headIdNumber: headId, regionCode: village, address: `导入测试地址 ${h} 号`, phone: "", category: CATEGORY[h % CATEGORY.length],
        name: `成员${h}之${m}`, idNumber: id, relation: m === 0 ? "户主" : RELATION[(m - 1) % RELATION.length],
        majorIllness: h % 13 === 0 ? "是" : "否", disabilityGrade: h % 17 === 0 ? "2" : "", postCompulsoryStudent: "否", unsupportedChild: "否",
        labourCapacity: "未鉴定", note: "",
      };
      ws.addRow(FIELDS.map((f) => cells[f])).commit();
      rows++;
    }
  }
  ws.commit();
  await wb.commit();
  return rows;
}

export async function runImportBench({ households, scratchDatabase, time, idKeys }: Ctx) {
  const { url, ownerUrl, server } = await scratchDatabase("nuanxin_bench_import", { keep: false });
  const owner = new pg.Client({ connectionString: ownerUrl });
  await owner.connect();
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 100);
  try {
    console.log(`import benchmark: ${households.toLocaleString()} households in one .xlsx (2 cores)`);
    const villages = (await owner.query<{ code: string }>("SELECT code FROM region WHERE level = 5 AND retired_at IS NULL AND code LIKE '21%' ORDER BY code")).rows.map((r) => r.code);
    const { rows: [admin] } = await owner.query<{ id: number }>(
      `INSERT INTO app_user (username, name, password_hash, role, region_code) VALUES ('bench_import_admin', '导入管理员', 'x', 'ADMIN', '21') RETURNING id`);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nx-bench-import-"));
    const file = path.join(dir, "register.xlsx");
    const { value: rows } = await time("write the .xlsx (exceljs streaming writer)", () => writeRegister(file, households, villages));
    const bytes = new Uint8Array(fs.readFileSync(file));
    console.log(`  ${rows.toLocaleString()} member rows, ${(bytes.byteLength / 1024 / 1024).toFixed(1)} MB`);

    // The app's own modules, connected as the app role (as the web server's worker is).
    Object.assign(process.env, { DATABASE_URL: url, NEXTAUTH_SECRET: "bench-secret-bench-secret-bench-secret-01", ...idKeysEnv(idKeys()), LOG_LEVEL: "warn", SLOW_QUERY_MS: "600000" });
    const { withScope } = await import("../db/scope");
    const { db } = await import("../db/client");
    const { uploadImport, startValidation, startImport, runImportJob } = await import("../import/commands");
    const actor = { id: admin.id, username: "bench_import_admin", name: "导入管理员", role: "ADMIN" as const, regionCode: "21", departmentCode: null };
    const inline = (id: number, phase: "validate" | "import") => runImportJob(id, phase);
    const rate = (ms: number) => `${Math.round(rows / (ms / 1000)).toLocaleString()} rows/s`;
    const job = async (label: string) => {
      const up = await time(`${label}: upload (headers, checksum, stored)`, () => withScope("21", () => uploadImport(actor, { name: "register.xlsx", bytes })));
      const dry = await time(`${label}: dry run (every row checked)`, () => withScope("21", () => startValidation(actor, { jobId: up.value.id, mapping: up.value.mapping }, inline)));
      const validated = await withScope("21", () => db.importJob.findUniqueOrThrow({ where: { id: up.value.id }, select: { goodRows: true, badRows: true, status: true, failure: true } }));
      console.log(`  ${rate(dry.ms)}; ${validated.goodRows.toLocaleString()} fine, ${validated.badRows.toLocaleString()} with problems (${validated.status}${validated.failure ? `: ${validated.failure}` : ""})`);
      const imp = await time(`${label}: import (batches of 500 households)`, () => withScope("21", () => startImport(actor, up.value.id, inline)));
      const done = await withScope("21", () => db.importJob.findUniqueOrThrow({ where: { id: up.value.id }, select: { status: true, created: true, updated: true, unchanged: true, skipped: true } }));
      console.log(`  ${rate(imp.ms)}; ${done.status}: created ${done.created.toLocaleString()}, updated ${done.updated}, unchanged ${done.unchanged.toLocaleString()}, skipped ${done.skipped}`);
      return dry.ms + imp.ms;
    };
    const first = await job("first import");
    console.log(`  dry run + import: ${(first / 1000).toFixed(1)} s, ${rate(first)}`);
    await job("same file again");
    const counts = (await owner.query("SELECT (SELECT count(*) FROM household)::int AS h, (SELECT count(*) FROM member)::int AS m, (SELECT count(*) FROM audit_log WHERE action LIKE 'household.import%')::int AS a")).rows[0];
    console.log(`register: ${counts.h.toLocaleString()} households, ${counts.m.toLocaleString()} members, ${counts.a.toLocaleString()} household audit rows`);
    const checks = await verifyRollups(owner);
    const wrong = checks.filter((c) => c.mismatched > 0);
    console.log(`roll-ups: ${checks.length} checked, ${wrong.length} with mismatches${wrong.length ? `: ${wrong.map((w) => w.table).join(", ")}` : ""}`);
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
    console.log(`memory peak (RSS of this process, generator included): ${(peak / 1024 / 1024).toFixed(0)} MB`);
    await db.$disconnect();
    fs.rmSync(dir, { recursive: true, force: true });
  } finally {
    clearInterval(sampler);
    await owner.end();
    server.stop();
  }
}
