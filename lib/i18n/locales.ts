/**
 * The UI languages (decision 030). Simplified Chinese is the default and the reference: every
 * other catalogue is typed against it and falls back to it key by key.
 */
export const LOCALES = ["zh-CN", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "zh-CN";

/** The cookie that carries a browser's language (before and after login; lib/i18n/server.ts). */
export const LOCALE_COOKIE = "nuanxin-locale";

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

/** A cookie value, a `lang` attribute, a form field: a known locale or the default. */
export function parseLocale(value: unknown): Locale {
  if (isLocale(value)) return value;
  if (typeof value === "string" && /^en(-|$)/i.test(value)) return "en";
  return DEFAULT_LOCALE;
}

/** Each language named in itself, for the switches (login page, /account). */
export const LOCALE_NAMES: Record<Locale, string> = { "zh-CN": "中文", en: "English" };
