/**
 * Household register input, shared by the form (field hints) and the server (the real check).
 * Messages are the UI's Chinese texts; field paths match the form's input names.
 */
import { z, searchText, recordId, checkbox, requiredText, optionalText, choice } from "@/lib/validation";
import { format, t, msg, translate, type MessageKey } from "@/lib/i18n";
import { todayInChina } from "@/lib/dates";
import { idNumberProblem, normaliseIdNumber, type IdProblem } from "./id-number";

export const CATEGORIES = ["NONE", "DIBAO", "TEKUN", "DIBAO_EDGE", "RIGID_EXPENSE"] as const;
export const RELATIONS = ["HEAD", "SPOUSE", "CHILD", "PARENT", "GRANDCHILD", "GRANDPARENT", "SIBLING", "OTHER"] as const;
export const LABOUR_CAPACITIES = ["NOT_ASSESSED", "FULL", "PARTIAL", "NONE"] as const;

/**
 * Members one household may register. A family household rarely passes a dozen; 30 is a guard
 * against typos and floods (500 members were accepted), not a policy.
 */
export const MAX_MEMBERS = 30;

const v = t.validation;
/** Keys, resolved when the issue is raised (decision 030). */
const ID_MESSAGES: Record<IdProblem, MessageKey> = {
  length: "validation.idLength",
  format: "validation.idFormat",
  region: "validation.idRegion",
  birthDate: "validation.idBirthDate",
  birthFuture: "validation.idBirthFuture",
  checksum: "validation.idChecksum",
};

const text = requiredText;

export const memberSchema = z.object({
  /** Present when editing an existing member. */
  id: recordId.optional().or(z.literal("").transform(() => undefined)),
  name: text(50),
  /** Required for a new member (checked below); for an existing one, blank keeps the stored number. */
  idNumber: z
    .string()
    .optional()
    .transform((raw) => normaliseIdNumber(raw ?? ""))
    .superRefine((id, ctx) => {
      if (id === "") return;
      const problem = idNumberProblem(id, todayInChina());
      // No maxLength on the input (it silently cut a 19th character): the length is said here.
      if (problem === "length" && id.length > 18) ctx.addIssue({ code: "custom", message: format(t.input.idTooLong, { length: Math.min(id.length, 999) }) });
      else if (problem) ctx.addIssue({ code: "custom", message: translate(ID_MESSAGES[problem]) });
    }),
  relation: choice(RELATIONS),
  majorIllness: checkbox,
  disabilityGrade: z
    .union([z.literal(""), z.coerce.number().int().min(1, msg(() => v.disabilityGrade)).max(4, msg(() => v.disabilityGrade))])
    .optional()
    .transform((g) => (g === "" || g === undefined ? null : g)),
  postCompulsoryStudent: checkbox,
  unsupportedChild: checkbox,
  labourCapacity: choice(LABOUR_CAPACITIES).default("NOT_ASSESSED"),
});

const householdFields = {
  regionCode: z.string({ error: () => v.required }).regex(/^\d{12}$/, msg(() => v.regionOutOfScope)),
  address: text(200),
  phone: z
    .string()
    .trim()
    .regex(/^$|^[0-9+\-() ]{5,30}$/, msg(() => v.invalidPhone))
    .optional()
    .transform((s) => (s ? s : null)),
  note: optionalText(2000),
  members: z
    .array(memberSchema, { error: () => v.atLeastOneMember })
    .min(1, msg(() => v.atLeastOneMember))
    .max(MAX_MEMBERS, msg(() => format(t.input.tooManyMembers, { max: MAX_MEMBERS }))),
};

/**
 * Checks across members: one head; an ID number for every new member, none repeated. (Each
 * number's own validity is checked on the field, so its message shows even when other fields
 * are wrong: zod skips object-level refinements once a field has failed.)
 */
function checkMembers(
  input: { members: z.infer<typeof memberSchema>[] },
  ctx: z.RefinementCtx,
) {
  if (!Array.isArray(input.members)) return;
  const heads = input.members.filter((m) => m?.relation === "HEAD").length;
  if (heads !== 1) ctx.addIssue({ code: "custom", path: ["members"], message: v.oneHead });
  const seen = new Map<string, number>();
  input.members.forEach((m, i) => {
    if (typeof m?.idNumber !== "string") return;
    if (m.idNumber === "") {
      // Blank: an existing member keeps the stored number; a new one must give it.
      if (!m.id) ctx.addIssue({ code: "custom", path: ["members", i, "idNumber"], message: v.required });
      return;
    }
    if (seen.has(m.idNumber)) {
      ctx.addIssue({ code: "custom", path: ["members", i, "idNumber"], message: v.idDuplicateInForm });
    }
    seen.set(m.idNumber, i);
  });
}

/** Run the cross-member checks even when other fields failed, so every message shows at once. */
const always = { when: () => true };

export const createHouseholdSchema = z
  .object({
    ...householdFields,
    /**
     * A family is registered as 未纳入 (NONE): 低保, 特困 and 低保边缘 come only from a confirmed
     * application (issue 15). Parsed only so that the command can refuse, and audit, a
     * registration that sends another category (a stale form, a hand-made POST).
     */
    category: z.preprocess((x) => (x === "" ? undefined : x), z.enum(CATEGORIES, { error: () => v.invalidChoice }).optional()),
    /** Registering a family reported as a lead (grid worker / hotline) converts the lead. */
    leadId: recordId.optional().or(z.literal("").transform(() => undefined)),
  })
  .superRefine(checkMembers, always);

export const updateHouseholdSchema = z
  .object({
    id: recordId,
    version: recordId,
    ...householdFields,
    /**
     * Never written by an edit (issue 15): a category comes from a confirmed application or a
     * cessation. Parsed only so that the command can refuse, and audit, a submission that tries.
     */
    category: z.enum(CATEGORIES, { error: () => v.invalidChoice }).optional().or(z.literal("").transform(() => undefined)),
  })
  .superRefine(checkMembers, always);

export type CreateHouseholdInput = z.output<typeof createHouseholdSchema>;
export type UpdateHouseholdInput = z.output<typeof updateHouseholdSchema>;
export type MemberInput = z.output<typeof memberSchema>;

export const SEARCH_MAX = 50;

export const householdSearchSchema = z.object({
  /** A refused query (a NUL byte, a line break) searches for nothing; the page says why (searchProblem). */
  q: searchText(SEARCH_MAX).catch(undefined).optional(),
  category: z.enum(CATEGORIES).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100000).catch(1),
});
export type HouseholdSearch = z.output<typeof householdSearchSchema>;

export const revealSchema = z.object({ memberId: recordId });

export const revealPersonalSchema = z.object({
  householdId: recordId,
  // Why this user needs the family's details: kept in the audit row (PIPL art. 6).
  reason: requiredText(200).refine((s) => s.length >= 5, msg(() => t.household.revealReasonShort)),
  // The page the reveal was asked from (an application, a transfer…): a path of this app only,
  // plain segments, no query, so it cannot point elsewhere.
  returnTo: z.string().regex(/^(\/[a-z0-9-]{1,40}){1,4}$/).optional(),
});
export type RevealPersonalInput = z.output<typeof revealPersonalSchema>;

/**
 * 停保: a supervisor's decision that a household no longer qualifies, with its reason on record
 * and an explicit confirmation (the form's checkbox; the server insists on it too).
 */
export const ceaseAssistanceSchema = z.object({
  householdId: recordId,
  version: recordId,
  reason: requiredText(1000).refine((s) => s.length >= 5, msg(() => t.household.ceaseReasonShort)),
  confirmed: z.literal("on", { error: () => t.household.ceaseConfirmRequired }),
});
export type CeaseAssistanceInput = z.output<typeof ceaseAssistanceSchema>;
