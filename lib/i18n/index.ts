/**
 * UI text, resolved per request (decision 030; issue 15, item 5).
 *
 * `t` is typed as the catalogue but is a view: `t.dashboard` is a view of a namespace and each leaf
 * (`t.dashboard.title`) is looked up in the catalogue of the language active *when it is read* —
 * the request being served on the server (lib/i18n/server.ts: an explicit `withLocale` scope, else
 * the request's locale cookie), the page's `<html lang>` in the browser, Chinese anywhere else
 * (scripts, tests). So `const m = t.dashboard;` at the top of a module stays right; only a LEAF read
 * at module load (`const title = t.dashboard.title;`, a zod message passed as a string when a
 * schema is built at import) is frozen in Chinese — tests/unit/i18n-captures.test.ts lists them.
 *
 * Messages that outlive the moment they are made carry a key instead of a string: zod checks take
 * `msg("validation.required")` (or `msg(() => …)`), resolved when the issue is raised; a
 * `DomainError` takes `{ key, params }`, resolved when the wrapper answers (lib/errors.ts).
 */
import { zhCN, type Messages } from "./zh-CN";
import { en } from "./en";
import { DEFAULT_LOCALE, parseLocale, type Locale } from "./locales";

export type { Messages } from "./zh-CN";
export { DEFAULT_LOCALE, LOCALES, LOCALE_COOKIE, LOCALE_NAMES, isLocale, parseLocale, type Locale } from "./locales";

type Params = Record<string, string | number>;

/** `a.b.c` for every leaf string of the catalogue. */
type Leaves<T, P extends string = ""> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : T[K] extends readonly unknown[] ? never : Leaves<T[K], `${P}${K}.`>;
}[keyof T & string];
export type MessageKey = Leaves<Messages>;

export type DeepPartial<T> = T extends string ? string : T extends readonly unknown[] ? T : { [K in keyof T]?: DeepPartial<T[K]> };

/** Another language over the Chinese one: a key it leaves out reads in Chinese. */
function overlay(base: unknown, over: unknown): unknown {
  if (over === undefined) return base;
  if (typeof base !== "object" || base === null || Array.isArray(base)) return over;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(base)) out[key] = overlay(value, (over as Record<string, unknown>)[key]);
  return out;
}

const catalogues: Record<Locale, Messages> = {
  "zh-CN": zhCN,
  en: overlay(zhCN, en) as Messages,
};

/** The catalogue of a locale (what `t` reads in that locale); for code that holds a locale in hand. */
export function messagesFor(locale: Locale): Messages {
  return catalogues[locale];
}

// ── Where the active locale comes from ──

type LocaleSource = () => Locale | undefined;
const shared = globalThis as unknown as { nuanxinLocaleSource?: LocaleSource; nuanxinLocaleCaptures?: string[] };

/** Installed by lib/i18n/server.ts (on globalThis: Next bundles this module more than once). */
export function setLocaleSource(source: LocaleSource) {
  shared.nuanxinLocaleSource = source;
}

/** The language of what is being rendered or answered now. */
export function currentLocale(): Locale {
  const fromServer = shared.nuanxinLocaleSource?.();
  if (fromServer) return fromServer;
  if (typeof document !== "undefined") return parseLocale(document.documentElement.lang);
  return DEFAULT_LOCALE;
}

function activeMessages(): Messages {
  return catalogues[currentLocale()];
}

function at(root: unknown, path: readonly string[]): unknown {
  let node = root;
  for (const key of path) node = (node as Record<string, unknown> | undefined)?.[key];
  return node;
}

/**
 * Leaf reads made while no locale was in force, when a test asks for them (the module-load
 * capture check): `shared.nuanxinLocaleCaptures = []` before importing.
 */
function noteRead(path: readonly string[]) {
  const captures = shared.nuanxinLocaleCaptures;
  if (!captures || shared.nuanxinLocaleSource?.()) return;
  // The first frame outside this file: where the leaf was read.
  const frame = new Error().stack?.split("\n").slice(1).find((line) => !line.includes("lib/i18n/index")) ?? "";
  captures.push(`${path.join(".")} @ ${frame.trim()}`);
}

const views = new Map<string, object>();

/** The view of one namespace: its keys are the Chinese catalogue's, its values the active language's. */
function view(path: readonly string[]): object {
  const id = path.join(".");
  const existing = views.get(id);
  if (existing) return existing;
  const target = at(zhCN, path) as object;
  const proxy = new Proxy(target, {
    get(_target, prop) {
      if (typeof prop !== "string") return Reflect.get(target, prop);
      if (!Object.prototype.hasOwnProperty.call(target, prop)) return undefined;
      const childPath = [...path, prop];
      const base = (target as Record<string, unknown>)[prop];
      if (typeof base === "object" && base !== null && !Array.isArray(base)) return view(childPath);
      noteRead(childPath);
      return at(activeMessages(), childPath);
    },
    getOwnPropertyDescriptor(_target, prop) {
      const descriptor = Reflect.getOwnPropertyDescriptor(target, prop);
      if (!descriptor || typeof prop !== "string") return descriptor;
      const base = (target as Record<string, unknown>)[prop];
      const value = typeof base === "object" && base !== null && !Array.isArray(base) ? view([...path, prop]) : at(activeMessages(), [...path, prop]);
      return { ...descriptor, value };
    },
    set() {
      return false;
    },
  });
  views.set(id, proxy);
  return proxy;
}

/** The active language's catalogue (see the top of this file). */
export const t: Messages = view([]) as Messages;

/** Fill `{name}` placeholders. */
export function format(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => String(params[key] ?? `{${key}}`));
}

/** The message under `key` in the active language (or `locale`), placeholders filled. */
export function translate(key: MessageKey, params?: Params, locale: Locale = currentLocale()): string {
  const template = at(catalogues[locale], key.split("."));
  if (typeof template !== "string") return key;
  return params ? format(template, params) : template;
}

/** A message for a zod check, resolved when the issue is raised (in the language of that request). */
export type LazyMessage = MessageKey | (() => string);
export function msg(message: LazyMessage, params?: Params): { error: () => string } {
  return { error: () => (typeof message === "function" ? message() : translate(message, params)) };
}

// ── Dates and numbers in the active language (the calendar stays Beijing time) ──

/** English dates as 2026-12-02: the order the date fields take, and no US/UK ambiguity. */
const INTL_LOCALE: Record<Locale, string> = { "zh-CN": "zh-CN", en: "en-CA" };

const formatters = new Map<string, Intl.DateTimeFormat>();
function dateFormatter(kind: "date" | "dateTime"): Intl.DateTimeFormat {
  const locale = currentLocale();
  const id = `${locale}:${kind}`;
  let fmt = formatters.get(id);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat(INTL_LOCALE[locale], {
      year: "numeric", month: "2-digit", day: "2-digit",
      ...(kind === "dateTime" ? { hour: "2-digit", minute: "2-digit" } : {}),
      timeZone: "Asia/Shanghai",
    });
    formatters.set(id, fmt);
  }
  return fmt;
}

export const formatDate = (d: Date) => dateFormatter("date").format(d);
export const formatDateTime = (d: Date) => dateFormatter("dateTime").format(d);
export const formatNumber = (n: number, options?: Intl.NumberFormatOptions) => new Intl.NumberFormat(currentLocale(), options).format(n);
