/** Texts of problems and their resolution (Simplified Chinese). */
export const problems = {
  alreadyResolved: "该问题已解决，不能重复处理。",
} as const;
