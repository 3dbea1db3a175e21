/** Texts of the aid pages and messages (Simplified Chinese). */
export const aid = {
} as const;
