/**
 * The campaign's home-visit questionnaire (走访调查问卷). Versioned: the seed stores each version in
 * `questionnaire_template`, a visit records the version it answered, and the form and the server
 * both build their checks from the stored version, so changing questions never breaks old visits.
 * The question texts are survey content (data), not interface chrome. Versions 1 and 2 come from
 * the seed; an administrator publishes the later ones (lib/questionnaires/, decision 029).
 */
import { z } from "@/lib/validation";

export type ChoiceQuestion = {
  key: string;
  label: string;
  kind: "choice";
  options: { value: string; label: string }[];
  required: boolean;
};
export type TextQuestion = { key: string; label: string; kind: "text"; maxLength: number; required: boolean };
export type Question = ChoiceQuestion | TextQuestion;

const change = [
  { value: "none", label: "无变化" },
  { value: "worse", label: "变差" },
  { value: "better", label: "好转" },
];

/** Version 1: the topics the 2021 campaign asked about (see docs/domain.md and the seed). */
export const QUESTIONNAIRE_V1: { version: number; title: string; questions: Question[] } = {
  version: 1,
  title: "走进困难家庭入户调查问卷",
  questions: [
    {
      key: "incomeChange", label: "家庭收入和就业近期有无变化", kind: "choice", required: true,
      options: [
        { value: "none", label: "无变化" },
        { value: "decreased", label: "收入减少" },
        { value: "lostJob", label: "有成员失业" },
        { value: "increased", label: "收入增加" },
      ],
    },
    {
      key: "health", label: "健康状况和医疗费用", kind: "choice", required: true,
      options: [
        { value: "stable", label: "平稳" },
        { value: "newIllness", label: "新患疾病" },
        { value: "heavyCost", label: "医疗费用负担重" },
      ],
    },
    {
      key: "schooling", label: "子女就学情况", kind: "choice", required: true,
      options: [
        { value: "na", label: "无在学子女" },
        { value: "ok", label: "正常就学" },
        { value: "costBurden", label: "学费生活费困难" },
        { value: "dropout", label: "有辍学风险" },
      ],
    },
    { key: "housing", label: "住房安全", kind: "choice", required: true, options: [
      { value: "safe", label: "安全" },
      { value: "risk", label: "存在安全隐患" },
      { value: "none", label: "无固定住所" },
    ] },
    { key: "careNeeds", label: "老人、残疾人、儿童照料需求", kind: "choice", required: true, options: [
      { value: "none", label: "无" },
      { value: "met", label: "有需求，已有人照料" },
      { value: "unmet", label: "有需求，无人照料" },
    ] },
    { key: "policyAwareness", label: "对救助政策的了解", kind: "choice", required: true, options: [
      { value: "good", label: "了解" },
      { value: "partial", label: "部分了解" },
      { value: "none", label: "不了解（已宣讲）" },
    ] },
    { key: "livingChange", label: "与上次走访相比，生活状况", kind: "choice", required: true, options: change },
    { key: "requests", label: "家庭的诉求和意见", kind: "text", maxLength: 1000, required: false },
  ],
};

/** The mood / psychological state item (情绪/心理状态) Ms Sun's case needed (issue 15, item 4; decision 029). */
export const MOOD_QUESTIONS: Question[] = [
  { key: "mood", label: "情绪/心理状态", kind: "choice", required: false, options: [
    { value: "good", label: "良好" },
    { value: "fair", label: "一般" },
    { value: "low", label: "情绪低落" },
    { value: "counselling", label: "需要心理疏导" },
  ] },
  { key: "moodNote", label: "情绪/心理状态说明", kind: "text", maxLength: 500, required: false },
];

/**
 * Version 2 (the seed's): version 1 with the mood item before the family's requests. Later
 * versions are published by an administrator from /admin/questionnaire, not written in code.
 */
export const QUESTIONNAIRE_V2: { version: number; title: string; questions: Question[] } = {
  version: 2,
  title: QUESTIONNAIRE_V1.title,
  questions: [
    ...QUESTIONNAIRE_V1.questions.filter((q) => q.key !== "requests"),
    ...MOOD_QUESTIONS,
    ...QUESTIONNAIRE_V1.questions.filter((q) => q.key === "requests"),
  ],
};

/** zod schema for the answers to one questionnaire version. */
export function answersSchema(questions: Question[], messages: { required: string; invalidChoice: string; tooLong: (max: number) => string }) {
  const shape: Record<string, z.ZodType> = {};
  for (const q of questions) {
    if (q.kind === "choice") {
      const values = q.options.map((o) => o.value) as [string, ...string[]];
      const base = z.enum(values, { error: (issue) => (issue.input ? messages.invalidChoice : messages.required) });
      shape[q.key] = q.required ? base : base.optional().or(z.literal("").transform(() => undefined));
    } else {
      const base = z.string().trim().max(q.maxLength, messages.tooLong(q.maxLength));
      shape[q.key] = q.required ? base.min(1, messages.required) : base.optional();
    }
  }
  return z.object(shape);
}
