/** The pure policy matcher: flags, categories and age ranges, and how they combine. */
import { describe, expect, it } from "vitest";
import { matchReasons, policyMatches, regionPrefixes, type MatchMember } from "@/lib/policies/match";
import { SEED_POLICIES } from "../../prisma/seed/policies";

const today = "2025-06-15";
const member = (birth: string, extra: Partial<MatchMember> = {}): MatchMember => ({
  birthDate: new Date(`${birth}T00:00:00.000Z`), majorIllness: false, disabilityGrade: null, postCompulsoryStudent: false, unsupportedChild: false, ...extra,
});
const adult = member("1980-01-01");

describe("policyMatches", () => {
  it("no conditions match every household", () => {
    expect(policyMatches({}, { category: "NONE", members: [adult] }, today)).toBe(true);
  });

  it("any member with any listed flag", () => {
    const c = { memberFlags: ["majorIllness" as const, "unsupportedChild" as const] };
    const withChild = { category: "NONE" as const, members: [adult, member("2015-01-01", { unsupportedChild: true })] };
    expect(policyMatches(c, withChild, today)).toBe(true);
    expect(matchReasons(c, withChild, today)).toEqual(["unsupportedChild"]);
    expect(policyMatches(c, { category: "NONE", members: [adult] }, today)).toBe(false);
  });

  it("severe disability is grade 1–2; anyDisability is any certified grade", () => {
    const grade3 = { category: "DIBAO" as const, members: [member("1980-01-01", { disabilityGrade: 3 })] };
    const grade2 = { category: "DIBAO" as const, members: [member("1980-01-01", { disabilityGrade: 2 })] };
    expect(policyMatches({ memberFlags: ["severeDisability"] }, grade3, today)).toBe(false);
    expect(policyMatches({ memberFlags: ["severeDisability"] }, grade2, today)).toBe(true);
    expect(policyMatches({ memberFlags: ["anyDisability"] }, grade3, today)).toBe(true);
  });

  it("minor and 75+ come from the birth date on the day asked", () => {
    const h = { category: "NONE" as const, members: [member("1950-06-16")] };
    expect(policyMatches({ memberFlags: ["elderly75"] }, h, "2025-06-15")).toBe(false);
    expect(policyMatches({ memberFlags: ["elderly75"] }, h, "2025-06-16")).toBe(true);
    expect(policyMatches({ memberFlags: ["minor"] }, { category: "NONE", members: [member("2007-06-16")] }, "2025-06-15")).toBe(true);
    expect(policyMatches({ memberFlags: ["minor"] }, { category: "NONE", members: [member("2007-06-15")] }, "2025-06-15")).toBe(false);
  });

  it("category must be listed when categories are given", () => {
    const h = { category: "NONE" as const, members: [member("1980-01-01", { majorIllness: true })] };
    expect(policyMatches({ memberFlags: ["majorIllness"], categories: ["DIBAO", "TEKUN"] }, h, today)).toBe(false);
    expect(policyMatches({ memberFlags: ["majorIllness"], categories: ["DIBAO", "TEKUN"] }, { ...h, category: "TEKUN" }, today)).toBe(true);
  });

  it("age range is inclusive, any member", () => {
    const h = { category: "NONE" as const, members: [adult, member("1945-06-15")] }; // 80 today
    expect(policyMatches({ minAge: 80 }, h, today)).toBe(true);
    expect(policyMatches({ minAge: 81 }, h, today)).toBe(false);
    expect(policyMatches({ minAge: 40, maxAge: 45 }, h, today)).toBe(true); // the adult is 45
    expect(policyMatches({ maxAge: 44 }, h, today)).toBe(false);
  });

  it("all given conditions must hold together", () => {
    const h = { category: "DIBAO" as const, members: [member("1960-01-01", { majorIllness: true })] };
    expect(policyMatches({ memberFlags: ["majorIllness"], categories: ["DIBAO"], minAge: 60 }, h, today)).toBe(true);
    expect(policyMatches({ memberFlags: ["majorIllness"], categories: ["DIBAO"], minAge: 70 }, h, today)).toBe(false);
  });

  it("every seeded policy's conditions are valid, and a household with no flags meets only the unconditional one", () => {
    const plain = { category: "DIBAO" as const, members: [adult] };
    const met = SEED_POLICIES.filter((p) => policyMatches(p.conditions, plain, today)).map((p) => p.code);
    expect(met).toEqual(["TEMP_AID"]);
  });
});

describe("regionPrefixes", () => {
  it("lists every prefix of a code", () => {
    expect(regionPrefixes("211102003001")).toContain("2111");
    expect(regionPrefixes("211102003001")).toContain("211102003");
    expect(regionPrefixes("211102003001")).not.toContain("2101");
  });
});
