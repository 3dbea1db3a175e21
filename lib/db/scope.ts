/**
 * Structural region scoping (issue 11, build 7; decision 018). PostgreSQL row-level security on
 * every table that holds a family's data admits only rows whose region code starts with the
 * setting `nuanxin.scope`; this module decides, for each database connection the app checks out,
 * what that setting is. A query that runs without a scope sees nothing and can write nothing —
 * it does not see everything — so a forgotten `inScope(actor)` clause fails closed.
 *
 * Where the scope comes from, in order:
 * 1. `withScope(regionCode, fn)`: an explicit region for everything `fn` does (the action wrapper,
 *    the API wrapper, route handlers; `asSystem` for the few reads that must cross regions).
 * 2. The request's signed-in user: `getSession()` records the actor's region in a per-request
 *    holder (React `cache`), so every query of a page render — its child components included —
 *    runs in the user's region without each query saying so.
 * 3. Otherwise none: the setting is a value no region code starts with.
 *
 * The setting is made on checkout (lib/db/client.ts, ScopedPool), once per pooled connection
 * use, before Prisma's first statement on it — interactive transactions included.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { cache } from "react";

/** Every region (the scope of system work: duplicate-ID checks across the province, jobs). */
export const SYSTEM_SCOPE = "*";
/** No region at all: what a connection gets when nobody said whose work it does. */
export const NO_SCOPE = "-";

const REGION = /^\d{2,12}$/;

/**
 * Kept on globalThis, like the Prisma client itself (lib/db/client.ts): Next may bundle this
 * module into more than one chunk, and the pool created by one copy must see the scope set
 * through another.
 */
const shared = globalThis as unknown as {
  nuanxinScope?: {
    storage: AsyncLocalStorage<string>;
    requestScope: () => { regionCode: string | null };
    fallback: string | null;
  };
};
shared.nuanxinScope ??= {
  storage: new AsyncLocalStorage<string>(),
  // The per-request holder filled in by the session lookup (a fresh, empty one outside a render).
  requestScope: cache((): { regionCode: string | null } => ({ regionCode: null })),
  fallback: null,
};
const state = shared.nuanxinScope;
const storage = state.storage;
export const requestScope = state.requestScope;

function checked(scope: string): string {
  if (scope !== SYSTEM_SCOPE && !REGION.test(scope)) throw new Error(`invalid scope ${JSON.stringify(scope)}`);
  return scope;
}

/**
 * Run `fn` with every query in `regionCode` (a region prefix, `21` … a 12-digit village). The
 * result is awaited inside the scope: Prisma's promises are lazy and would otherwise run their
 * query only when awaited outside it.
 */
export function withScope<T>(regionCode: string, fn: () => T | PromiseLike<T>): Promise<T> {
  return storage.run(checked(regionCode), async () => await fn());
}

/** Run `fn` across every region. Only for reads that must (say why at the call site). */
export function asSystem<T>(fn: () => T | PromiseLike<T>): Promise<T> {
  return storage.run(SYSTEM_SCOPE, async () => await fn());
}

/** Run `fn` with no scope: what an unscoped query sees (the tests prove it is nothing). */
export function withoutScope<T>(fn: () => T | PromiseLike<T>): Promise<T> {
  return storage.run(NO_SCOPE, async () => await fn());
}

/** The scope a connection checked out now gets. Synchronous: read at `pool.connect()`. */
export function currentScope(): string {
  const explicit = storage.getStore();
  if (explicit !== undefined) return explicit;
  let fromRequest: string | null = null;
  try {
    fromRequest = requestScope().regionCode;
  } catch {
    fromRequest = null; // outside React's request context
  }
  return fromRequest ?? state.fallback ?? NO_SCOPE;
}

/** Record the signed-in user's region for the rest of this request (lib/auth/session.ts). */
export function setRequestScope(regionCode: string) {
  requestScope().regionCode = checked(regionCode);
}

/**
 * Tests only (tests/setup/database.ts): the scope of fixtures and assertions that use the client
 * directly. App code always runs under an explicit or request scope, which takes precedence.
 */
export function setFallbackScopeForTests(scope: string | null) {
  if (!process.env.VITEST) throw new Error("setFallbackScopeForTests is for the test suite only");
  state.fallback = scope === null ? null : checked(scope);
}
