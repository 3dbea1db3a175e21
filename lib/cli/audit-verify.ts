/**
 * `npm run audit:verify`: walks the audit log's hash chain (lib/audit/verify.ts) and reports the
 * first broken link with exit code 1, or "审计日志完整：N 条，链条无断裂" and exit code 0. Runs as
 * the owner role (MIGRATION_DATABASE_URL, falling back to DATABASE_URL; or the embedded cluster).
 * Print the head hash into a record kept elsewhere (a ticket, a signed mail) now and then: a
 * chain re-hashed from some row to the end by a superuser no longer ends in that hash.
 */
import "dotenv/config";
import pg from "pg";
import { verifyAuditChain } from "../audit/verify";
import { ensureDatabase } from "../db/server";

async function main(): Promise<number> {
  const database = await ensureDatabase();
  const client = new pg.Client({ connectionString: database.ownerUrl });
  await client.connect();
  try {
    const report = await verifyAuditChain(client, {
      onProgress: (n) => process.stderr.isTTY && process.stderr.write(`\r已核对 ${n.toLocaleString("en-US")} 条`),
    });
    if (process.stderr.isTTY) process.stderr.write("\n");
    if (report.broken) {
      const b = report.broken;
      console.error(`审计日志链条断裂：${b.message}`);
      console.error(`  id ${b.id}（${b.what}）`);
      console.error(`  应为 ${b.expected ?? "（空）"}`);
      console.error(`  实为 ${b.found ?? "（空）"}`);
      console.error(`此前的 ${report.rows} 条完好。`);
      return 1;
    }
    console.log(`审计日志完整：${report.rows} 条，链条无断裂`);
    console.log(`链尾哈希 ${report.headHash ?? "（空日志）"}`);
    return 0;
  } finally {
    await client.end();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(2);
  },
);
