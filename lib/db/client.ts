/**
 * The one Prisma client of the web app: PrismaPg adapter, a bounded pool, and personal data
 * (ID numbers, password hashes) omitted from every query unless a caller asks for it by name.
 */
import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { env } from "@/lib/env";

function createClient() {
  const { DATABASE_URL, DB_POOL_MAX } = env();
  const adapter = new PrismaPg({ connectionString: DATABASE_URL, max: DB_POOL_MAX });
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
