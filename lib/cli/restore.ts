/**
 * `npm run db:restore`: point-in-time restore of the embedded PostgreSQL (lib/db/backup.ts,
 * decision 020), into a NEW data directory; the running cluster is not touched.
 *
 *   npm run db:restore -- --list                       the backups and the moments they reach
 *   npm run db:restore -- --to "2026-12-02 10:15"      restore to that moment (China time, or an
 *                                                       ISO time with an offset) into
 *                                                       .data/postgres-restored-<stamp>, check it
 *   npm run db:restore -- --to "…" --into DIR          … into DIR
 *   npm run db:restore -- --switch DIR                 with npm start stopped: make DIR the
 *                                                       database npm start serves (the old one is
 *                                                       kept as .data/postgres-before-<stamp>)
 */
import "dotenv/config";
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { mainDataDir } from "../db/server";
import { freePort, livePostmasterPid, reachableByPostgres, startEmbeddedPostgres, superuserFile } from "../db/embedded";
import { archiveCurrentWal, archiveTimelineHistory, backupFor, backupRoot, finishRestore, recoveryEndedBeforeTarget, listBackups, parseTargetTime, prepareRestore, walArchive, waitForPromotion } from "../db/backup";
import { verifyRollups } from "../stats/rollups";
import { acquire } from "./instance-lock";

const log = (line: string) => console.log(`[暖心] ${line}`);
const china = (iso: string | Date) => new Date(iso).toLocaleString("zh-CN", { timeZone: "Asia/Shanghai", hour12: false });
const stamp = () => new Date().toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "").replace("T", "-");

const { values: opts } = parseArgs({
  options: {
    to: { type: "string" },
    into: { type: "string" },
    list: { type: "boolean", default: false },
    switch: { type: "string" },
    help: { type: "boolean", short: "h", default: false },
  },
});

function fail(message: string): never {
  console.error(`[暖心] ${message}`);
  process.exit(2);
}

/**
 * Ask the live cluster (when it runs) to archive its current WAL segment: a restore to "just now".
 * "archived": the archive holds every write so far; "stopped": the live cluster is not running
 * (the writes of its last unarchived segment, at most NUANXIN_ARCHIVE_TIMEOUT, are only in its
 * own pg_wal); "failed": archiving is off or did not keep up.
 */
async function archiveNow(dataDir: string): Promise<"archived" | "stopped" | "failed"> {
  if (livePostmasterPid(dataDir) === null) return "stopped";
  const su = JSON.parse(fs.readFileSync(superuserFile(dataDir), "utf8")) as { user: string; password: string };
  const port = Number(fs.readFileSync(path.join(dataDir, "postmaster.pid"), "utf8").split("\n")[3]);
  const url = `postgresql://${encodeURIComponent(su.user)}:${encodeURIComponent(su.password)}@127.0.0.1:${port}/postgres`;
  if (await archiveCurrentWal(url)) return "archived";
  log("注意：当前 WAL 段未能归档（归档未开启或超时），恢复只能到最后一个已归档的段");
  return "failed";
}

async function list(root: string) {
  const backups = listBackups(root);
  if (!backups.length) fail(`${root} 中没有备份：先运行 npm run db:backup`);
  log(`备份目录 ${root}`);
  for (const b of backups) log(`  ${b.id}  完成于 ${china(b.stoppedAt)}  ${(b.bytes / 1024 / 1024).toFixed(1)} MB`);
  const wal = fs.existsSync(walArchive(root)) ? fs.readdirSync(walArchive(root)).filter((f) => /^[0-9A-F]{24}$/.test(f)) : [];
  const newest = wal.map((f) => fs.statSync(path.join(walArchive(root), f)).mtime).sort((a, b) => +a - +b).at(-1);
  log(`可恢复的时间范围：${china(backups[0].stoppedAt)} 至 ${newest ? china(newest) : china(backups.at(-1)!.stoppedAt)}（WAL 归档 ${wal.length} 段）`);
}

async function restore(root: string, liveDataDir: string, toText: string) {
  const target = parseTargetTime(toText);
  if (!target) fail(`无法识别的时间“${toText}”：请写成 "2026-12-02 10:15"（北京时间）或带时区的 ISO 时间`);
  if (target > new Date()) fail(`目标时间 ${china(target)} 在未来`);
  const backups = listBackups(root);
  const backup = backupFor(backups, target);
  if (!backup) {
    fail(backups.length ? `最早的备份完成于 ${china(backups[0].stoppedAt)}，无法恢复到更早的 ${china(target)}` : `${root} 中没有备份：先运行 npm run db:backup`);
  }
  const archive = await archiveNow(liveDataDir);
  const into = path.resolve(opts.into ?? `${liveDataDir}-restored-${stamp()}`);
  if (!reachableByPostgres(path.dirname(into))) {
    fail(`PostgreSQL 用户无法进入 ${path.dirname(into)}：请把 --into 设在它能进入的位置（例如 ${path.dirname(liveDataDir)}）`);
  }
  log(`从备份 ${backup.id}（完成于 ${china(backup.stoppedAt)}）恢复到 ${china(target)}，写入新目录 ${into}`);
  const t0 = performance.now();
  const replay = async (to: Date | null) => {
    prepareRestore({ root, backup, target: to, into });
    const started = await startEmbeddedPostgres({ dataDir: into, port: await freePort(54400), log });
    await waitForPromotion(started.url("postgres"), 10 * 60_000, () => started.postmasterPid() !== null);
    return started;
  };
  let server: Awaited<ReturnType<typeof replay>>;
  try {
    server = await replay(target);
  } catch (error) {
    if (!recoveryEndedBeforeTarget(into)) throw error;
    // The archive ends before the target. When it holds every write (the live cluster archived
    // its current segment just now), nothing was written after the target, and all the archive
    // holds IS the state at the target. Otherwise the archive may simply be missing its tail.
    if (archive === "failed") {
      throw new Error(`归档的 WAL 止于 ${china(target)} 之前，且当前 WAL 段未能归档：无法确认该时刻的状态。请检查归档（server.log），或选择更早的时间。`);
    }
    log(`${china(target)} 之后没有已归档的写入：回放全部已归档的 WAL` +
      (archive === "stopped" ? "（数据库未运行：其最后一个未归档的 WAL 段不在归档中，最多缺少 NUANXIN_ARCHIVE_TIMEOUT 秒内的写入）" : "（即该时刻的状态）"));
    if (livePostmasterPid(into) !== null) throw error;
    fs.rmSync(into, { recursive: true, force: true });
    fs.rmSync(superuserFile(into), { force: true });
    server = await replay(null);
  }
  try {
    log(`WAL 回放完成，用时 ${((performance.now() - t0) / 1000).toFixed(1)} 秒`);
    const c = new pg.Client({ connectionString: server.url("nuanxin") });
    await c.connect();
    try {
      const count = async (table: string) => Number((await c.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);
      const last = (await c.query<{ at: Date | null }>("SELECT max(at) AS at FROM audit_log")).rows[0].at;
      log(`恢复后的数据：家庭 ${await count("household")} 户、走访 ${await count("visit")} 次、资金流水 ${await count("fund_entry")} 笔、审计记录 ${await count("audit_log")} 条；最后一条审计记录 ${last ? china(last) : "无"}`);
      const checks = await verifyRollups(c);
      const wrong = checks.filter((r) => r.mismatched > 0);
      log(wrong.length ? `警告：${wrong.length} 张统计表与明细不符：${wrong.map((w) => w.table).join("、")}` : `统计表 ${checks.length} 张与明细完全一致`);
    } finally {
      await c.end();
    }
  } finally {
    server.stop();
  }
  finishRestore(into);
  log("恢复完成，正在运行的数据库未被改动。切换到恢复的数据库：");
  log(`  1. 停止 npm start（Ctrl-C）`);
  log(`  2. npm run db:restore -- --switch ${into}`);
  log(`  3. npm start`);
}

function switchTo(liveDataDir: string, dir: string) {
  const source = path.resolve(dir);
  if (!fs.existsSync(path.join(source, "PG_VERSION"))) fail(`${source} 不是 PostgreSQL 数据目录`);
  if (fs.existsSync(path.join(source, "recovery.signal"))) fail(`${source} 尚未完成恢复（仍有 recovery.signal）：请先用 --to 完成恢复`);
  // Held for the switch, so no npm start begins between the checks and the renames.
  const lock = acquire(0);
  if (!lock.ok) fail(`npm start 正在运行（进程 ${lock.holder.pid}）：请先停止它，再切换`);
  if (livePostmasterPid(liveDataDir) !== null) fail(`数据库 ${liveDataDir} 仍在运行：请先停止 npm start`);
  if (livePostmasterPid(source) !== null) fail(`${source} 的数据库仍在运行：请先停止它`);
  const kept = `${liveDataDir}-before-${stamp()}`;
  if (fs.existsSync(liveDataDir)) {
    fs.renameSync(liveDataDir, kept);
    if (fs.existsSync(superuserFile(liveDataDir))) fs.renameSync(superuserFile(liveDataDir), superuserFile(kept));
  }
  fs.renameSync(source, liveDataDir);
  if (fs.existsSync(superuserFile(source))) fs.renameSync(superuserFile(source), superuserFile(liveDataDir));
  const histories = archiveTimelineHistory(liveDataDir, backupRoot(liveDataDir));
  lock.release();
  log(`已切换：npm start 将使用恢复的数据库；原数据库保留在 ${kept}（确认无误后可删除）`);
  if (histories.length) log(`新时间线 ${histories.join("、")} 已写入 WAL 归档`);
  log("请在 npm start 之后立即做一次基础备份（npm run db:backup）：之后的恢复从新时间线上的备份开始最稳妥。");
}

async function main() {
  if (opts.help || (!opts.list && !opts.to && !opts.switch)) {
    console.log(fs.readFileSync(new URL(import.meta.url), "utf8").split("*/")[0].replace(/^\/\*\*?|^ \* ?/gm, ""));
    return;
  }
  if (process.env.DATABASE_URL) fail("当前使用外部 PostgreSQL（DATABASE_URL）：请用该服务器的备份工具恢复（pg_basebackup/pgBackRest 的时间点恢复），见 README「备份与恢复」。");
  const liveDataDir = mainDataDir();
  const root = backupRoot(liveDataDir);
  if (opts.list) return list(root);
  if (opts.switch) return switchTo(liveDataDir, opts.switch);
  return restore(root, liveDataDir, opts.to!);
}

main().catch((error) => {
  console.error(`[暖心] 恢复失败：${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
