/**
 * The campaign's vulnerability flags for one member (docs/domain.md). Minor and 75+ are derived from
 * the birth date in the ID number, on the day asked, so they change by themselves as people age.
 */
import { ageOn, isoFromDate, todayInChina } from "@/lib/dates";

export type FlagKey = "majorIllness" | "severeDisability" | "disability" | "minor" | "elderly75" | "postCompulsoryStudent" | "unsupportedChild";

export function memberFlags(
  m: { birthDate: Date; majorIllness: boolean; disabilityGrade: number | null; postCompulsoryStudent: boolean; unsupportedChild: boolean },
  today: string = todayInChina(),
): { key: FlagKey; grade?: number }[] {
  const age = ageOn(isoFromDate(m.birthDate), today);
  const flags: { key: FlagKey; grade?: number }[] = [];
  if (m.majorIllness) flags.push({ key: "majorIllness" });
  if (m.disabilityGrade) flags.push({ key: m.disabilityGrade <= 2 ? "severeDisability" : "disability", grade: m.disabilityGrade });
  if (age < 18) flags.push({ key: "minor" });
  if (age >= 75) flags.push({ key: "elderly75" });
  if (m.postCompulsoryStudent) flags.push({ key: "postCompulsoryStudent" });
  if (m.unsupportedChild) flags.push({ key: "unsupportedChild" });
  return flags;
}
