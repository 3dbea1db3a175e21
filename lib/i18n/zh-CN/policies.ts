/** Texts of policies (Simplified Chinese). */
export const policies = {
} as const;
