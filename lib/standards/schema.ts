/**
 * Assistance standards (救助标准) input, shared by the form and the server: the kinds of standard
 * and area, a new standard, and the list filters. Amounts leave canonical ("790.00", yuan per
 * person per month), dates as YYYY-MM-DD; no float touches either.
 */
import { z, choice, requiredText } from "@/lib/validation";
import { isRealDate } from "@/lib/dates";
import { format, t, msg } from "@/lib/i18n";
import { amountSchema } from "@/lib/funds/schema";
import { formatAmount } from "@/lib/funds/money";

const s = t.standards;
const v = t.validation;

/** The standards a household's income is measured against (docs/domain.md, "Assistance categories"). */
export const STANDARD_TYPES = ["DIBAO", "TEKUN", "DIBAO_EDGE"] as const;
export type StandardType = (typeof STANDARD_TYPES)[number];
/** Cities set one figure for urban residents (社区) and one for rural ones (村). */
export const AREA_KINDS = ["URBAN", "RURAL"] as const;
export type AreaKindName = (typeof AREA_KINDS)[number];

/**
 * A typo guard, not a policy: the highest urban 低保 standard in China is about 1,500 yuan a month,
 * so a figure above 10,000 yuan per person per month is a slip of the keyboard (75000 for 750).
 */
export const MAX_MONTHLY_AMOUNT = "10000.00";
const MAX_MONTHLY_FEN = 1_000_000n;

/** Effective dates a person could mean; outside them a year was mistyped (2201 for 2021). */
export const EARLIEST_EFFECTIVE = "2000-01-01";
export const LATEST_EFFECTIVE = "2099-12-31";

const cityCode = z
  .string({ error: () => s.cityRequired })
  .trim()
  .regex(/^\d{4}$/, msg(() => s.cityRequired));

const isoDate = z
  .string({ error: () => v.required })
  .trim()
  .min(1, msg(() => v.required))
  .refine(isRealDate, msg(() => v.invalidDate))
  .refine((d) => d >= EARLIEST_EFFECTIVE && d <= LATEST_EFFECTIVE, msg(() => format(s.dateOutOfRange, { min: EARLIEST_EFFECTIVE, max: LATEST_EFFECTIVE })));

/** Yuan per person per month: > 0, at most 2 decimals (the funds' amount rule), ≤ MAX_MONTHLY_AMOUNT. */
export const monthlyAmountSchema = amountSchema.refine(
  // Only a canonical amount reaches BigInt; anything else already carries the amount's own message.
  (amount) => !/^\d+\.\d{2}$/.test(amount) || BigInt(amount.replace(".", "")) <= MAX_MONTHLY_FEN,
  msg(() => format(s.amountTooLarge, { max: formatAmount(MAX_MONTHLY_AMOUNT) })),
);

export const addStandardSchema = z.object({
  cityCode,
  area: choice(AREA_KINDS),
  type: choice(STANDARD_TYPES),
  monthlyAmount: monthlyAmountSchema,
  effectiveFrom: isoDate,
  /** The document the figure comes from: a standard without its basis cannot be checked later. */
  note: requiredText(200),
});
export type AddStandardInput = z.output<typeof addStandardSchema>;

/** Filters of the standards page (URL search params); bad values fall back to "no filter". */
export const standardSearchSchema = z.object({
  city: z.string().regex(/^\d{4}$/).optional().catch(undefined),
  type: z.enum(STANDARD_TYPES).optional().catch(undefined),
  area: z.enum(AREA_KINDS).optional().catch(undefined),
});
export type StandardSearch = z.output<typeof standardSearchSchema>;
