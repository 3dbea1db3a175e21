/**
 * Backups of the embedded PostgreSQL with only what its package ships (issue 12; decision 020):
 * no pg_dump or pg_basebackup of version 18 exists on these machines, but the server itself does.
 *
 * - Continuous WAL archiving: `basic_archive` copies every finished WAL segment into
 *   `<backups>/wal` (lib/db/embedded.ts starts the cluster so; `archive_timeout` bounds how much
 *   a lost machine can cost).
 * - A base backup is the low-level backup API: `pg_backup_start()`, a copy of the data directory
 *   while the server runs, `pg_backup_stop()` — whose backup label goes into the copy. Each lives
 *   in `<backups>/base/<id>/` with a manifest, written under a `.partial` name until complete.
 * - A restore copies a base backup into a NEW data directory, and lets PostgreSQL replay the
 *   archived WAL up to a moment (`recovery_target_time`), then promote. The running cluster is
 *   not touched until the operator switches (`npm run db:restore -- --switch`).
 *
 * Retention: the newest `NUANXIN_BACKUP_KEEP` base backups (default 7) and the WAL they need;
 * older ones are removed after each successful backup.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { giveToPostgres, livePostmasterPid, superuserFile } from "./embedded";

export type BackupManifest = {
  id: string;
  /** Server clock at pg_backup_start / pg_backup_stop (ISO, UTC). */
  startedAt: string;
  stoppedAt: string;
  startLsn: string;
  stopLsn: string;
  /** The first WAL segment the backup needs (from its label). */
  startWal: string;
  timeline: number;
  serverVersion: string;
  bytes: number;
  seconds: number;
};

/** Where a cluster's backups live: beside its data directory (the postgres user can reach it). */
export function backupRoot(dataDir: string): string {
  return process.env.NUANXIN_BACKUP_DIR ? path.resolve(process.env.NUANXIN_BACKUP_DIR) : `${dataDir}-backups`;
}
export const walArchive = (root: string) => path.join(root, "wal");
const baseDir = (root: string) => path.join(root, "base");

export function keepCount(): number {
  const n = Number(process.env.NUANXIN_BACKUP_KEEP ?? 7);
  if (!Number.isInteger(n) || n < 1 || n > 1000) throw new Error("NUANXIN_BACKUP_KEEP 应为 1–1000 的整数（NUANXIN_BACKUP_KEEP must be an integer 1–1000）");
  return n;
}

export function archiveTimeoutSeconds(): number {
  const n = Number(process.env.NUANXIN_ARCHIVE_TIMEOUT ?? 60);
  if (!Number.isInteger(n) || n < 10 || n > 3600) throw new Error("NUANXIN_ARCHIVE_TIMEOUT 应为 10–3600 秒（NUANXIN_ARCHIVE_TIMEOUT must be 10–3600 seconds）");
  return n;
}

/** Files a base backup leaves out (PostgreSQL docs, "Making a Base Backup Using the Low Level API"). */
const EXCLUDED_FILES = ["postmaster.pid", "postmaster.opts", "server.log", "backup_label", "tablespace_map"];
const EMPTIED_DIRS = ["pg_wal", "pg_replslot", "pg_stat_tmp", "pg_dynshmem", "pg_notify", "pg_serial", "pg_snapshots", "pg_subtrans"];

function dirBytes(dir: string): number {
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) total += dirBytes(p);
    else if (entry.isFile()) total += fs.statSync(p).size;
  }
  return total;
}

/**
 * Copy a live data directory: files may appear and vanish while the server runs (the WAL replay
 * from the backup's start fixes whatever was copied mid-write), so a file gone is skipped, not an
 * error. What the docs say to leave out is left out.
 */
function copyLive(src: string, dst: string, top = true) {
  fs.mkdirSync(dst, { mode: fs.statSync(src).mode & 0o777 });
  for (const entry of fs.readdirSync(src, { withFileTypes: true })) {
    // The server's Unix socket and its lock live in the data directory here (lib/db/embedded.ts).
    if (top && (EXCLUDED_FILES.includes(entry.name) || entry.name.startsWith(".s.PGSQL."))) continue;
    const from = path.join(src, entry.name);
    const to = path.join(dst, entry.name);
    try {
      if (entry.isDirectory()) {
        if (top && EMPTIED_DIRS.includes(entry.name)) fs.mkdirSync(to, { mode: fs.statSync(from).mode & 0o777 });
        else copyLive(from, to, false);
      } else if (entry.isFile()) {
        fs.copyFileSync(from, to);
        fs.chmodSync(to, fs.statSync(from).mode & 0o777);
      } else if (entry.isSymbolicLink()) {
        fs.symlinkSync(fs.readlinkSync(from), to);
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
  }
}

const stamp = (d: Date) => d.toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z").replace("T", "-");

/**
 * Take a base backup of the running cluster at `dataDir`, through `superuserUrl`. Archiving must
 * be on: the WAL written during the copy is what makes the copy consistent.
 */
export async function takeBaseBackup(opts: {
  dataDir: string;
  superuserUrl: string;
  root?: string;
  log?: (line: string) => void;
}): Promise<BackupManifest> {
  const log = opts.log ?? (() => {});
  const root = opts.root ?? backupRoot(opts.dataDir);
  const client = new pg.Client({ connectionString: opts.superuserUrl });
  await client.connect();
  const t0 = performance.now();
  try {
    const { rows: [mode] } = await client.query<{ archive_mode: string }>("SHOW archive_mode");
    if (mode.archive_mode !== "on") {
      throw new Error("WAL 归档未开启，无法做可恢复到任意时刻的备份。请用 npm start 重启一次（它会开启归档），再备份。" +
        " (WAL archiving is off: restart with npm start, which turns it on, then back up.)");
    }
    fs.mkdirSync(baseDir(root), { recursive: true, mode: 0o700 });
    const now = new Date();
    const id = stamp(now);
    const partial = path.join(baseDir(root), `${id}.partial`);
    fs.rmSync(partial, { recursive: true, force: true });
    fs.mkdirSync(partial, { mode: 0o700 });

    const { rows: [start] } = await client.query<{ lsn: string; at: Date; version: string }>(
      "SELECT pg_backup_start($1, true)::text AS lsn, now() AS at, current_setting('server_version') AS version", [`nuanxin ${id}`]);
    let label: { lsn: string; labelfile: string; spcmapfile: string | null; at: Date };
    try {
      copyLive(opts.dataDir, path.join(partial, "data"));
    } finally {
      // Always end the backup, also when the copy failed (else the server stays in backup mode).
      const { rows: [stop] } = await client.query<{ lsn: string; labelfile: string; spcmapfile: string | null; at: Date }>(
        "SELECT lsn::text, labelfile, spcmapfile, now() AS at FROM pg_backup_stop(true)");
      label = stop;
    }
    fs.writeFileSync(path.join(partial, "data", "backup_label"), label.labelfile, { mode: 0o600 });
    if (label.spcmapfile) fs.writeFileSync(path.join(partial, "data", "tablespace_map"), label.spcmapfile, { mode: 0o600 });
    giveToPostgres(path.join(partial, "data"));
    // The superuser's password as it was: a restored cluster has the roles of its backup.
    const su = superuserFile(opts.dataDir);
    if (fs.existsSync(su)) fs.copyFileSync(su, path.join(partial, "superuser.json"));

    const walMatch = /START WAL LOCATION: \S+ \(file ([0-9A-F]{24})\)/.exec(label.labelfile);
    if (!walMatch) throw new Error(`unexpected backup label:\n${label.labelfile}`);
    const manifest: BackupManifest = {
      id,
      startedAt: start.at.toISOString(),
      stoppedAt: label.at.toISOString(),
      startLsn: start.lsn,
      stopLsn: label.lsn,
      startWal: walMatch[1],
      timeline: parseInt(walMatch[1].slice(0, 8), 16),
      serverVersion: start.version,
      bytes: dirBytes(path.join(partial, "data")),
      seconds: (performance.now() - t0) / 1000,
    };
    fs.writeFileSync(path.join(partial, "manifest.json"), JSON.stringify(manifest, null, 2) + "\n", { mode: 0o600 });
    const final = path.join(baseDir(root), id);
    fs.renameSync(partial, final);
    log(`基础备份 ${id}：${(manifest.bytes / 1024 / 1024).toFixed(1)} MB，用时 ${manifest.seconds.toFixed(1)} 秒`);
    return manifest;
  } finally {
    await client.end();
  }
}

/** Complete base backups, oldest first. */
export function listBackups(root: string): BackupManifest[] {
  const dir = baseDir(root);
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir)
    .filter((name) => !name.endsWith(".partial") && fs.existsSync(path.join(dir, name, "manifest.json")))
    .map((name) => JSON.parse(fs.readFileSync(path.join(dir, name, "manifest.json"), "utf8")) as BackupManifest)
    .sort((a, b) => a.stoppedAt.localeCompare(b.stoppedAt));
}

const SEGMENT = /^[0-9A-F]{24}$/;

/**
 * Keep the newest `keep` base backups and the WAL from the oldest kept one on; remove the rest
 * (and any `.partial` left by an interrupted backup). History files are always kept.
 */
export function pruneBackups(root: string, keep: number): { backups: number; walFiles: number } {
  const backups = listBackups(root);
  const drop = backups.slice(0, Math.max(0, backups.length - keep));
  for (const b of drop) fs.rmSync(path.join(baseDir(root), b.id), { recursive: true, force: true });
  if (fs.existsSync(baseDir(root))) {
    for (const name of fs.readdirSync(baseDir(root))) {
      if (name.endsWith(".partial")) fs.rmSync(path.join(baseDir(root), name), { recursive: true, force: true });
    }
  }
  const kept = backups.slice(drop.length);
  let walFiles = 0;
  if (kept.length && fs.existsSync(walArchive(root))) {
    // Like pg_archivecleanup: compare log and segment numbers, whatever the timeline — from the
    // lowest segment any kept backup needs (after a restore was switched in, a newer backup on the
    // new timeline can start below an older one).
    const oldest = kept.map((b) => b.startWal.slice(8)).sort()[0];
    for (const name of fs.readdirSync(walArchive(root))) {
      const segment = name.slice(0, 24);
      if (!SEGMENT.test(segment) || name.endsWith(".history")) continue;
      if (segment.slice(8) < oldest) {
        fs.rmSync(path.join(walArchive(root), name), { force: true });
        walFiles++;
      }
    }
  }
  return { backups: drop.length, walFiles };
}

/**
 * "2026-12-02 10:15", "2026-12-02 10:15:30" (China time) or an ISO time with an offset → a Date.
 * Null when it is none of these.
 */
export function parseTargetTime(text: string): Date | null {
  const china = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2})(:\d{2}(\.\d{1,6})?)?$/.exec(text.trim());
  if (china) {
    const d = new Date(`${china[1]}T${china[2]}${china[3] ?? ":00"}+08:00`);
    return Number.isNaN(d.getTime()) ? null : d;
  }
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(text.trim())) {
    const d = new Date(text.trim());
    return Number.isNaN(d.getTime()) ? null : d;
  }
  return null;
}

/** The base backup to restore `target` from: the newest that ended before it. */
export function backupFor(backups: BackupManifest[], target: Date): BackupManifest | null {
  const before = backups.filter((b) => new Date(b.stoppedAt) <= target);
  return before.at(-1) ?? null;
}

const RESTORE_MARK = "# nuanxin restore";

/**
 * Lay out a new data directory that, once started, replays the archive up to `target` and
 * promotes. Archiving stays off there until the directory is switched in (npm start turns it on).
 */
export function prepareRestore(opts: { root: string; backup: BackupManifest; target: Date | null; into: string }) {
  if (fs.existsSync(opts.into)) throw new Error(`目标目录已存在：${opts.into}（target directory exists）`);
  const source = path.join(baseDir(opts.root), opts.backup.id);
  execFileSync("cp", ["-a", path.join(source, "data"), opts.into]);
  fs.mkdirSync(path.join(opts.into, "pg_wal"), { recursive: true });
  fs.writeFileSync(path.join(opts.into, "recovery.signal"), "");
  const wal = walArchive(opts.root);
  fs.appendFileSync(path.join(opts.into, "postgresql.auto.conf"), [
    "",
    RESTORE_MARK,
    `restore_command = 'cp "${wal}/%f" "%p"'`,
    // PostgreSQL's timestamptz input, not ISO's T…Z. No target: replay all the archive holds.
    ...(opts.target ? [`recovery_target_time = '${opts.target.toISOString().replace("T", " ").replace("Z", "+00")}'`] : []),
    "recovery_target_action = 'promote'",
    "archive_mode = 'off'",
    "",
  ].join("\n"));
  giveToPostgres(opts.into);
  fs.chmodSync(opts.into, 0o700);
  const su = path.join(source, "superuser.json");
  if (fs.existsSync(su)) {
    fs.copyFileSync(su, superuserFile(opts.into));
    fs.chmodSync(superuserFile(opts.into), 0o600);
  }
}

/**
 * Whether a restore stopped because the archive ends before the target time: PostgreSQL knows a
 * target is reached only from a transaction after it, so a target later than the last write
 * fails. Replaying the whole archive then gives exactly the state at the target.
 */
export function recoveryEndedBeforeTarget(dataDir: string): boolean {
  try {
    return fs.readFileSync(path.join(dataDir, "server.log"), "utf8").includes("recovery ended before configured recovery target was reached");
  } catch {
    return false;
  }
}

/** After the restored cluster has promoted and stopped: its settings back to a plain cluster's. */
export function finishRestore(dataDir: string) {
  const file = path.join(dataDir, "postgresql.auto.conf");
  const text = fs.readFileSync(file, "utf8");
  const at = text.indexOf(`\n${RESTORE_MARK}`);
  if (at >= 0) fs.writeFileSync(file, text.slice(0, at) + "\n");
}

/** Wait until a restored cluster has left recovery (reached its target and promoted). */
export async function waitForPromotion(url: string, timeoutMs = 10 * 60_000, alive: () => boolean = () => true): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (!alive()) {
      throw new Error("恢复中的数据库已退出：多半是目标时间晚于最后归档的 WAL，见新目录中的 server.log" +
        " (the restoring server stopped: the target is probably past the last archived WAL; see server.log)");
    }
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      const { rows: [r] } = await client.query<{ recovering: boolean }>("SELECT pg_is_in_recovery() AS recovering");
      if (!r.recovering) return;
    } catch {
      // still starting up
    } finally {
      await client.end().catch(() => {});
    }
    if (Date.now() > deadline) throw new Error("恢复超时：数据库未在规定时间内完成回放（recovery did not finish in time）");
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * A restored cluster promotes onto a new timeline and writes its history file while archiving is
 * off (prepareRestore): copy it into the archive when the directory is switched in, so later
 * restores follow the new timeline and a next restore picks a timeline number not yet used.
 */
export function archiveTimelineHistory(dataDir: string, root: string): string[] {
  const wal = path.join(dataDir, "pg_wal");
  if (!fs.existsSync(wal)) return [];
  fs.mkdirSync(walArchive(root), { recursive: true, mode: 0o700 });
  const copied: string[] = [];
  for (const name of fs.readdirSync(wal).filter((f) => /^[0-9A-F]{8}\.history$/.test(f))) {
    const target = path.join(walArchive(root), name);
    if (fs.existsSync(target)) continue;
    fs.copyFileSync(path.join(wal, name), target);
    copied.push(name);
  }
  giveToPostgres(walArchive(root));
  return copied;
}

/** Whether the cluster in `dataDir` is running now (a restore must not replace a live one). */
export const isRunning = (dataDir: string) => livePostmasterPid(dataDir) !== null;

/**
 * Finish the current WAL segment and wait until the archiver has it: what a restore to "just
 * now" needs (archive_timeout would do it within a minute). False when it was not archived in time.
 */
export async function archiveCurrentWal(superuserUrl: string, timeoutMs = 60_000): Promise<boolean> {
  // True only when every WAL written so far is in the archive.
  const client = new pg.Client({ connectionString: superuserUrl });
  await client.connect();
  try {
    const { rows: [mode] } = await client.query<{ archive_mode: string }>("SHOW archive_mode");
    if (mode.archive_mode !== "on") return false;
    const { rows: [sw] } = await client.query<{ file: string }>("SELECT pg_walfile_name(pg_switch_wal()) AS file");
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const { rows: [a] } = await client.query<{ last: string | null }>("SELECT last_archived_wal AS last FROM pg_stat_archiver");
      if (a.last && a.last.slice(8) >= sw.file.slice(8)) return true;
      await new Promise((r) => setTimeout(r, 100));
    }
    return false;
  } finally {
    await client.end();
  }
}
