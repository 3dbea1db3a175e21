/**
 * Discovery rules (主动发现) as data: which households not yet covered (no 低保/特困 category,
 * no open application) the worklist shows, and why. The built-in rules are the seed's groups:
 * major illness, severe disability, minors, people aged 75+, students beyond compulsory education,
 * de facto unsupported children. Pure: shared by the admin form, the seed and the query builder.
 */
import { z } from "@/lib/validation";

export const MEMBER_FLAGS = ["majorIllness", "severeDisability", "minor", "elderly75", "postCompulsoryStudent", "unsupportedChild"] as const;
export type MemberFlag = (typeof MEMBER_FLAGS)[number];

export const conditionsSchema = z.object({
  /** Any member with any of these flags. */
  memberFlags: z.array(z.enum(MEMBER_FLAGS)).default([]),
  /** Any member whose age is in [minAge, maxAge]. */
  minAge: z.number().int().min(0).max(120).nullable().default(null),
  maxAge: z.number().int().min(0).max(120).nullable().default(null),
  /** Household categories to include (besides NONE, the uncovered ones are 低保边缘 and 刚性支出). */
  categories: z.array(z.enum(["NONE", "DIBAO_EDGE", "RIGID_EXPENSE"])).default(["NONE", "DIBAO_EDGE", "RIGID_EXPENSE"]),
  /** Latest economic check: income per head below this multiple of the standard used. */
  incomeBelowRatio: z.number().min(0.1).max(5).nullable().default(null),
});
export type Conditions = z.output<typeof conditionsSchema>;

export const BUILT_IN_RULES: { code: string; name: string; description: string; conditions: Partial<Conditions> }[] = [
  { code: "MAJOR_ILLNESS", name: "重大疾病", description: "家中有重大疾病患者、尚未纳入低保或特困的家庭", conditions: { memberFlags: ["majorIllness"] } },
  { code: "SEVERE_DISABILITY", name: "重度残疾", description: "家中有一、二级重度残疾人的未覆盖家庭", conditions: { memberFlags: ["severeDisability"] } },
  { code: "MINOR", name: "未成年人", description: "家中有未成年人的未覆盖家庭", conditions: { memberFlags: ["minor"] } },
  { code: "ELDERLY_75", name: "75岁以上老年人", description: "家中有 75 岁以上老年人的未覆盖家庭", conditions: { memberFlags: ["elderly75"] } },
  { code: "STUDENT", name: "非义务教育阶段学生", description: "家中有高中、中职、大学在校生的未覆盖家庭", conditions: { memberFlags: ["postCompulsoryStudent"] } },
  { code: "UNSUPPORTED_CHILD", name: "事实无人抚养儿童", description: "家中有事实无人抚养儿童的未覆盖家庭", conditions: { memberFlags: ["unsupportedChild"] } },
];
