import type { Messages } from "../zh-CN";

export const sync: Messages["sync"] = {
  signInAgain: "Your sign-in has expired. Sign in again to sync; the visits waiting to sync are still kept on this device.",
  forbidden: "Your account may not record visits.",
  badOrigin: "The request came from the wrong origin and was refused (cross-site request).",
  badContentType: "Submit JSON (Content-Type: application/json).",
  tooLarge: "Too much in one submission. Sync in batches (at most {max} per batch).",
  badBody: "The submission could not be recognised: expected {\"visits\": [ … ]}, 1–{max} per batch.",
  notFound: "This household does not exist or is outside your area; not saved.",
  retryLater: "Cannot be saved right now. Please try again later (this visit stays in the sync queue).",
};
