/**
 * Bring a database to a usable state: migrations applied, reference data (regions,
 * questionnaire) loaded, demo data when asked and the database has no users yet.
 * Shared by the start command, the end-to-end test server and `npm run db:setup`.
 */
import path from "node:path";
import { applyMigrations } from "../db/migrations";
import { projectRoot } from "../db/server";
import { seed } from "../../prisma/seed";

export async function prepareDatabase(url: string, opts: { demo: boolean; log: (line: string) => void; today?: string }) {
  const applied = await applyMigrations({
    url,
    migrationsDir: path.join(projectRoot, "prisma", "migrations"),
    log: opts.log,
  });
  if (applied.length) opts.log(`已应用数据库迁移 ${applied.length} 个`);
  await seed(url, { demo: opts.demo, log: opts.log, today: opts.today });
}
