/**
 * Shared pieces of every input schema (zod), with the UI's Chinese messages, and the mapping of
 * zod issues to the field-error shape every form reads.
 *
 * Importing this module installs the error map into zod, once, for the whole process
 * (server actions, route handlers, tests) and the browser bundle alike: a schema that sets no
 * message of its own still answers in Chinese, never with zod's English defaults ("Invalid input:
 * expected number, received NaN"). Every module takes `z` from here (an ESLint rule forbids
 * importing "zod" directly), so the map is in force wherever a schema exists. A schema's own
 * message always wins over the map (zod asks the schema first).
 */
import { z } from "zod";
import { format, msg, t } from "@/lib/i18n";
import { isRealDate, todayInChina } from "@/lib/dates";

export { z };

const v = t.validation;
const m = t.input;

/**
 * The fallback for every issue a schema did not word itself, in the language of the request that
 * parses (decision 030; the name is from when Chinese was the only one).
 */
export const chineseErrorMap: z.core.$ZodErrorMap = (issue) => {
  const input = (issue as { input?: unknown }).input;
  switch (issue.code) {
    case "invalid_type":
      if (input === undefined || input === null || input === "") return v.required;
      if (issue.expected === "number" || issue.expected === "int" || issue.expected === "bigint") return m.notANumber;
      if (issue.expected === "array") return m.notAList;
      if (issue.expected === "string") return m.notText;
      return m.invalidType;
    case "too_big":
      if (issue.origin === "string") return format(v.tooLong, { max: String(issue.maximum) });
      if (issue.origin === "array" || issue.origin === "set") return format(m.tooManyItems, { max: String(issue.maximum) });
      return format(m.tooBigNumber, { max: String(issue.maximum) });
    case "too_small":
      if (issue.origin === "string") return v.required;
      if (issue.origin === "array" || issue.origin === "set") return format(m.tooFewItems, { min: String(issue.minimum) });
      return format(issue.inclusive === false ? m.mustBeAbove : m.tooSmallNumber, { min: String(issue.minimum) });
    case "invalid_format":
      // A malformed hidden key (the visit form's idempotency key): the page the form came from is stale.
      if (issue.format === "uuid" || issue.format === "guid") return m.staleForm;
      return m.badFormat;
    case "invalid_value":
      return v.invalidChoice;
    case "not_multiple_of":
      return m.notAWholeNumber;
    case "unrecognized_keys":
      return m.unknownFields;
    default:
      return t.common.invalidInput;
  }
};

z.config({ customError: chineseErrorMap });

// ── Characters ──

/** C0 and C1 control characters except tab, LF and CR; NUL above all (PostgreSQL refuses it). */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
/** Tab, LF, CR: fine in a multi-line field (a textarea), not in a one-line one. */
const LINE_BREAKS = /[\t\n\r]/;
/** Bidirectional overrides and isolates: they make text display as something else than it is. */
const BIDI = /[\u202A-\u202E\u2066-\u2069]/;
/** Whitespace and characters that show nothing: a name of only these is no name. */
const INVISIBLE = /[\s\u00AD\u180E\u200B-\u200F\u2060-\u2064\uFEFF\u3164\uFFA0]/gu;

/** Why a piece of text is refused, or null. Multi-line fields may hold tab, LF and CR. */
export function textProblem(s: string, opts: { multiline?: boolean } = {}): string | null {
  if (CONTROL.test(s)) return m.controlCharacters;
  if (!opts.multiline && LINE_BREAKS.test(s)) return m.lineBreaks;
  if (BIDI.test(s)) return m.bidiCharacters;
  return null;
}

/** The character rule of one-line text as a refinement, for schemas with messages of their own. */
export const plainLine = (s: string, ctx: z.RefinementCtx) => {
  const problem = textProblem(s);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
};

/** Whether text holds something a person can see (not only spaces and zero-width characters). */
export const hasVisibleText = (s: string) => s.replace(INVISIBLE, "").length > 0;

/**
 * The first string anywhere in a submission that carries a control character, as a dotted field
 * path, or null. The action wrapper runs it on every submission before any schema, so no field —
 * hidden ones included — can carry a NUL byte to the database (it would answer with an error).
 */
export function findControlCharacter(value: unknown, path: string[] = [], depth = 0): string | null {
  if (typeof value === "string") return CONTROL.test(value) ? path.join(".") || "_form" : null;
  if (depth > 32 || value === null || typeof value !== "object") return null;
  for (const [k, x] of Object.entries(value)) {
    if (CONTROL.test(k)) return [...path, k].join(".");
    const found = findControlCharacter(x, [...path, k], depth + 1);
    if (found !== null) return found;
  }
  return null;
}

/**
 * Fields up to this length are one line (names, addresses, short notes); longer ones are the
 * textareas (descriptions, reasons, minutes), where a line break is part of the text.
 */
const MULTILINE_FROM = 500;

/** One message per field, the first rule broken: blank, too long, bad characters, nothing visible. */
const textRule = (max: number, required: boolean) => (s: string, ctx: z.RefinementCtx) => {
  const issue = (message: string) => ctx.addIssue({ code: "custom", message });
  if (s === "") return required ? issue(v.required) : undefined;
  if (s.length > max) return issue(format(v.tooLong, { max }));
  const problem = textProblem(s, { multiline: max >= MULTILINE_FROM });
  if (problem) return issue(problem);
  if (required && !hasVisibleText(s)) issue(m.invisibleOnly);
};

/** Required text, trimmed, at most `max` characters; only invisible characters count as blank. */
export const requiredText = (max: number) => z.string(msg("validation.required")).trim().superRefine(textRule(max, true));

/** Optional text, trimmed; blank (or only invisible characters) becomes null. */
export const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .superRefine(textRule(max, false))
    .optional()
    .transform((s) => (s && hasVisibleText(s) ? s : null));

/** A search box: trimmed, at most `max` characters, no control characters; blank is no search. */
export const searchText = (max: number) =>
  z
    .string()
    .trim()
    .superRefine(textRule(max, false))
    .optional()
    .transform((s) => (s && hasVisibleText(s) ? s : undefined));

/** What is wrong with a search box's raw value (a URL parameter), or null: said next to the box. */
export function searchProblem(raw: unknown, max: number): string | null {
  if (typeof raw !== "string") return null;
  const s = raw.trim();
  if (s.length > max) return format(v.tooLong, { max });
  return textProblem(s);
}

/** One of a fixed list: "请填写此项" when missing, "请从列表中选择" when not in the list. */
export const choice = <T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: (issue) => (issue.input === undefined || issue.input === "" ? v.required : v.invalidChoice) });

/** An HTML checkbox: "on" when ticked, absent otherwise. */
export const checkbox = z.preprocess((x) => x === "on" || x === "true" || x === true, z.boolean());

/** A record id from a hidden field or a select: digits only ("1e3", "0x10", " 7", ["7"] are not ids). */
export const recordId = z.unknown().transform((x, ctx): number => {
  const n = typeof x === "number" ? x : typeof x === "string" && /^\d{1,10}$/.test(x) ? Number(x) : NaN;
  if (!Number.isSafeInteger(n) || n <= 0 || n > 2_147_483_647) {
    ctx.addIssue({ code: "custom", message: x === undefined || x === "" ? v.required : m.badFormat });
    return z.NEVER;
  }
  return n;
});

// ── Dates ──

/**
 * The earliest day a record of this system can be about: the campaign's registers start in the
 * 2020s, and older paper files are entered with their own dates at most a few years back. 2015
 * keeps "1900-01-01" and "0202-…" typos out without refusing a late entry.
 */
export const EARLIEST_RECORD_DATE = "2015-01-01";
/** How far ahead a deadline (a document due, a transfer's answer) may be set: two years. */
export const DEADLINE_YEARS = 2;

const yearsAfter = (iso: string, years: number) => `${Number(iso.slice(0, 4)) + years}${iso.slice(4)}`.replace(/-02-29$/, "-02-28");

/** A real YYYY-MM-DD date within [min, max]; bounds may be functions, read at each parse. */
export const dateWithin = (opts: { min: string | (() => string); max: string | (() => string); tooEarly?: () => string; tooLate?: () => string }) => {
  const bound = (b: string | (() => string)) => (typeof b === "function" ? b() : b);
  return z
    .string(msg("validation.required"))
    .trim()
    .superRefine((s, ctx) => {
      const issue = (message: string) => ctx.addIssue({ code: "custom", message });
      if (s === "") return issue(v.required);
      if (!isRealDate(s)) return issue(v.invalidDate);
      // Bounds are read at each parse: a schema outlives a day in a running server.
      const min = bound(opts.min);
      const max = bound(opts.max);
      if (s < min) issue(opts.tooEarly?.() ?? format(m.dateTooEarly, { min }));
      else if (s > max) issue(opts.tooLate?.() ?? format(m.dateTooLate, { max }));
    });
};

/** A day something happened (a visit, a problem found, a conference): 2015 at the earliest, never in the future. */
export const pastDate = () => dateWithin({ min: EARLIEST_RECORD_DATE, max: () => todayInChina(), tooLate: () => v.dateInFuture });

/** The latest deadline allowed when set today. */
export const latestDeadline = (today: string = todayInChina()) => yearsAfter(today, DEADLINE_YEARS);

/** A month as YYYY-MM with a real month (2026-13 is not one), its year within [minYear, maxYear]. */
export const monthString = (opts: { minYear: number; maxYear: number | (() => number) }) =>
  z
    .string(msg("validation.required"))
    .trim()
    .superRefine((s, ctx) => {
      if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(s)) return void ctx.addIssue({ code: "custom", message: m.invalidMonth });
      const maxYear = typeof opts.maxYear === "function" ? opts.maxYear() : opts.maxYear;
      const year = Number(s.slice(0, 4));
      if (year < opts.minYear || year > maxYear) {
        ctx.addIssue({ code: "custom", message: format(m.monthOutOfRange, { min: `${opts.minYear}-01`, max: `${maxYear}-12` }) });
      }
    });

/** zod issues → `{ "members.0.idNumber": ["…"] }`. */
export function zodFieldErrors(error: z.ZodError): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join(".") || "_form";
    (out[key] ??= []).push(issue.message);
  }
  return out;
}

/**
 * A search term as a LIKE pattern matching it anywhere, the user's `%`, `_` and `\` taken
 * literally (PostgreSQL's default escape character is `\`); null for no term.
 */
export function containsPattern(term: string | undefined): string | null {
  return term ? `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
}
