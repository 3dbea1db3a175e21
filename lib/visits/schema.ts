/**
 * Home-visit input. The questionnaire part is checked against the stored version the form
 * showed (see questionnaire.ts); this schema checks the rest.
 */
import { z, pastDate, optionalText, recordId, requiredText, choice } from "@/lib/validation";
import { format, t, msg } from "@/lib/i18n";

export const PROBLEM_CATEGORIES = [
  "BASIC_LIVING", "MEDICAL", "SCHOOLING", "HOUSING", "EMPLOYMENT", "ELDERLY_CARE", "DISABILITY", "CHILD_CARE", "OTHER",
] as const;
export const URGENCIES = ["LOW", "MEDIUM", "HIGH"] as const;

const text = requiredText;

export const problemInputSchema = z.object({
  category: choice(PROBLEM_CATEGORIES),
  description: text(2000),
  urgency: choice(URGENCIES).default("MEDIUM"),
});

/** A visit may be recorded late, but not dated in the future nor before 2015 (a typo, not a visit). */
export const visitDateSchema = pastDate();

export const logVisitSchema = z.object({
  householdId: recordId,
  idempotencyKey: z.uuid({ error: () => t.input.staleForm }),
  visitedOn: visitDateSchema,
  visitors: text(200),
  peopleMet: text(200),
  questionnaireVersion: recordId,
  answers: z.record(z.string(), z.string()).default({}),
  findings: optionalText(2000),
  problems: z.array(problemInputSchema).max(20, msg(() => format(t.input.tooManyItems, { max: 20 }))).default([]),
});
export type LogVisitInput = z.output<typeof logVisitSchema>;

export const leftAreaReviewSchema = z.object({ id: recordId });

export const ROSTER_FILTERS = ["all", "overdue", "due", "visited"] as const;
export const rosterSearchSchema = z.object({
  filter: z.enum(ROSTER_FILTERS).catch("all"),
  /** A name (head or any member) or part of the address. */
  q: z.string().trim().max(50).optional().catch(undefined).transform((v) => v || undefined),
  page: z.coerce.number().int().min(1).max(100000).catch(1),
  /** A region inside the user's own to look at (drill-down); the user's own when absent. */
  region: z.string().regex(/^(\d{2}|\d{4}|\d{6}|\d{9}|\d{12})$/).optional().catch(undefined),
});
export type RosterSearch = z.output<typeof rosterSearchSchema>;
