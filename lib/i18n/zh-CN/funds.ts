/** Texts of the funds pages and messages (Simplified Chinese). */
export const funds = {
} as const;
