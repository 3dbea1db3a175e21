/** Input of the 审核确认 procedure, step by step. */
import { z, latestDeadline, monthString, pastDate, recordId, checkbox, choice, optionalText, requiredText } from "@/lib/validation";
import { format, t, msg } from "@/lib/i18n";
import { MAX_MEMBERS } from "@/lib/households/schema";
import { isRealDate, todayInChina } from "@/lib/dates";
import { amountSchema, moneySchema } from "@/lib/funds/schema";
import { ALL_DOCUMENTS, APPLICATION_TYPES } from "./rules";

const v = t.validation;
const id = recordId;
/** The day an objection was received: it happened, so not in the future, and not before 2015. */
const date = pastDate();

export const openApplicationSchema = z.object({
  householdId: id,
  type: choice(APPLICATION_TYPES),
  documents: z
    .array(
      z.object({
        kind: choice(ALL_DOCUMENTS),
        provided: checkbox,
        dueOn: z.string().trim().max(10, msg(() => v.invalidDate)).optional().transform((s) => (s ? s : null)),
      }),
    )
    .max(20, msg(() => format(t.input.tooManyItems, { max: 20 })))
    .default([]),
}).superRefine((input, ctx) => {
  input.documents.forEach((d, i) => {
    if (d.provided) return;
    if (!d.dueOn) ctx.addIssue({ code: "custom", path: ["documents", i, "dueOn"], message: t.applications.dueRequired });
    else if (!isRealDate(d.dueOn)) ctx.addIssue({ code: "custom", path: ["documents", i, "dueOn"], message: v.invalidDate });
    else if (d.dueOn < todayInChina()) ctx.addIssue({ code: "custom", path: ["documents", i, "dueOn"], message: t.applications.dueInPast });
    // A document due in 9999 is a document never asked for.
    else if (d.dueOn > latestDeadline()) ctx.addIssue({ code: "custom", path: ["documents", i, "dueOn"], message: format(t.input.dateTooLate, { max: latestDeadline() }) });
  });
});
export type OpenApplicationInput = z.output<typeof openApplicationSchema>;

export const documentSchema = z.object({ applicationId: id, documentId: id });
export const waiveSchema = z.object({ applicationId: id, documentId: id, reason: requiredText(500) });

/**
 * Incomes in yuan per month, one per member; blank or 0 allowed. The one strict amount parser
 * (lib/funds/money.ts): "1,2,3" is refused, not read as 123. A typo guard of a million a month.
 */
const income = moneySchema({
  allowZero: true, blankIsZero: true, max: "1000000", tooLarge: () => t.input.incomeTooLarge,
  messages: { negative: () => t.applications.negativeIncome, invalid: () => t.applications.invalidIncome },
});

export const economicCheckSchema = z.object({
  applicationId: id,
  version: id,
  incomes: z.array(z.object({ memberId: id, monthlyIncome: income })).min(1).max(MAX_MEMBERS, msg(() => format(t.input.tooManyMembers, { max: MAX_MEMBERS }))),
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

/** Assistance starts from a real month (2026-13 is none), from 2015 to next year. */
const startMonthSchema = monthString({ minYear: 2015, maxYear: () => Number(todayInChina().slice(0, 4)) + 1 });

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
    if (!c.startMonth) ctx.addIssue({ code: "custom", path: ["startMonth"], message: t.applications.startMonthRequired });
    else {
      const month = startMonthSchema.safeParse(c.startMonth);
      if (!month.success) ctx.addIssue({ code: "custom", path: ["startMonth"], message: month.error.issues[0].message });
    }
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
