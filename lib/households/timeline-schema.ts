/**
 * The case file's search parameters: which kind of entry (`?kind=`) and where the page starts
 * (`?before=`, the keyset of the last entry of the page before). Anything else in the URL is
 * ignored; a malformed value falls back to the start of the file, as the other lists do.
 */
import { z } from "@/lib/validation";
import { isRealDate } from "@/lib/dates";

/** Kinds of entry, in the order of the filter chips. */
export const TIMELINE_KINDS = ["visit", "problem", "support", "aid", "application", "register", "policy", "alert"] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

/** A position in the file: the day, the event's order within a day, and the record's id. */
export type TimelineCursor = { day: string; seq: number; ref: number };

const CURSOR = /^(\d{4}-\d{2}-\d{2})\.(\d{1,2})\.(\d{1,12})$/;

export function encodeCursor(c: TimelineCursor): string {
  return `${c.day}.${c.seq}.${c.ref}`;
}

export const timelineSearchSchema = z.object({
  kind: z.enum(TIMELINE_KINDS).optional().catch(undefined),
  before: z
    .string()
    .transform((s, ctx): TimelineCursor => {
      const m = CURSOR.exec(s);
      if (!m || !isRealDate(m[1]) || !Number.isSafeInteger(Number(m[3]))) {
        ctx.addIssue({ code: "custom" });
        return z.NEVER;
      }
      return { day: m[1], seq: Number(m[2]), ref: Number(m[3]) };
    })
    .optional()
    .catch(undefined),
});
export type TimelineSearch = z.output<typeof timelineSearchSchema>;
