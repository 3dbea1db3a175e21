/**
 * Home-visit input. The questionnaire part is checked against the stored version the form
 * showed (see questionnaire.ts); this schema checks the rest.
 */
import { z } from "zod";
import { requiredText, choice } from "@/lib/validation";
import { format, t } from "@/lib/i18n";
import { isRealDate, todayInChina } from "@/lib/dates";

const v = t.validation;

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

/** A visit may be recorded late, but not dated in the future nor more than a year back. */
export const visitDateSchema = z
  .string({ error: v.required })
  .refine(isRealDate, v.invalidDate)
  .refine((d) => d <= todayInChina(), v.dateInFuture);

export const logVisitSchema = z.object({
  householdId: z.coerce.number().int().positive(),
  idempotencyKey: z.uuid(),
  visitedOn: visitDateSchema,
  visitors: text(200),
  peopleMet: text(200),
  questionnaireVersion: z.coerce.number().int().positive(),
  answers: z.record(z.string(), z.string()).default({}),
  findings: z
    .string()
    .trim()
    .max(2000, format(v.tooLong, { max: 2000 }))
    .optional()
    .transform((s) => (s ? s : null)),
  problems: z.array(problemInputSchema).max(20).default([]),
});
export type LogVisitInput = z.output<typeof logVisitSchema>;

export const ROSTER_FILTERS = ["all", "overdue", "due", "visited"] as const;
export const rosterSearchSchema = z.object({
  filter: z.enum(ROSTER_FILTERS).catch("all"),
  /** A name (head or any member) or part of the address. */
  q: z.string().trim().max(50).optional().catch(undefined).transform((v) => v || undefined),
  page: z.coerce.number().int().min(1).max(100000).catch(1),
});
export type RosterSearch = z.output<typeof rosterSearchSchema>;
