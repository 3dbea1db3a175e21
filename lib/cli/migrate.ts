/**
 * Migrations from the command line, in place of `prisma migrate`, whose native engine cannot be
 * downloaded here (see lib/db/migrations.ts):
 *
 *   npx tsx lib/cli/migrate.ts create <name>   write prisma/migrations/<timestamp>_<name>/ from schema.prisma
 *   npx tsx lib/cli/migrate.ts deploy          apply pending migrations
 *   npx tsx lib/cli/migrate.ts status          list applied and pending migrations
 *
 * The database is MIGRATION_DATABASE_URL (the owner role; falls back to DATABASE_URL), or the
 * embedded cluster (lib/db/server.ts), which is left running for the next command. After a deploy
 * the app role (DATABASE_URL's user) gets its grants on whatever the migrations created.
 */
import "dotenv/config";
import path from "node:path";
import { ensureDatabase, projectRoot, roleUrls } from "../db/server";
import { createMigration, migrationStatus } from "../db/migrations";
import { migrateAndGrant } from "./prepare";

const migrationsDir = path.join(projectRoot, "prisma", "migrations");
const schemaPath = path.join(projectRoot, "prisma", "schema.prisma");
const usage = "usage: npx tsx lib/cli/migrate.ts create <name> | deploy | status";

async function main(args: string[]): Promise<number> {
  const [command, name] = args;
  if (!["create", "deploy", "status"].includes(command) || (command === "create" && !name)) {
    console.error(usage);
    return 2;
  }
  const log = (line: string) => console.log(line);
  const db = await ensureDatabase({ log });

  if (command === "create") {
    // It builds a scratch database (CREATEDB): the embedded superuser, or the migration role.
    await createMigration({ url: db.embedded ? db.embedded.url("postgres") : db.ownerUrl, schemaPath, migrationsDir, name, log });
  } else if (command === "deploy") {
    const applied = await migrateAndGrant(roleUrls(db), log);
    console.log(applied.length ? `Applied ${applied.length} migration(s).` : "Database is up to date.");
  } else {
    const s = await migrationStatus({ url: db.ownerUrl, migrationsDir });
    for (const n of s.applied) console.log(`applied  ${n}${s.edited.includes(n) ? "  (file changed since!)" : ""}`);
    for (const n of s.failed) console.log(`FAILED   ${n}`);
    for (const n of s.pending) if (!s.failed.includes(n)) console.log(`pending  ${n}`);
    for (const n of s.missing) console.log(`missing  ${n}  (applied, but no folder)`);
    if (!s.applied.length && !s.pending.length) console.log("No migrations.");
    return s.failed.length || s.edited.length ? 1 : 0;
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  },
);
