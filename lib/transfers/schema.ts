/**
 * Tier 2 input: transferring a problem to another department (转交), the department accepting
 * it (受理) and answering (答复); the list's filters. Shared by the forms and the server.
 */
import { z, dateWithin, latestDeadline, recordId, requiredText } from "@/lib/validation";
import { t, msg } from "@/lib/i18n";
import { todayInChina } from "@/lib/dates";

const v = t.validation;
const text = requiredText;
const id = recordId;

/**
 * A due date may be today at the earliest (a transfer due yesterday would be overdue at birth)
 * and two years ahead at the latest (9999-12-31 is a way of never being overdue).
 */
export const dueDateSchema = dateWithin({ min: () => todayInChina(), max: () => latestDeadline(), tooEarly: () => t.transfers.dueInPast });

export const transferProblemSchema = z.object({
  problemId: id,
  departmentCode: z
    .string({ error: () => v.required })
    .trim()
    .min(1, msg(() => v.required))
    // Department codes are data (MEDICAL_INSURANCE, EDUCATION…): the command checks the list.
    .refine((s) => s === "" || /^[A-Z][A-Z0-9_]{0,29}$/.test(s), msg(() => t.transfers.unknownDepartment)),
  request: text(2000),
  dueOn: dueDateSchema,
});
export type TransferProblemInput = z.output<typeof transferProblemSchema>;

export const acceptTransferSchema = z.object({ transferId: id, version: id });
export type AcceptTransferInput = z.output<typeof acceptTransferSchema>;

export const TRANSFER_OUTCOMES = ["RESOLVED", "RETURNED"] as const;
export type TransferOutcome = (typeof TRANSFER_OUTCOMES)[number];

export const answerTransferSchema = z.object({
  transferId: id,
  version: id,
  outcome: z.enum(TRANSFER_OUTCOMES, {
    error: (issue) => (issue.input === undefined || issue.input === "" ? t.transfers.outcomeRequired : v.invalidChoice),
  }),
  answer: text(2000),
});
export type AnswerTransferInput = z.output<typeof answerTransferSchema>;

/** Statuses in which the department still owes an answer. */
export const OPEN_TRANSFER_STATUSES = ["SENT", "ACCEPTED"] as const;

export const TRANSFER_FILTERS = ["open", "overdue", "all"] as const;
export type TransferFilter = (typeof TRANSFER_FILTERS)[number];

/** URL search params of the list; bad values fall back to the work queue (open transfers). */
export const transferSearchSchema = z.object({
  filter: z.enum(TRANSFER_FILTERS).catch("open"),
  page: z.coerce.number().int().min(1).max(100000).catch(1),
});

/** What the list query takes: a status ("open" = SENT or ACCEPTED), overdue only, a page. */
export type TransferSearch = {
  status?: "open" | "SENT" | "ACCEPTED" | "RESOLVED" | "RETURNED";
  overdue?: boolean;
  page: number;
};

export function searchFromFilter(filter: TransferFilter, page: number): TransferSearch {
  if (filter === "open") return { status: "open", page };
  if (filter === "overdue") return { overdue: true, page };
  return { page };
}
