/**
 * `npm run db:seed [-- --demo | --no-demo] [--households N]`: fills the database (as the owner
 * role: MIGRATION_DATABASE_URL / DATABASE_URL, or the embedded one in .data/postgres, left
 * running) with the region tree and reference data, and the demo data where lib/cli/prepare.ts's
 * wantsDemo allows: always with --demo or SEED_DEMO=true, never into an external database
 * otherwise. It does not migrate: run the migrations first (the start command does).
 */
import "dotenv/config";
import { parseArgs } from "node:util";
import { DEMO_PASSWORD, DEMO_USERS } from "../../prisma/seed/demo";
import { seed } from "../../prisma/seed/index";
import { ensureDatabase } from "../db/server";
import { hasDemoUsers, wantsDemo } from "./prepare";

const { values } = parseArgs({
  options: {
    demo: { type: "boolean", default: false },
    "no-demo": { type: "boolean", default: false },
    households: { type: "string" },
  },
});
const demo = !values["no-demo"] && wantsDemo(process.env, values.demo ? ["--demo"] : []);
const households = values.households === undefined ? undefined : Number(values.households);
if (households !== undefined && !(Number.isInteger(households) && households >= 2)) {
  console.error("--households 须为不小于 2 的整数 (--households must be an integer ≥ 2)");
  process.exit(2);
}

const db = await ensureDatabase({ log: console.log });
try {
  if (!demo && process.env.DATABASE_URL && !values["no-demo"]) {
    console.log("外部数据库：不写入演示数据（需要时加 --demo 或 SEED_DEMO=true）");
  }
  await seed(db.ownerUrl, { demo, households, log: console.log });
  if (demo && (await hasDemoUsers(db.ownerUrl))) {
    console.log(`演示账号（密码均为 ${DEMO_PASSWORD}）：`);
    for (const u of DEMO_USERS) console.log(`  ${u.username.padEnd(14)}${u.name}　${u.description}`);
  }
} catch (e) {
  // 42P01 undefined_table: the database was never migrated (this command does not migrate).
  const unmigrated = (e as { code?: string }).code === "42P01";
  console.error(
    unmigrated
      ? "数据库尚未迁移，请先运行 npx tsx lib/cli/migrate.ts deploy (tables missing: migrate first)"
      : `种子数据写入失败：${e instanceof Error ? e.message : e}`,
  );
  process.exitCode = 1;
}
