/** Texts of the transfers pages and messages (Simplified Chinese). */
export const transfers = {
} as const;
