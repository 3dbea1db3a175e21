/**
 * The one Prisma client of the web app: PrismaPg adapter, a bounded pool whose every checkout
 * carries the region scope row-level security enforces (lib/db/scope.ts), and personal data
 * (ID numbers, password hashes) omitted from every query unless a caller asks for it by name.
 */
import "server-only";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { env } from "@/lib/env";
import { currentScope } from "./scope";

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
  const { DATABASE_URL, DB_POOL_MAX } = env();
  const pool = new ScopedPool({ connectionString: DATABASE_URL, max: DB_POOL_MAX });
  // The pool is ours, but its life is the client's: $disconnect ends it.
  const adapter = new PrismaPg(pool, { disposeExternalPool: true });
  return new PrismaClient({
    adapter,
    omit: {
      member: { idCipher: true, idIndex: true },
      user: { passwordHash: true },
      // The hash chain is for audit:verify, not for pages (bytes nobody reads).
      auditLog: { prevHash: true, hash: true },
    },
  });
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
    return typeof value === "function" ? value.bind(client) : value;
  },
});
