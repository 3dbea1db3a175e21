/** Texts of monitoring (Simplified Chinese). */
export const monitoring = {
} as const;
