/**
 * Is this app process ready to serve (GET /api/ready, issue 12)? Two questions, each answered
 * without secrets: can the database be reached (a fresh connection as the app's own role, with
 * short timeouts, so a hung server answers "no" in seconds instead of hanging the probe), and does
 * it have every migration in prisma/migrations — none pending, none failed, none edited since it
 * was applied (lib/db/migration-status.ts, read through app_migration_status(): the app role may
 * not read _prisma_migrations itself). A database with migrations this build does not know
 * (a newer deploy beside an older one) still counts as ready: the older code works on it.
 *
 * A separate connection rather than the app's pool: the probe must not wait behind busy
 * requests, nor leave a broken connection in the pool.
 */
import "server-only";
import path from "node:path";
import pg from "pg";
import { env } from "@/lib/env";
import { isDatabaseUnavailable } from "@/lib/db/errors";
import { compare, readMigrations, type Row } from "@/lib/db/migration-status";

export type Readiness = {
  ready: boolean;
  database: "ok" | "unreachable" | "error";
  migrations: "current" | "pending" | "failed" | "edited" | "unknown";
  /** Names only (never a URL, a host or an error text): what an operator needs to act. */
  pending?: string[];
  failed?: string[];
  edited?: string[];
};

const TIMEOUT_MS = 3_000;

export const migrationsDir = () => path.join(process.cwd(), "prisma", "migrations");

export async function readiness(opts: { url?: string; migrationsDir?: string } = {}): Promise<Readiness> {
  const client = new pg.Client({
    connectionString: opts.url ?? env().DATABASE_URL,
    connectionTimeoutMillis: TIMEOUT_MS,
    query_timeout: TIMEOUT_MS,
    statement_timeout: TIMEOUT_MS,
    application_name: "nuanxin-ready",
  });
  // A server that goes away mid-probe emits 'error' on the client: answered by the query's rejection.
  client.on("error", () => {});
  try {
    await client.connect();
    const { rows } = await client.query<{ migration_name: string; checksum: string; finished: boolean }>(
      "SELECT migration_name, checksum, finished FROM app_migration_status()",
    );
    const recorded: Row[] = rows.map((r) => ({ migration_name: r.migration_name, checksum: r.checksum, finished_at: r.finished ? new Date(0) : null }));
    const status = compare(readMigrations(opts.migrationsDir ?? migrationsDir()), recorded);
    const migrations = status.failed.length ? "failed" : status.edited.length ? "edited" : status.pending.length ? "pending" : "current";
    return {
      ready: migrations === "current",
      database: "ok",
      migrations,
      ...(status.pending.length ? { pending: status.pending } : {}),
      ...(status.failed.length ? { failed: status.failed } : {}),
      ...(status.edited.length ? { edited: status.edited } : {}),
    };
  } catch (error) {
    // undefined_function: a database older than the readiness migration is not current either.
    if ((error as { code?: unknown }).code === "42883") return { ready: false, database: "ok", migrations: "pending" };
    return { ready: false, database: isDatabaseUnavailable(error) ? "unreachable" : "error", migrations: "unknown" };
  } finally {
    await client.end().catch(() => {});
  }
}
