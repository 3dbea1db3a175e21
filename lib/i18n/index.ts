/**
 * UI text. `t` is the active language's catalogue (Simplified Chinese; the only one so far).
 * Adding a language: a file typed `Messages`, and choosing it here per request.
 */
import { zhCN, type Messages } from "./zh-CN";

export const locale = "zh-CN";
export const t: Messages = zhCN;

/** Fill `{name}` placeholders. */
export function format(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => String(params[key] ?? `{${key}}`));
}

const dateFmt = new Intl.DateTimeFormat(locale, { year: "numeric", month: "2-digit", day: "2-digit", timeZone: "Asia/Shanghai" });
const dateTimeFmt = new Intl.DateTimeFormat(locale, {
  year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", timeZone: "Asia/Shanghai",
});

export const formatDate = (d: Date) => dateFmt.format(d);
export const formatDateTime = (d: Date) => dateTimeFmt.format(d);
