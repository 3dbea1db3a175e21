/**
 * Funds input, shared by the forms and the server: amounts (yuan, as strings), top-ups,
 * reversals, and the list filters. An amount leaves here canonical ("1234.50"), ready for
 * `numeric(14,2)`; no float ever touches it.
 */
import { z } from "zod";
import { requiredText } from "@/lib/validation";
import { format, t } from "@/lib/i18n";
import { amountProblem, canonicalAmount, formatAmount, MAX_AMOUNT, normaliseAmountInput, type AmountProblem } from "./money";

const v = t.validation;
const f = t.funds;

export const FUND_KINDS = ["CITY_FUND", "TOWNSHIP_RESERVE"] as const;
export type FundKindName = (typeof FUND_KINDS)[number];
/** Region-code length of each kind of fund: a city (4 digits) or a township (9 digits). */
export const FUND_CODE_LENGTH: Record<FundKindName, number> = { CITY_FUND: 4, TOWNSHIP_RESERVE: 9 };

const AMOUNT_MESSAGES: Record<AmountProblem, string> = {
  invalid: f.amountInvalid,
  positive: f.amountPositive,
  decimals: f.amountDecimals,
  tooLarge: format(f.amountTooLarge, { max: formatAmount(MAX_AMOUNT) }),
};

/** Yuan as typed ("1,234.5", "￥500") → "1234.50": positive, at most 2 decimals, ≤ 10,000,000. */
export const amountSchema = z
  .string({ error: v.required })
  .transform(normaliseAmountInput)
  .superRefine((s, ctx) => {
    const problem = s === "" ? null : amountProblem(s);
    if (s === "") ctx.addIssue({ code: "custom", message: v.required });
    else if (problem) ctx.addIssue({ code: "custom", message: AMOUNT_MESSAGES[problem] });
  })
  .transform(canonicalAmount);

const text = requiredText;

/** A ledger line's note (摘要): what the money is for, or why an entry is reversed. */
export const noteSchema = text(500);

const id = z.coerce.number({ error: v.required }).int().positive();

export const topUpSchema = z.object({ fundId: id, amount: amountSchema, note: noteSchema });
export type TopUpInput = z.output<typeof topUpSchema>;

export const reverseSchema = z.object({ entryId: id, reason: noteSchema });
export type ReverseInput = z.output<typeof reverseSchema>;

/** Filters of the funds list (URL search params); bad values fall back to "no filter". */
export const fundSearchSchema = z.object({
  kind: z.enum(FUND_KINDS).optional().catch(undefined),
  city: z.string().regex(/^\d{4}$/).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100000).catch(1),
});
export type FundSearch = z.output<typeof fundSearchSchema>;

export const ledgerPageSchema = z.object({ page: z.coerce.number().int().min(1).max(100000).catch(1) });
