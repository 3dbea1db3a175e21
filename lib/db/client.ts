/**
 * The one Prisma client of the web app: PrismaPg adapter, a bounded pool whose every checkout
 * carries the region scope row-level security enforces (lib/db/scope.ts), and personal data
 * (ID numbers, password hashes) omitted from every query unless a caller asks for it by name.
 *
 * Faults (issue 12): a query slower than SLOW_QUERY_MS is logged with its SQL text (parameters
 * are placeholders there; their values are never logged); an error meaning "the database is
 * unreachable" (lib/db/errors.ts) is marked on its way out of any query or transaction, so the
 * page that fails on it says "service unavailable" rather than "something went wrong".
 */
import "server-only";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { markIfUnavailable } from "./errors";
import { currentScope, NO_SCOPE } from "./scope";

/**
 * How long a request waits for a pooled connection — a new one to a database that does not
 * answer, or a free one when all are busy — before it fails with "unavailable" instead of
 * hanging. Long enough for a burst of work (docs/stack.md: pools of 8 wait their turn).
 */
const CONNECT_TIMEOUT_MS = 10_000;
const TRANSACTION_TIMEOUT_MS = 20_000;

const SET_SCOPE = "SELECT set_config('nuanxin.scope', $1, false)";

type ConnectCallback = (err: Error | undefined, client?: pg.PoolClient, done?: (release?: unknown) => void) => void;

/**
 * A pool that sets `nuanxin.scope` on a connection each time it is handed out, to the scope of
 * the code asking (read synchronously at the call, so a connection that is waited for still gets
 * its requester's scope). Prisma checks a connection out per statement, or once per interactive
 * transaction; both go through `connect`. The setting is made outside any transaction (before
 * Prisma's BEGIN), so it holds until the next checkout changes it: a connection already in the
 * asked-for scope is handed out without the extra round trip.
 */
class ScopedPool extends pg.Pool {
  /** The scope each connection was last given (set outside any transaction, so it sticks). */
  private readonly scopes = new WeakMap<pg.PoolClient, string>();

  // pg's own signature is overloaded (promise or callback); both forms are kept.
  connect(): Promise<pg.PoolClient>;
  connect(callback: ConnectCallback): void;
  connect(callback?: ConnectCallback): Promise<pg.PoolClient> | void {
    const scope = currentScope();
    const checkout = super.connect().then(async (client) => {
      try {
        if (this.scopes.get(client) !== scope) {
          this.scopes.delete(client);
          await client.query(SET_SCOPE, [scope]);
          this.scopes.set(client, scope);
        }
        return client;
      } catch (error) {
        client.release(error as Error);
        throw error;
      }
    });
    if (!callback) return checkout;
    checkout.then(
      (client) => callback(undefined, client, (release) => client.release(release as Error | undefined)),
      (error: Error) => callback(error),
    );
  }
}

function createClient() {
  const { DATABASE_URL, DB_POOL_MAX, SLOW_QUERY_MS } = env();
  const pool = new ScopedPool({ connectionString: DATABASE_URL, max: DB_POOL_MAX, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  // The pool is ours, but its life is the client's: $disconnect ends it. An idle connection the
  // server closed (a restart, an admin's pg_terminate_backend) is dropped by the pool; say so.
  const adapter = new PrismaPg(pool, {
    disposeExternalPool: true,
    onPoolError: (err) => log.warn({ err }, "database connection lost (idle pooled connection)"),
  });
  const client = new PrismaClient({
    adapter,
    // A burst of writes queues for a connection rather than failing: Prisma's own default waits
    // 2 s to start a transaction (P2028 under 100 concurrent visits, issue 14); the pool's
    // connection timeout is the one wait, and a transaction may run 20 s on a busy machine.
    transactionOptions: { maxWait: CONNECT_TIMEOUT_MS, timeout: TRANSACTION_TIMEOUT_MS },
    log: [{ emit: "event", level: "query" }],
    omit: {
      member: { idCipher: true, idIndex: true },
      // Search machinery, not data a page shows (decision 024).
      household: { searchGrams: true, addressGrams: true },
      user: { passwordHash: true },
      // The hash chain is for audit:verify, not for pages (bytes nobody reads).
      auditLog: { prevHash: true, hash: true },
    },
  });
  client.$on("query", (event) => {
    if (event.duration < SLOW_QUERY_MS) return;
    // `event.query` has $1, $2… where the values go; `event.params` (the values) stays out.
    log.warn({ durationMs: Math.round(event.duration), sql: event.query.slice(0, 4000) }, "slow query");
  });
  return client.$extends({
    name: "unavailable-digest",
    query: {
      async $allOperations({ args, query }) {
        try {
          return await query(args);
        } catch (error) {
          throw markIfUnavailable(error);
        }
      },
    },
  });
}

/**
 * The session lookup's own connections (at most two): every request reads its session before it
 * knows whose region it works in, and on the main pool that read and the request's own work then
 * took turns resetting each connection's scope (a round trip each, issue 14). These connections
 * are set to no scope once, when opened, and never change: they see no family's data, and serve
 * only `sessionQuery` — the session and user tables, which row-level security does not cover.
 */
function createSessionPool() {
  const { DATABASE_URL } = env();
  const pool = new pg.Pool({ connectionString: DATABASE_URL, max: 2, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, allowExitOnIdle: true });
  pool.on("connect", (client) => {
    client.query(SET_SCOPE, [NO_SCOPE]).catch(() => {});
  });
  pool.on("error", (err) => log.warn({ err }, "database connection lost (idle session connection)"));
  return pool;
}

const globalForSessions = globalThis as unknown as { nuanxinSessionPool?: pg.Pool };

/** A statement on the session connections (lib/auth/sessions.ts). Never for a family's data. */
export async function sessionQuery<R extends pg.QueryResultRow>(text: string, values: unknown[]): Promise<R[]> {
  globalForSessions.nuanxinSessionPool ??= createSessionPool();
  try {
    return (await globalForSessions.nuanxinSessionPool.query<R>(text, values)).rows;
  } catch (error) {
    throw markIfUnavailable(error);
  }
}

export type Db = ReturnType<typeof createClient>;
/** A transaction client of the same shape, as passed to `db.$transaction(async (tx) => …)`. */
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

// One client per process, also across Next's hot reloads in development. Created on first use,
// not at import, so `next build` can load modules without a database or secrets.
const globalForDb = globalThis as unknown as { nuanxinDb?: Db };
function instance(): Db {
  globalForDb.nuanxinDb ??= createClient();
  return globalForDb.nuanxinDb;
}
export const db: Db = new Proxy({} as Db, {
  get(_target, prop) {
    const client = instance();
    const value = Reflect.get(client, prop, client);
    if (prop === "$transaction" && typeof value === "function") {
      // Opening the transaction (its connection, BEGIN) is no operation the extension sees.
      return (...args: unknown[]) => (value.apply(client, args) as Promise<unknown>).catch((error: unknown) => {
        throw markIfUnavailable(error);
      });
    }
    return typeof value === "function" ? value.bind(client) : value;
  },
});
