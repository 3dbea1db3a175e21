/** Input of the policy and resource libraries: an offer recorded on a household, an admin's edits. */
import { z, recordId, checkbox, choice, optionalText, requiredText } from "@/lib/validation";
import { format, t, msg } from "@/lib/i18n";
import { CATEGORIES, POLICY_FLAGS, RESOURCE_KINDS, TAKEN_UP } from "./match";

const p = t.policies;
const id = recordId;
const optionalId = id.optional().or(z.literal("").transform(() => undefined));
/** A checkbox group: absent, one value, or several. */
const many = <T extends z.ZodType>(item: T) => z.preprocess((v) => (v === undefined || v === "" ? [] : Array.isArray(v) ? v : [v]), z.array(item));

export const offerSchema = z
  .object({
    householdId: id,
    policyId: optionalId,
    resourceId: optionalId,
    takenUp: choice(TAKEN_UP),
    note: optionalText(500),
  })
  .superRefine((o, ctx) => {
    if (!o.policyId === !o.resourceId) ctx.addIssue({ code: "custom", path: ["_form"], message: p.offerNeedsOne });
  });
export type OfferInput = z.output<typeof offerSchema>;

export const updateOfferSchema = z.object({ offerId: id, takenUp: choice(TAKEN_UP) });
export type UpdateOfferInput = z.output<typeof updateOfferSchema>;

const optionalAge = z.string().optional().transform((s, ctx) => {
  if (!s) return null;
  // Digits only: Number() would also read "1e1", "0x10" and " 5 ".
  const n = /^\d{1,6}$/.test(s) ? Number(s) : NaN;
  if (!Number.isInteger(n) || n < 0 || n > 120) {
    ctx.addIssue({ code: "custom", message: p.invalidAge });
    return z.NEVER;
  }
  return n;
});

export const policySchema = z
  .object({
    id: optionalId,
    code: z.string().trim().regex(/^[A-Z][A-Z0-9_]{1,39}$/, msg(() => p.invalidCode)),
    title: requiredText(100),
    whoQualifies: requiredText(1000),
    benefit: requiredText(1000),
    department: requiredText(50),
    memberFlags: many(z.enum(POLICY_FLAGS)),
    categories: many(z.enum(CATEGORIES)),
    minAge: optionalAge,
    maxAge: optionalAge,
    active: checkbox,
  })
  .superRefine((r, ctx) => {
    if (r.minAge !== null && r.maxAge !== null && r.minAge > r.maxAge) ctx.addIssue({ code: "custom", path: ["maxAge"], message: p.ageOrder });
  });
export type PolicyInput = z.output<typeof policySchema>;

export const resourceSchema = z.object({
  id: optionalId,
  name: requiredText(100),
  kind: choice(RESOURCE_KINDS),
  services: requiredText(500),
  regionCodes: z.string().optional().transform((s, ctx) => {
    const codes = [...new Set((s ?? "").split(/[\s,，、]+/).filter(Boolean))];
    if (codes.length === 0) ctx.addIssue({ code: "custom", message: t.validation.required });
    else if (codes.some((c) => !/^\d{2,12}$/.test(c))) ctx.addIssue({ code: "custom", message: p.regionFormat });
    else return codes;
    return z.NEVER;
  }),
  capacity: z.string().optional().transform((s, ctx) => {
    if (!s) return null;
    const n = /^\d{1,6}$/.test(s) ? Number(s) : NaN;
    if (!Number.isInteger(n) || n <= 0 || n > 100000) {
      ctx.addIssue({ code: "custom", message: p.invalidCapacity });
      return z.NEVER;
    }
    return n;
  }),
  contact: optionalText(100),
  active: checkbox,
});
export type ResourceInput = z.output<typeof resourceSchema>;

export const invalidRegionMessage = (codes: string[]) => format(p.invalidRegion, { codes: codes.join("、") });
