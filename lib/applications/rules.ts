/**
 * Rules of the 审核确认 procedure that are pure (shared by forms, commands and tests).
 * Sources: the 2021 campaign (the source report, summarised in docs/domain.md): one-level publicity of 7 days, 容缺受理. (The
 * 30 + 15 working-day limit lives with the calendar: lib/calendar/working-days.ts.)
 */
import type { ApplicationType } from "@/lib/generated/prisma/enums";
import { ageOn, isoFromDate } from "@/lib/dates";

export const PUBLICITY_DAYS = 7;

export const APPLICATION_TYPES = ["DIBAO", "TEKUN", "DIBAO_EDGE"] as const;

/** The documents each type asks for at intake (容缺受理: any may be missing, with a deadline). */
export const DOCUMENTS: Record<ApplicationType, readonly string[]> = {
  DIBAO: ["ID_CARD", "HOUSEHOLD_REGISTER", "APPLICATION_FORM", "AUTHORIZATION", "INCOME_PROOF", "ASSET_DECLARATION"],
  TEKUN: ["ID_CARD", "HOUSEHOLD_REGISTER", "APPLICATION_FORM", "AUTHORIZATION", "SUPPORT_STATEMENT", "DISABILITY_OR_AGE_PROOF"],
  DIBAO_EDGE: ["ID_CARD", "HOUSEHOLD_REGISTER", "APPLICATION_FORM", "AUTHORIZATION", "INCOME_PROOF", "ASSET_DECLARATION"],
};
export const ALL_DOCUMENTS = [
  "ID_CARD", "HOUSEHOLD_REGISTER", "APPLICATION_FORM", "AUTHORIZATION", "INCOME_PROOF", "ASSET_DECLARATION",
  "SUPPORT_STATEMENT", "DISABILITY_OR_AGE_PROOF", "MEDICAL_CERTIFICATE",
] as const;

/** Income per head per month, in cents (integers: no float money). */
export function incomePerHeadCents(monthlyIncomesCents: number[], householdSize: number): number {
  const total = monthlyIncomesCents.reduce((a, b) => a + b, 0);
  return householdSize > 0 ? Math.floor(total / householdSize) : total;
}

export type TekunConditions = { noWorkCapacity: boolean; noIncome: boolean; noSupporter: boolean };

/**
 * 特困's three conditions: no work capacity (60+, under 16, or severe disability — or assessed as
 * having none), no income, and no one obliged and able to support.
 */
export function tekunConditions(
  members: { birthDate: Date; disabilityGrade: number | null; labourCapacity: string }[],
  totalIncomeCents: number,
  noSupporter: boolean,
  onIso: string,
): TekunConditions {
  const unable = (m: (typeof members)[number]) => {
    const age = ageOn(isoFromDate(m.birthDate), onIso);
    return age >= 60 || age < 16 || (m.disabilityGrade !== null && m.disabilityGrade <= 2) || m.labourCapacity === "NONE";
  };
  return { noWorkCapacity: members.length > 0 && members.every(unable), noIncome: totalIncomeCents === 0, noSupporter };
}

export function eligible(type: ApplicationType, perHeadCents: number, standardCents: number | null, tekun: TekunConditions | null): boolean {
  if (type === "TEKUN") return !!tekun && tekun.noWorkCapacity && tekun.noIncome && tekun.noSupporter;
  return standardCents !== null && perHeadCents < standardCents;
}
