/**
 * Funds input, shared by the forms and the server: amounts (yuan, as strings), top-ups,
 * reversals, and the list filters. An amount leaves here canonical ("1234.50"), ready for
 * `numeric(14,2)`; no float ever touches it.
 */
import { z, recordId, requiredText } from "@/lib/validation";
import { format, t } from "@/lib/i18n";
import { amountProblem, canonicalAmount, formatAmount, MAX_AMOUNT, normaliseAmountInput, type AmountProblem } from "./money";

const v = t.validation;
const f = t.funds;

export const FUND_KINDS = ["CITY_FUND", "TOWNSHIP_RESERVE"] as const;
export type FundKindName = (typeof FUND_KINDS)[number];
/** Region-code length of each kind of fund: a city (4 digits) or a township (9 digits). */
export const FUND_CODE_LENGTH: Record<FundKindName, number> = { CITY_FUND: 4, TOWNSHIP_RESERVE: 9 };

const m = t.input;

/** Read at parse time, in the language of the request (decision 030). */
const amountMessage = (problem: AmountProblem, max: string, tooLarge: string): string => {
  switch (problem) {
    case "invalid": return f.amountInvalid;
    case "separators": return m.amountSeparators;
    case "sign": return m.amountSign;
    case "negative": return f.amountPositive;
    case "exponent": return m.amountExponent;
    case "positive": return f.amountPositive;
    case "decimals": return f.amountDecimals;
    case "tooLarge": return format(tooLarge, { max: formatAmount(canonicalAmount(max)) });
  }
};

/**
 * Money typed into a form → canonical yuan ("1234.50"), through the one strict parser
 * (lib/funds/money.ts). Every schema taking an amount is built here.
 */
export function moneySchema(
  opts: { allowZero?: boolean; max?: string; tooLarge?: () => string; blankIsZero?: boolean; messages?: Partial<Record<AmountProblem, () => string>> } = {},
) {
  const max = opts.max ?? MAX_AMOUNT;
  return z
    .string({ error: () => v.required })
    .transform(normaliseAmountInput)
    .transform((s) => (s === "" && opts.blankIsZero ? "0" : s))
    .superRefine((s, ctx) => {
      if (s === "") return void ctx.addIssue({ code: "custom", message: v.required });
      const problem = amountProblem(s, { allowZero: opts.allowZero, max });
      if (problem) ctx.addIssue({ code: "custom", message: opts.messages?.[problem]?.() ?? amountMessage(problem, max, opts.tooLarge?.() ?? f.amountTooLarge) });
    })
    .transform(canonicalAmount);
}

/** Yuan as typed ("1234.5", "５００") → "1234.50": positive, at most 2 decimals, ≤ 10,000,000; no commas. */
export const amountSchema = moneySchema();

const text = requiredText;

/** A ledger line's note (摘要): what the money is for, or why an entry is reversed. */
export const noteSchema = text(500);

const id = recordId;

/** A top-up carries its form's key: posted twice (a double click, a retry), it books once. */
export const topUpSchema = z.object({ fundId: id, amount: amountSchema, note: noteSchema, idempotencyKey: z.uuid({ error: () => t.input.staleForm }) });
/** Commands called from elsewhere (seed, tests) may leave the key out: then nothing de-duplicates. */
export type TopUpInput = Omit<z.output<typeof topUpSchema>, "idempotencyKey"> & { idempotencyKey?: string | null };

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
