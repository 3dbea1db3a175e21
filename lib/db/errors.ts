/**
 * One answer to "is this error the database being unreachable?" (issue 12): the action wrapper,
 * the login, the API wrapper, the readiness check and the error pages all ask here, so a user is
 * told "the service is briefly unavailable" — not "wrong password", not an English error page —
 * whichever way the failure reached them.
 *
 * What counts (a connection that cannot be made or was cut, not a query the database refused):
 * - Prisma: P1001 can't reach, P1002 timed out, P1017 server closed the connection, P2024 pool
 *   timeout; and any Prisma error whose driver-adapter cause is DatabaseNotReachable,
 *   ConnectionClosed, SocketTimeout or TooManyConnections (`$queryRaw` reports these as P2010);
 * - PostgreSQL itself: class 08 (connection exception), 57P01 admin shutdown, 57P02 crash
 *   shutdown, 57P03 cannot connect now (starting up, shutting down, in recovery), 53300 too many
 *   connections;
 * - Node's sockets: ECONNREFUSED, ECONNRESET, ETIMEDOUT, EPIPE, ENOTFOUND, EAI_AGAIN, EHOSTUNREACH…;
 * - node-postgres's own: "Connection terminated…", "timeout exceeded when trying to connect".
 * The `cause` chain and AggregateError's `errors` are followed (Node reports a refused
 * `localhost` as an AggregateError of its IPv6 and IPv4 attempts).
 *
 * Pure and dependency-free: the client-side error pages import the digest helpers from here.
 */

const PRISMA_CODES = new Set(["P1001", "P1002", "P1017", "P2024"]);
const ADAPTER_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);
const POSTGRES_CODES = new Set(["57P01", "57P02", "57P03", "53300"]);
const SOCKET_CODES = new Set([
  "ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "ECONNABORTED",
]);
const MESSAGES = /Connection terminated|timeout exceeded when trying to connect|Can't reach database server|Server has closed the connection/i;

type Loose = {
  code?: unknown;
  message?: unknown;
  cause?: unknown;
  errors?: unknown;
  meta?: { driverAdapterError?: { cause?: { kind?: unknown; code?: unknown; originalCode?: unknown } } };
};

function matches(error: Loose): boolean {
  const code = typeof error.code === "string" ? error.code : null;
  if (code && (PRISMA_CODES.has(code) || POSTGRES_CODES.has(code) || SOCKET_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code))) return true;
  const adapter = error.meta?.driverAdapterError?.cause;
  if (adapter) {
    if (typeof adapter.kind === "string" && ADAPTER_KINDS.has(adapter.kind)) return true;
    const pgCode = typeof adapter.code === "string" ? adapter.code : typeof adapter.originalCode === "string" ? adapter.originalCode : null;
    if (pgCode && (POSTGRES_CODES.has(pgCode) || /^08[0-9A-Z]{3}$/.test(pgCode))) return true;
  }
  return typeof error.message === "string" && MESSAGES.test(error.message);
}

/** True when `error` (or what caused it) says the database cannot be reached right now. */
export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length) {
    const e = queue.shift();
    if (!e || typeof e !== "object" || seen.has(e)) continue;
    seen.add(e);
    const loose = e as Loose;
    if (matches(loose)) return true;
    if (loose.cause) queue.push(loose.cause);
    if (Array.isArray(loose.errors)) queue.push(...loose.errors);
  }
  return false;
}

/**
 * Next hands a client error page only the error's `digest` (never its message, in production),
 * and keeps a digest the error already has. An error thrown while rendering is given one that
 * starts with this prefix when the database is unreachable (lib/db/client.ts), so the page can
 * say "service unavailable" instead of "something went wrong". The rest is a reference number.
 */
export const UNAVAILABLE_DIGEST_PREFIX = "DBUNAVAILABLE-";

/** Mark `error` for the error pages when it is the database being unreachable; returns it. */
export function markIfUnavailable<E>(error: E): E {
  if (error && typeof error === "object" && isDatabaseUnavailable(error)) {
    const target = error as { digest?: unknown };
    if (typeof target.digest !== "string") {
      try {
        target.digest = UNAVAILABLE_DIGEST_PREFIX + Math.random().toString(36).slice(2, 10);
      } catch {
        // A frozen error keeps Next's own digest: the page then shows the generic message.
      }
    }
  }
  return error;
}

/** For the client error pages: was this render failure the database being unreachable? */
export function isUnavailableDigest(digest: string | undefined | null): boolean {
  return typeof digest === "string" && digest.startsWith(UNAVAILABLE_DIGEST_PREFIX);
}
