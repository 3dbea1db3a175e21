/**
 * Which policies a household may qualify for (政策库 matched to 需求). Pure: shared by the
 * household page's query, the admin form, the seed and the unit tests.
 *
 * A policy's `conditions` read: any member has any listed flag (if flags are given) AND the
 * household's category is listed (if categories are given) AND any member's age is in
 * [minAge, maxAge] (if either is given). No conditions at all: every household (临时救助 is
 * open to anyone in an emergency). The flags mean what lib/households/flags.ts says they mean,
 * plus `anyDisability` (a certified disability of any grade, 1–4), which 困难残疾人生活补贴 needs.
 * A match is a prompt to ask, not a decision: the department named on the policy decides.
 */
import { z } from "@/lib/validation";
import { ageOn, isoFromDate } from "@/lib/dates";
import { memberFlags } from "@/lib/households/flags";
import { MEMBER_FLAGS } from "@/lib/discovery/rules";

export const POLICY_FLAGS = [...MEMBER_FLAGS, "anyDisability"] as const;
export type PolicyFlag = (typeof POLICY_FLAGS)[number];

export const CATEGORIES = ["NONE", "DIBAO", "TEKUN", "DIBAO_EDGE", "RIGID_EXPENSE"] as const;
export type Category = (typeof CATEGORIES)[number];

export const policyConditionsSchema = z.object({
  memberFlags: z.array(z.enum(POLICY_FLAGS)).optional(),
  categories: z.array(z.enum(CATEGORIES)).optional(),
  minAge: z.number().int().min(0).max(120).nullable().optional(),
  maxAge: z.number().int().min(0).max(120).nullable().optional(),
});
export type PolicyConditions = z.output<typeof policyConditionsSchema>;

export type MatchMember = {
  birthDate: Date;
  majorIllness: boolean;
  disabilityGrade: number | null;
  postCompulsoryStudent: boolean;
  unsupportedChild: boolean;
};
export type MatchHousehold = { category: Category; members: MatchMember[] };

/** The policy flags one member carries today. */
export function policyFlagsOf(m: MatchMember, todayIso: string): Set<PolicyFlag> {
  const flags = new Set<PolicyFlag>();
  for (const f of memberFlags(m, todayIso)) if (f.key !== "disability") flags.add(f.key);
  if (m.disabilityGrade) flags.add("anyDisability");
  return flags;
}

/**
 * The reasons a household meets the conditions (the flags found, the age range), or null when
 * it does not. An empty array means "meets them, there was nothing to check".
 */
export function matchReasons(conditions: PolicyConditions, household: MatchHousehold, todayIso: string): PolicyFlag[] | null {
  const c = policyConditionsSchema.parse(conditions);
  if (c.categories?.length && !c.categories.includes(household.category)) return null;
  let found: PolicyFlag[] = [];
  if (c.memberFlags?.length) {
    const had = new Set<PolicyFlag>();
    for (const m of household.members) for (const f of policyFlagsOf(m, todayIso)) had.add(f);
    found = c.memberFlags.filter((f) => had.has(f));
    if (found.length === 0) return null;
  }
  const min = c.minAge ?? null;
  const max = c.maxAge ?? null;
  if (min !== null || max !== null) {
    const inRange = household.members.some((m) => {
      const age = ageOn(isoFromDate(m.birthDate), todayIso);
      return (min === null || age >= min) && (max === null || age <= max);
    });
    if (!inRange) return null;
  }
  return found;
}

export function policyMatches(conditions: PolicyConditions, household: MatchHousehold, todayIso: string): boolean {
  return matchReasons(conditions, household, todayIso) !== null;
}

/** Every prefix of a region code: a resource serving any of them serves the household. */
export function regionPrefixes(regionCode: string): string[] {
  const out: string[] = [];
  for (let n = 2; n <= regionCode.length; n++) out.push(regionCode.slice(0, n));
  return out;
}

export const RESOURCE_KINDS = ["HOME_CARE", "VOLUNTEER", "HOSPITAL", "OTHER"] as const;
export type ResourceKind = (typeof RESOURCE_KINDS)[number];

export const TAKEN_UP = ["YES", "NO", "PENDING"] as const;
export type TakenUp = (typeof TAKEN_UP)[number];
export const takenUpToDb = (v: TakenUp): boolean | null => (v === "YES" ? true : v === "NO" ? false : null);
export const takenUpFromDb = (v: boolean | null): TakenUp => (v === true ? "YES" : v === false ? "NO" : "PENDING");
