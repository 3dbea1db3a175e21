/**
 * 居民身份证号 (GB 11643-1999): 6-digit region code, 8-digit birth date, 3-digit sequence (odd
 * for men), and a check character by ISO 7064 MOD 11-2. Pure functions, shared by the form and
 * the server.
 */
import { isRealDate, todayInChina } from "@/lib/dates";

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = "10X98765432";

export type IdProblem = "length" | "format" | "region" | "birthDate" | "birthFuture" | "checksum";

export function checkCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK[sum % 11];
}

/** Upper-cases a trailing x and strips spaces people type. */
export function normaliseIdNumber(raw: string): string {
  return raw.replace(/\s+/g, "").toUpperCase();
}

/** The first problem with an ID number, or null when it is valid. */
export function idNumberProblem(id: string, today: string = todayInChina()): IdProblem | null {
  if (id.length !== 18) return "length";
  if (!/^\d{17}[\dX]$/.test(id)) return "format";
  if (!isPlausibleRegionCode(id.slice(0, 6))) return "region";
  const birth = birthDateOf(id);
  if (!isRealDate(birth) || birth < "1900-01-01") return "birthDate";
  if (birth > today) return "birthFuture";
  if (checkCharacter(id.slice(0, 17)) !== id[17]) return "checksum";
  return null;
}

/**
 * Province-level codes of GB/T 2260 (the 31 of the mainland, plus 71 Taiwan, 81 Hong Kong and
 * 82 Macao, which residence-permit numbers use).
 */
const PROVINCES = new Set([
  "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
  "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65",
  "71", "81", "82",
]);

/**
 * Whether the first six digits can be the code of the county that issued a number: a real
 * province, and neither the prefecture part (digits 3–4) nor the county part (5–6) "00" — codes
 * ending in 00 name a province or a prefecture as a whole, never the county office that issues
 * numbers (so 210000…, 211100… are refused). Deliberately not checked against today's county
 * list: a number keeps the code of where it was first issued for life, and counties and whole
 * prefectures have been merged and re-coded since (莱芜 3712 into 济南 in 2019, 巢湖 3414 in 2011,
 * most prefectures of 西藏, 贵州 and 新疆 when they became cities), so a current-list check would
 * refuse real people. docs/decisions/012-input-handling.md.
 */
export function isPlausibleRegionCode(code: string): boolean {
  return /^\d{6}$/.test(code) && PROVINCES.has(code.slice(0, 2)) && code.slice(2, 4) !== "00" && code.slice(4, 6) !== "00";
}

export function birthDateOf(id: string): string {
  return `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
}

export function isMale(id: string): boolean {
  return Number(id[16]) % 2 === 1;
}

/**
 * 211102************: the region part only (it is on every address anyway). Not the last four
 * (sequence and check character), since the birth date is stored beside the mask: region + birth
 * date + last four is the whole number, which then would not be protected by its encryption at
 * rest (docs/decisions/017).
 */
export function maskIdNumber(id: string): string {
  return id.slice(0, 6) + "*".repeat(12);
}

/** Whether a search term is a whole, valid ID number (then search by it exactly). */
export function looksLikeIdNumber(term: string): boolean {
  const id = normaliseIdNumber(term);
  return id.length === 18 && idNumberProblem(id) === null;
}

/** "孙丽华" → "孙*华": enough to recognise a record on a notice or in a message, no more. */
export function maskName(name: string): string {
  if (name.length <= 1) return name;
  if (name.length === 2) return `${name[0]}*`;
  return `${name[0]}${"*".repeat(name.length - 2)}${name.at(-1)}`;
}
