/** Input of the discovery worklist: a screening outcome, a rule edited by an admin. */
import { z, recordId, checkbox, choice, requiredText } from "@/lib/validation";
import { t, msg } from "@/lib/i18n";
import { APPLICATION_TYPES } from "@/lib/applications/rules";
import { PROBLEM_CATEGORIES } from "@/lib/visits/schema";
import { MEMBER_FLAGS } from "./rules";

const id = recordId;

export const screeningSchema = z
  .object({
    householdId: id,
    outcome: choice(["APPLIED", "NOT_ELIGIBLE", "OTHER_HELP"] as const),
    reason: requiredText(1000),
    type: z.enum(APPLICATION_TYPES).optional().or(z.literal("").transform(() => undefined)),
    category: z.enum(PROBLEM_CATEGORIES).optional().or(z.literal("").transform(() => undefined)),
  })
  .superRefine((s, ctx) => {
    if (s.outcome === "APPLIED" && !s.type) ctx.addIssue({ code: "custom", path: ["type"], message: t.validation.required });
    if (s.outcome === "OTHER_HELP" && !s.category) ctx.addIssue({ code: "custom", path: ["category"], message: t.validation.required });
  });
export type ScreeningInput = z.output<typeof screeningSchema>;

const optionalInt = z.string().optional().transform((s, ctx) => {
  if (!s) return null;
  // Digits only: Number() would also read "1e1", "0x10" and " 5 ".
  const n = /^\d{1,6}$/.test(s) ? Number(s) : NaN;
  if (!Number.isInteger(n) || n < 0 || n > 120) {
    ctx.addIssue({ code: "custom", message: t.discovery.invalidAge });
    return z.NEVER;
  }
  return n;
});

export const ruleSchema = z
  .object({
    id: recordId.optional().or(z.literal("").transform(() => undefined)),
    version: recordId.optional().or(z.literal("").transform(() => undefined)),
    code: z.string().trim().regex(/^[A-Z][A-Z0-9_]{1,39}$/, msg(() => t.discovery.invalidCode)),
    name: requiredText(60),
    description: requiredText(500),
    memberFlags: z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(z.enum(MEMBER_FLAGS))),
    minAge: optionalInt,
    maxAge: optionalInt,
    incomeBelowRatio: z.string().optional().transform((s, ctx) => {
      if (!s) return null;
      // A plain decimal ("1.5"): not "1e0", "0x1", "+2".
      const n = /^\d{1,2}(\.\d{1,2})?$/.test(s.trim()) ? Number(s.trim()) : NaN;
      if (!(n >= 0.1 && n <= 5)) {
        ctx.addIssue({ code: "custom", message: t.discovery.invalidRatio });
        return z.NEVER;
      }
      return n;
    }),
    enabled: checkbox,
  })
  .superRefine((r, ctx) => {
    if (r.minAge !== null && r.maxAge !== null && r.minAge > r.maxAge) ctx.addIssue({ code: "custom", path: ["maxAge"], message: t.discovery.ageOrder });
    if (!r.memberFlags.length && r.minAge === null && r.maxAge === null && r.incomeBelowRatio === null) {
      ctx.addIssue({ code: "custom", path: ["memberFlags"], message: t.discovery.needsCondition });
    }
  });
export type RuleInput = z.output<typeof ruleSchema>;

export const worklistSearchSchema = z.object({
  rule: z.string().regex(/^[A-Z0-9_]{1,40}$/).optional().catch(undefined),
  village: z.string().regex(/^\d{12}$/).optional().catch(undefined),
  /** The region drilled into (a city, county, township or village of the actor's area). */
  region: z.string().regex(/^(\d{2}|\d{4}|\d{6}|\d{9}|\d{12})$/).optional().catch(undefined),
  /** Part of the head's name or of the address. */
  q: z.string().trim().max(50).optional().catch(undefined).transform((v) => v || undefined),
  page: z.coerce.number().int().min(1).max(100000).catch(1),
});
