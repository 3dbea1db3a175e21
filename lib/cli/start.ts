/**
 * `npm start`: everything a fresh machine needs to show Nuanxin. Starts the embedded PostgreSQL
 * (unless DATABASE_URL points elsewhere), migrates as the owner role, builds the app when the
 * build is missing or older than the sources, and serves it — as the app role, on 127.0.0.1
 * unless HOST says otherwise. Ctrl-C (or SIGTERM) lets the web server finish the requests in
 * flight, then stops the embedded database cleanly.
 *
 * Issue 12: the embedded database is supervised (restarted with crash recovery when it dies, see
 * lib/db/supervise.ts) and archives its WAL for point-in-time restore (npm run db:backup /
 * db:restore); a second `npm start` on the same folder says one is running and touches nothing.
 *
 * Demo data (users with a published password) goes only where it cannot surprise anyone: into
 * the embedded demo database by default (what `npm install && npm start` promises), into an
 * external DATABASE_URL only when asked for with SEED_DEMO=true or --demo (issue 11, finding 7).
 *
 *   npm start               production build on HOST:PORT (default 127.0.0.1:3000)
 *   npm run dev             next dev (hot reload) on the same database
 *   npm start -- --demo     demo data also into an external DATABASE_URL (same as SEED_DEMO=true)
 *   SEED_DEMO=false         no demo data (an empty register with the region tree)
 *   HOST=0.0.0.0            listen on every interface (behind a TLS reverse proxy, say)
 */
import "dotenv/config";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import path from "node:path";
import net from "node:net";
import { ensureDatabase, projectRoot, roleUrls } from "../db/server";
import { supervise, type Supervisor } from "../db/supervise";
import { acquire } from "./instance-lock";
import { privilegeProblems } from "../db/roles";
import { buildIsCurrent } from "./build";
import { checkIdKeys, hasDemoUsers, prepareDatabase, wantsDemo } from "./prepare";
import { sessionSecret } from "./secret";
import { idKeysEnv, MissingIdKeys, toolIdKeys } from "../crypto/key-file";
import type { IdKeys } from "../crypto/keyring";
import { DEMO_PASSWORD, DEMO_USERS } from "../../prisma/seed/demo";
import { DEMO_DEPARTMENT_USERS } from "../../prisma/seed/departments";

const dev = process.argv.includes("--dev");
const port = Number(process.env.PORT ?? 3000);
/** Loopback unless the operator says otherwise: a fresh install is not on the network. */
const host = process.env.HOST || "127.0.0.1";

const log = (line: string) => console.log(`[暖心] ${line}`);
const nextBin = path.join(projectRoot, "node_modules", ".bin", "next");

/** Whether something already listens on the web port (checked before the database is touched). */
const portTaken = (p: number, h: string) =>
  new Promise<boolean>((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(true));
    server.listen(p, h, () => server.close(() => resolve(false)));
  });

async function main() {
  const lock = acquire(port);
  if (!lock.ok) {
    log(`已有一个暖心实例在运行（进程 ${lock.holder.pid}，端口 ${lock.holder.port}，启动于 ${new Date(lock.holder.startedAt).toLocaleString("zh-CN", { timeZone: "Asia/Shanghai", hour12: false })}），本次未做任何改动。`);
    log("要重启，请先停止那个实例（在它的终端按 Ctrl-C，或 kill " + lock.holder.pid + "）。");
    process.exit(1);
  }
  if (await portTaken(port, host)) {
    log(`端口 ${port} 已被其他程序占用，本次未启动数据库。请换一个端口（PORT=3001 npm start）或停止占用它的程序。`);
    process.exit(1);
  }
  const database = await ensureDatabase({ archive: true, log });
  log(process.env.DATABASE_URL ? "使用外部 PostgreSQL（DATABASE_URL）" : `内嵌 PostgreSQL 已启动（端口 ${database.embedded!.port}）`);
  const web: { child?: ChildProcess } = {};
  let supervisor: Supervisor | undefined;
  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    supervisor?.stop();
    log("正在停止…（先完成正在处理的请求）");
    const child = web.child;
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      child.kill("SIGTERM");
      const timeout = new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), 30_000).unref());
      if ((await Promise.race([exited, timeout])) === "timeout") {
        log("网站 30 秒内未停止，强制结束");
        child.kill("SIGKILL");
      }
    }
    database.stop();
    log(database.embedded ? "已停止网站和内嵌数据库" : "已停止网站");
    lock.release();
    process.exit(code);
  };
  process.on("SIGINT", () => void shutdown(0));
  process.on("SIGTERM", () => void shutdown(0));
  if (database.embedded && database.restart) {
    supervisor = supervise({ pid: () => database.embedded!.postmasterPid(), start: database.restart, log });
  }

  const demo = wantsDemo(process.env, process.argv);
  let showDemoLogins = false;
  let idKeys: IdKeys | undefined;
  try {
    // ID numbers at rest (decision 017): keys from the environment, or for the embedded database
    // generated once into .data/id-keys.json (0600); an external database without them is refused.
    idKeys = toolIdKeys({ projectRoot, embedded: !!database.embedded });
    const keys = idKeys;
    await prepareDatabase(roleUrls(database), { demo, log, idKeys: () => keys });
    showDemoLogins = demo && (await hasDemoUsers(database.url));
    const keyProblems = await checkIdKeys(database.ownerUrl, keys);
    if (keyProblems.length) {
      throw new MissingIdKeys(`身份证号密钥与数据库不符，拒绝启动 / the ID-number keys do not fit this database:\n  ${keyProblems.join("\n  ")}`);
    }
    const problems = await privilegeProblems(database.url);
    if (problems.length) {
      log(`警告：网站所用的数据库角色权限过大：${problems.join("、")}。请按 README「最小权限数据库角色」分开 DATABASE_URL 与 MIGRATION_DATABASE_URL。`);
    }
  } catch (error) {
    if (error instanceof MissingIdKeys) log(error.message);
    else console.error(error);
    await shutdown(1);
  }

  const env = {
    ...process.env,
    DATABASE_URL: database.url,
    NEXTAUTH_SECRET: sessionSecret(),
    ...idKeysEnv(idKeys!),
    NEXTAUTH_URL: process.env.NEXTAUTH_URL ?? `http://localhost:${port}`,
    NEXT_TELEMETRY_DISABLED: "1",
    // Demo mode (seeded passwords allowed) exactly when this start loaded the demo data, unless set.
    DEMO_MODE: process.env.DEMO_MODE ?? String(demo),
  };
  if (!dev && !buildIsCurrent()) {
    log("正在构建网站（首次约 1 分钟）…");
    const build = spawnSync(nextBin, ["build"], { cwd: projectRoot, env, stdio: "inherit" });
    if (build.status !== 0) await shutdown(build.status ?? 1);
  }
  web.child = spawn(nextBin, [dev ? "dev" : "start", "-H", host, "-p", String(port)], { cwd: projectRoot, env, stdio: "inherit" });
  web.child.on("exit", (code) => void shutdown(code ?? 0));

  const loopback = host === "127.0.0.1" || host === "localhost" || host === "::1";
  log(`打开 http://localhost:${port}${loopback ? "（仅本机可访问；对外提供服务请设置 HOST，见 README）" : `（监听 ${host}）`}`);
  if (showDemoLogins) {
    log(`演示账号（密码均为 ${DEMO_PASSWORD}，仅用于演示数据）：`);
    for (const u of [...DEMO_USERS, ...DEMO_DEPARTMENT_USERS]) log(`  ${u.username.padEnd(14)} ${u.name} · ${u.description}`);
  }
  log("按 Ctrl-C 停止");
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
