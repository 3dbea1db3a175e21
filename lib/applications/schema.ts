/** Input of the 审核确认 procedure, step by step. */
import { z } from "zod";
import { checkbox, choice, optionalText, requiredText } from "@/lib/validation";
import { t } from "@/lib/i18n";
import { isRealDate, todayInChina } from "@/lib/dates";
import { amountSchema } from "@/lib/funds/schema";
import { ALL_DOCUMENTS, APPLICATION_TYPES } from "./rules";

const v = t.validation;
const id = z.coerce.number().int().positive();
const date = z.string({ error: v.required }).refine(isRealDate, v.invalidDate);

export const openApplicationSchema = z.object({
  householdId: id,
  type: choice(APPLICATION_TYPES),
  documents: z
    .array(
      z.object({
        kind: choice(ALL_DOCUMENTS),
        provided: checkbox,
        dueOn: z.string().optional().transform((s) => (s ? s : null)),
      }),
    )
    .default([]),
}).superRefine((input, ctx) => {
  input.documents.forEach((d, i) => {
    if (d.provided) return;
    if (!d.dueOn) ctx.addIssue({ code: "custom", path: ["documents", i, "dueOn"], message: t.applications.dueRequired });
    else if (!isRealDate(d.dueOn)) ctx.addIssue({ code: "custom", path: ["documents", i, "dueOn"], message: v.invalidDate });
    else if (d.dueOn < todayInChina()) ctx.addIssue({ code: "custom", path: ["documents", i, "dueOn"], message: t.applications.dueInPast });
  });
});
export type OpenApplicationInput = z.output<typeof openApplicationSchema>;

export const documentSchema = z.object({ applicationId: id, documentId: id });
export const waiveSchema = z.object({ applicationId: id, documentId: id, reason: requiredText(500) });

/** Incomes in yuan per month, one per member; 0 allowed, negative refused. */
const income = z
  .string()
  .trim()
  .transform((s) => (s === "" ? "0" : s.replace(/[,，¥￥\s]/g, "")))
  .refine((s) => /^-?\d+(\.\d{1,2})?$/.test(s), t.applications.invalidIncome)
  .refine((s) => !s.startsWith("-"), t.applications.negativeIncome);

export const economicCheckSchema = z.object({
  applicationId: id,
  version: id,
  incomes: z.array(z.object({ memberId: id, monthlyIncome: income })).min(1),
  assets: optionalText(1000),
  noSupporter: checkbox,
});
export type EconomicCheckInput = z.output<typeof economicCheckSchema>;

export const proposalSchema = z
  .object({
    applicationId: id,
    version: id,
    proposal: choice(["GRANT", "REFUSE"] as const),
    amount: z.string().optional().transform((s) => (s ? s : null)),
    reason: requiredText(2000),
  })
  .superRefine((p, ctx) => {
    if (p.proposal !== "GRANT") return;
    const parsed = amountSchema.safeParse(p.amount ?? "");
    if (!parsed.success) ctx.addIssue({ code: "custom", path: ["amount"], message: parsed.error.issues[0].message });
    else p.amount = parsed.data;
  });
export type ProposalInput = z.output<typeof proposalSchema>;

export const publicitySchema = z.object({ applicationId: id, version: id });

export const objectionSchema = z.object({
  applicationId: id,
  version: id,
  receivedOn: date,
  raisedBy: optionalText(100),
  content: requiredText(2000),
});
export type ObjectionInput = z.output<typeof objectionSchema>;

export const confirmationSchema = z
  .object({
    applicationId: id,
    version: id,
    decision: choice(["APPROVE", "REFUSE"] as const),
    amount: z.string().optional().transform((s) => (s ? s : null)),
    startMonth: z.string().optional().transform((s) => (s ? s : null)),
    reason: optionalText(2000),
  })
  .superRefine((c, ctx) => {
    if (c.decision === "REFUSE") {
      if (!c.reason) ctx.addIssue({ code: "custom", path: ["reason"], message: t.applications.refusalReasonRequired });
      return;
    }
    const parsed = amountSchema.safeParse(c.amount ?? "");
    if (!parsed.success) ctx.addIssue({ code: "custom", path: ["amount"], message: parsed.error.issues[0].message });
    else c.amount = parsed.data;
    if (!c.startMonth || !/^\d{4}-\d{2}$/.test(c.startMonth)) ctx.addIssue({ code: "custom", path: ["startMonth"], message: t.applications.startMonthRequired });
  });
export type ConfirmationInput = z.output<typeof confirmationSchema>;

export const APPLICATION_FILTERS = ["active", "confirm", "done", "all"] as const;
export const applicationSearchSchema = z.object({
  filter: z.enum(APPLICATION_FILTERS).catch("active"),
  page: z.coerce.number().int().min(1).max(100000).catch(1),
});
export type ApplicationSearch = z.output<typeof applicationSearchSchema>;

export const advanceSchema = z.object({ applicationId: id, amount: amountSchema, reason: requiredText(500) });
export type AdvanceInput = z.output<typeof advanceSchema>;
