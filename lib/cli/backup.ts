/**
 * `npm run db:backup`: an online base backup of the embedded PostgreSQL into its backup folder
 * (`.data/postgres-backups/base/<id>`, or NUANXIN_BACKUP_DIR), then the retention: the newest
 * NUANXIN_BACKUP_KEEP backups (default 7) and the archived WAL they need. With the archive that
 * `npm start` keeps, `npm run db:restore -- --to "<time>"` restores to any moment since the oldest
 * kept backup (lib/db/backup.ts, decision 020). An external PostgreSQL is backed up with its own
 * tools (README, "Backups").
 */
import "dotenv/config";
import { ensureDatabase, mainDataDir } from "../db/server";
import { backupRoot, keepCount, listBackups, pruneBackups, takeBaseBackup } from "../db/backup";
import { livePostmasterPid } from "../db/embedded";
import { acquire } from "./instance-lock";

const log = (line: string) => console.log(`[暖心] ${line}`);

async function main() {
  if (process.env.DATABASE_URL) {
    console.error("[暖心] 当前使用外部 PostgreSQL（DATABASE_URL）：请用 pg_basebackup、pgBackRest 或 pg_dump 备份，见 README「备份与恢复」。");
    process.exit(2);
  }
  const keep = keepCount();
  // One backup at a time: two would share an id (seconds) and prune each other's unfinished copy.
  const lock = acquire(0, "db-backup");
  if (!lock.ok) {
    console.error(`[暖心] 另一个备份正在进行（进程 ${lock.holder.pid}），请等它完成。`);
    process.exit(2);
  }
  const dataDir = mainDataDir();
  const wasRunning = livePostmasterPid(dataDir) !== null;
  const database = await ensureDatabase({ archive: true, log });
  try {
    const root = backupRoot(database.embedded!.dataDir);
    const manifest = await takeBaseBackup({ dataDir: database.embedded!.dataDir, superuserUrl: database.embedded!.url("postgres"), root, log });
    const pruned = pruneBackups(root, keep);
    if (pruned.backups || pruned.walFiles) log(`按保留策略删除旧备份 ${pruned.backups} 个、旧 WAL 文件 ${pruned.walFiles} 个（保留最近 ${keep} 个备份）`);
    const all = listBackups(root);
    log(`备份完成：${root}/base/${manifest.id}`);
    log(`现有备份 ${all.length} 个，可恢复到 ${new Date(all[0].stoppedAt).toLocaleString("zh-CN", { timeZone: "Asia/Shanghai" })} 之后的任意时刻：npm run db:restore -- --to "YYYY-MM-DD HH:mm"`);
  } finally {
    // A cluster this command started for the backup is stopped again; one npm start serves stays.
    if (!wasRunning) database.stop();
  }
}

main().catch((error) => {
  console.error(`[暖心] 备份失败：${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
