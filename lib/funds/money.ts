/**
 * Money as the ledger keeps it: yuan with two decimals (`numeric(14,2)`), carried as strings or
 * Prisma Decimals, never as JS floats (0.1 + 0.2 is not 0.3, and a ledger must add up to the fen).
 * Pure, so forms and pages share it with the server.
 */

/** Largest single top-up or payment accepted: ten million yuan. A typo guard, not a policy. */
export const MAX_AMOUNT = "10000000";

export type AmountProblem = "invalid" | "positive" | "decimals" | "tooLarge";

/** What people type: "1,234.50", "￥500", "500元", full-width digits. */
export function normaliseAmountInput(raw: string): string {
  return raw
    .replace(/[０-９．]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\s,，]/g, "")
    .replace(/^[¥￥]/, "")
    .replace(/元$/, "");
}

const AMOUNT = /^(-?)(\d+)(?:\.(\d+))?$/;

/** Why a (normalised) amount is not acceptable, or null: > 0, at most 2 decimals, ≤ MAX_AMOUNT. */
export function amountProblem(s: string): AmountProblem | null {
  const m = AMOUNT.exec(s);
  if (!m) return "invalid";
  const [, sign, int, frac = ""] = m;
  if (sign === "-" || /^0*$/.test(int + frac)) return "positive";
  if (frac.length > 2) return "decimals";
  if (compareAmounts(canonicalAmount(s), MAX_AMOUNT) > 0) return "tooLarge";
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
