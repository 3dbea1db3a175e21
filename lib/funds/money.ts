/**
 * Money as the ledger keeps it: yuan with two decimals (`numeric(14,2)`), carried as strings or
 * Prisma Decimals, never as JS floats (0.1 + 0.2 is not 0.3, and a ledger must add up to the fen).
 * Pure, so forms and pages share it with the server.
 */

/** Largest single top-up or payment accepted: ten million yuan. A typo guard, not a policy. */
export const MAX_AMOUNT = "10000000";

export type AmountProblem = "invalid" | "separators" | "sign" | "negative" | "exponent" | "positive" | "decimals" | "tooLarge";

/**
 * The one amount parser (issue 11, finding 9), used by every schema that takes money: top-ups,
 * temporary aid, advances, proposed and confirmed amounts, incomes, standards. Accepted: ASCII
 * digits with at most one decimal point and at most two decimals ("1234.5"); full-width digits
 * as a Chinese keyboard types them are read as their ASCII twins, spaces around the figure are
 * dropped. Everything else is refused with its reason, never guessed at: "1,2,3" is not 123 and
 * "12,5" not 125 (nor 12.5), "1e3", "+5", "-5", "¥5", "0x10" are not amounts.
 */
export function normaliseAmountInput(raw: string): string {
  return raw.replace(/[０-９．]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).trim();
}

const AMOUNT = /^(-?)(\d+)(?:\.(\d+))?$/;
const STRICT = /^\d{1,12}(?:\.\d+)?$/;

/**
 * Why a (normalised) amount is not acceptable, or null. `allowZero` for figures that may be 0
 * (a member's income); `max` is the largest accepted, canonical ("10000000.00").
 */
export function amountProblem(s: string, opts: { allowZero?: boolean; max?: string } = {}): AmountProblem | null {
  if (!STRICT.test(s)) {
    if (/^-\d/.test(s)) return "negative";
    if (/^[+-]/.test(s)) return "sign";
    if (/^[\d.]*[eE][+-]?\d*$/.test(s)) return "exponent";
    if (/[,，\s'’_¥￥元]/.test(s)) return "separators";
    return "invalid";
  }
  const [int, frac = ""] = s.split(".");
  if (!opts.allowZero && /^0*$/.test(int + frac)) return "positive";
  if (frac.length > 2) return "decimals";
  if (compareAmounts(canonicalAmount(s), canonicalAmount(opts.max ?? MAX_AMOUNT)) > 0) return "tooLarge";
  return null;
}

/** "0037.5" → "37.50". Assumes a valid amount with at most two decimals. */
export function canonicalAmount(s: string): string {
  const m = AMOUNT.exec(s);
  if (!m) throw new Error(`not an amount: ${s}`);
  const [, sign, int, frac = ""] = m;
  const whole = int.replace(/^0+(?=\d)/, "");
  return `${sign}${whole}.${frac.padEnd(2, "0").slice(0, 2)}`;
}

/** Compare two non-negative canonical amounts ("12.50") without floats. */
function compareAmounts(a: string, b: string): number {
  const [ai, af = ""] = a.split(".");
  const [bi, bf = ""] = b.split(".");
  if (ai.length !== bi.length) return ai.length - bi.length;
  const x = ai + af.padEnd(2, "0");
  const y = bi + bf.padEnd(2, "0");
  return x < y ? -1 : x > y ? 1 : 0;
}

type Money = string | { toFixed(dp: number): string };

/** "¥1,234.50"; `signed` adds "+" to positive amounts (ledger lines), negatives read "-¥37.50". */
export function formatYuan(value: Money, opts: { signed?: boolean } = {}): string {
  return `${signOf(value, opts.signed)}¥${groupDigits(value)}`;
}

/** "1,234.50", for messages that say "元" themselves. */
export function formatAmount(value: Money): string {
  return `${signOf(value, false)}${groupDigits(value)}`;
}

function plain(value: Money): string {
  return typeof value === "string" ? canonicalAmount(value) : value.toFixed(2);
}

function signOf(value: Money, signed?: boolean): string {
  const s = plain(value);
  if (s.startsWith("-")) return /^-0\.00$/.test(s) ? "" : "-";
  return signed && s !== "0.00" ? "+" : "";
}

function groupDigits(value: Money): string {
  const [int, frac] = plain(value).replace(/^-/, "").split(".");
  return `${int.replace(/\B(?=(\d{3})+(?!\d))/g, ",")}.${frac}`;
}
