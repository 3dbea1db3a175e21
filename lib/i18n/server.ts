/**
 * The locale of the request being served (decision 030), installed as `t`'s source on import.
 *
 * In order:
 * 1. `withLocale(locale, fn)`: an explicit language for everything `fn` does — the action wrapper
 *    (the signed-in user's language), tests, jobs that write to one user.
 * 2. The request Next is serving (a page render — server components and the server render of client
 *    components alike —, a server action, a route handler): its locale cookie, read synchronously
 *    from Next's per-request store. The cookie is what a browser carries: the login page's switch
 *    sets it, signing in sets it to the user's own language (User.locale), /account changes both.
 * 3. Otherwise Chinese (scripts, module load).
 *
 * Every page renders per request (the root layout awaits `connection()`), so no page is ever
 * prerendered in one language for all.
 */
import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import { workUnitAsyncStorage } from "next/dist/server/app-render/work-unit-async-storage.external";
import { cookies } from "next/headers";
import { setLocaleSource } from "./index";
import { DEFAULT_LOCALE, LOCALE_COOKIE, isLocale, parseLocale, type Locale } from "./locales";

const shared = globalThis as unknown as { nuanxinLocaleStorage?: AsyncLocalStorage<Locale> };
shared.nuanxinLocaleStorage ??= new AsyncLocalStorage<Locale>();
const storage = shared.nuanxinLocaleStorage;

/** The locale cookie of the request Next is serving now, or undefined outside one. */
function fromNextRequest(): Locale | undefined {
  try {
    const store = workUnitAsyncStorage.getStore();
    if (!store || (store.type !== "request" && store.type !== "private-cache")) return undefined;
    const value = store.cookies.get(LOCALE_COOKIE)?.value;
    return isLocale(value) ? value : DEFAULT_LOCALE;
  } catch {
    return undefined;
  }
}

export function localeInForce(): Locale | undefined {
  return storage.getStore() ?? fromNextRequest();
}

setLocaleSource(localeInForce);

/** Run `fn` (awaited inside) with every message it resolves in `locale`. */
export function withLocale<T>(locale: Locale, fn: () => T | PromiseLike<T>): Promise<T> {
  return storage.run(locale, async () => await fn());
}

/** The request's cookie locale (async form, for code that has no request store). */
export async function requestLocale(): Promise<Locale> {
  try {
    return parseLocale((await cookies()).get(LOCALE_COOKIE)?.value);
  } catch {
    return localeInForce() ?? DEFAULT_LOCALE;
  }
}

/** Set the browser's language cookie (a server action or route handler). A year; readable by the page. */
export async function setLocaleCookie(locale: Locale) {
  (await cookies()).set(LOCALE_COOKIE, locale, { path: "/", maxAge: 365 * 24 * 3600, sameSite: "lax", httpOnly: false });
}
