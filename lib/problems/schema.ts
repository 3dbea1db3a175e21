/** Problem input: recording one, resolving it at once (tier 1), supporting actions. */
import { z, pastDate, optionalText, recordId, requiredText, choice } from "@/lib/validation";
import { t } from "@/lib/i18n";
import { PROBLEM_CATEGORIES, URGENCIES } from "@/lib/visits/schema";

const v = t.validation;
const text = requiredText;

export const RECORDED_SOURCES = ["HOUSEHOLD", "GRID", "HOTLINE"] as const;

export const recordProblemSchema = z.object({
  householdId: recordId,
  source: choice(RECORDED_SOURCES),
  reporter: optionalText(100),
  category: choice(PROBLEM_CATEGORIES),
  description: text(2000),
  urgency: choice(URGENCIES).default("MEDIUM"),
  foundOn: pastDate(),
});
export type RecordProblemInput = z.output<typeof recordProblemSchema>;

export const resolveImmediatelySchema = z.object({
  problemId: recordId,
  version: recordId,
  resolution: text(2000),
});
export type ResolveImmediatelyInput = z.output<typeof resolveImmediatelySchema>;

export const SUPPORT_KINDS = ["LABOUR_ASSESSMENT_REQUESTED", "LABOUR_ASSESSMENT_RECORDED", "UNSUPPORTED_CHILD", "VOLUNTEER_MATCHED"] as const;

export const supportActionSchema = z
  .object({
    problemId: recordId,
    kind: choice(SUPPORT_KINDS),
    memberId: recordId.optional().or(z.literal("").transform(() => undefined)),
    detail: text(1000),
    labourCapacity: z.enum(["FULL", "PARTIAL", "NONE"]).optional().or(z.literal("").transform(() => undefined)),
  })
  .superRefine((a, ctx) => {
    // Assessments and recognition are about one person; a matched volunteer helps the household.
    if (a.kind !== "VOLUNTEER_MATCHED" && !a.memberId) ctx.addIssue({ code: "custom", path: ["memberId"], message: t.problems.memberRequired });
    if (a.kind === "LABOUR_ASSESSMENT_RECORDED" && !a.labourCapacity) {
      ctx.addIssue({ code: "custom", path: ["labourCapacity"], message: v.required });
    }
  });
export type SupportActionInput = z.output<typeof supportActionSchema>;

export const PROBLEM_FILTERS = ["open", "overdue", "resolved", "all"] as const;
export const problemSearchSchema = z.object({
  filter: z.enum(PROBLEM_FILTERS).catch("open"),
  page: z.coerce.number().int().min(1).max(100000).catch(1),
});
export type ProblemSearch = z.output<typeof problemSearchSchema>;
