/**
 * A token's life: issued with a last day (China time), it works until the end of that day unless
 * revoked earlier. Pure, shared by the commands, the list and the API's check.
 */
import { addDays, dateFromIso, todayInChina } from "@/lib/dates";
import type { TokenStatus } from "./schema";

const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;

/** The instant a token issued "until `lastDay`" stops working: the next midnight in China. */
export function expiryInstant(lastDay: string): Date {
  return new Date(dateFromIso(addDays(lastDay, 1)).getTime() - CHINA_OFFSET_MS);
}

/** The last day (China time) a token expiring at `expiresAt` works, YYYY-MM-DD. */
export function lastDayOf(expiresAt: Date): string {
  return todayInChina(new Date(expiresAt.getTime() - 1));
}

export function tokenStatus(token: { expiresAt: Date; revokedAt: Date | null }, now: Date = new Date()): TokenStatus {
  if (token.revokedAt) return "REVOKED";
  return token.expiresAt.getTime() <= now.getTime() ? "EXPIRED" : "ACTIVE";
}
