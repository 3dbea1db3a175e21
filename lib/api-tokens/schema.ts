/**
 * Input of the data-exchange API (数据交换接口), shared by the tokens page, the commands and the
 * route handlers: issuing and revoking a token, the tokens list's filters, and the roster
 * endpoint's query parameters (the roll-ups endpoint reads lib/dashboard/schema.ts). Pure.
 */
import { z, hasVisibleText, plainLine, recordId } from "@/lib/validation";
import { addDays, isRealDate, todayInChina } from "@/lib/dates";
import { format, t, msg } from "@/lib/i18n";

const a = t.api;
const v = t.validation;

/**
 * A token lives at most a year: the platform's integration is renewed once a year at least, so a
 * leaked secret does not stay valid for ever (the security review's rule for machine credentials).
 */
export const MAX_TOKEN_DAYS = 365;
/** What the issue form proposes: half a year. */
export const DEFAULT_TOKEN_DAYS = 180;

/** The latest expiry date allowed when issuing on `today` (YYYY-MM-DD, China time). */
export const latestExpiry = (today: string = todayInChina()) => addDays(today, MAX_TOKEN_DAYS);

/** Region a token may read: province, city, county or township (2, 4, 6 or 9 digits). */
export const TOKEN_REGION = /^(\d{2}|\d{4}|\d{6}|\d{9})$/;

export const issueApiTokenSchema = z.object({
  name: z
    .string({ error: () => a.nameRequired })
    .trim()
    .min(1, msg(() => a.nameRequired))
    .max(100, msg(() => format(v.tooLong, { max: 100 })))
    .superRefine(plainLine)
    .refine((s) => s === "" || hasVisibleText(s), msg(() => a.nameRequired)),
  regionCode: z
    .string({ error: () => a.regionRequired })
    .trim()
    .min(1, msg(() => a.regionRequired))
    .regex(TOKEN_REGION, msg(() => a.regionInvalid)),
  /** The last day the token works (China time), YYYY-MM-DD: it expires at the end of that day. */
  expiresOn: z
    .string({ error: () => a.expiryRequired })
    .trim()
    .min(1, msg(() => a.expiryRequired))
    .superRefine((day, ctx) => {
      if (!isRealDate(day)) return void ctx.addIssue({ code: "custom", message: v.invalidDate });
      // Read "today" at each parse: the schema outlives a day in a running server.
      const today = todayInChina();
      if (day <= today) ctx.addIssue({ code: "custom", message: a.expiryPast });
      else if (day > latestExpiry(today)) ctx.addIssue({ code: "custom", message: format(a.expiryTooFar, { max: latestExpiry(today) }) });
    }),
});
export type IssueApiTokenInput = z.output<typeof issueApiTokenSchema>;

export const revokeApiTokenSchema = z.object({
  id: recordId,
});
export type RevokeApiTokenInput = z.output<typeof revokeApiTokenSchema>;

export const TOKEN_STATUSES = ["ACTIVE", "EXPIRED", "REVOKED"] as const;
export type TokenStatus = (typeof TOKEN_STATUSES)[number];

/** Filters of the tokens page (URL search params); bad values fall back to "no filter". */
export const tokenSearchSchema = z.object({
  status: z.enum(TOKEN_STATUSES).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100000).catch(1),
});
export type TokenSearch = z.output<typeof tokenSearchSchema>;

// ── The roster endpoint (GET /api/v1/roster) ──

/** The categories the roster serves: 低保 and 特困 households (issue 5). */
export const ROSTER_CATEGORIES = ["DIBAO", "TEKUN"] as const;
export type RosterCategory = (typeof ROSTER_CATEGORIES)[number];

export const ROSTER_MAX_PAGE_SIZE = 500;
export const ROSTER_DEFAULT_PAGE_SIZE = 100;

/** Whole positive numbers only: "2.5", "1e3" and "0x10" are refused, not coerced. */
const wholeNumber = (message: () => string) => z.string().regex(/^\d{1,9}$/, msg(message)).transform(Number);

export const rosterParamsSchema = z.object({
  /** Defaults to the token's own region. Villages (12 digits) too: a roster narrows that far. */
  region: z.string().regex(/^(\d{2}|\d{4}|\d{6}|\d{9}|\d{12})$/, msg(() => a.rosterRegionInvalid)).optional(),
  /** Both when absent. */
  category: z.enum(ROSTER_CATEGORIES, { error: () => a.categoryInvalid }).optional(),
  page: wholeNumber(() => a.pageInvalid).pipe(z.number().min(1, msg(() => a.pageInvalid))).default(1),
  pageSize: wholeNumber(() => format(a.pageSizeInvalid, { max: ROSTER_MAX_PAGE_SIZE }))
    .pipe(z.number().min(1, msg(() => format(a.pageSizeInvalid, { max: ROSTER_MAX_PAGE_SIZE }))).max(ROSTER_MAX_PAGE_SIZE, msg(() => format(a.pageSizeInvalid, { max: ROSTER_MAX_PAGE_SIZE }))))
    .default(ROSTER_DEFAULT_PAGE_SIZE),
});
export type RosterParams = z.output<typeof rosterParamsSchema>;
