/**
 * Shared pieces of every input schema (zod), with the UI's Chinese messages, and the mapping of
 * zod issues to the field-error shape every form reads.
 */
import { z } from "zod";
import { format, t } from "@/lib/i18n";

const v = t.validation;

/** Required text, trimmed, at most `max` characters. */
export const requiredText = (max: number) =>
  z.string({ error: v.required }).trim().min(1, v.required).max(max, format(v.tooLong, { max }));

/** Optional text, trimmed; blank becomes null. */
export const optionalText = (max: number) =>
  z.string().trim().max(max, format(v.tooLong, { max })).optional().transform((s) => (s ? s : null));

/** One of a fixed list: "请填写此项" when missing, "请从列表中选择" when not in the list. */
export const choice = <T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: (issue) => (issue.input === undefined || issue.input === "" ? v.required : v.invalidChoice) });

/** An HTML checkbox: "on" when ticked, absent otherwise. */
export const checkbox = z.preprocess((x) => x === "on" || x === "true" || x === true, z.boolean());

/** zod issues → `{ "members.0.idNumber": ["…"] }`. */
export function zodFieldErrors(error: z.ZodError): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join(".") || "_form";
    (out[key] ??= []).push(issue.message);
  }
  return out;
}
