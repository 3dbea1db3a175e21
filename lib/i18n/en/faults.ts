import type { Messages } from "../zh-CN";

export const faults: Messages["faults"] = {
  unavailableTitle: "Service temporarily unavailable",
  unavailable: "The system cannot reach its database right now; it may be restarting or under maintenance, which usually takes a minute or two. Please click “Retry” shortly.",
  unavailableForm: "Service temporarily unavailable: nothing was saved. What you typed is still in the form; please submit again in a moment.",
  unavailableLogin: "Service temporarily unavailable: signing in is not possible right now. Please try again in a moment; this is not a problem with your username or password.",
  unavailableApi: "Service temporarily unavailable (the database cannot be reached). Please try again later.",
  unexpectedTitle: "Something went wrong",
  unexpected: "The page failed to load. Please click “Retry”. If the problem persists, contact your system administrator.",
  retry: "Retry",
  retrying: "Retrying…",
  backHome: "Back to home",
  reference: "Reference: {digest}",
  referenceHint: "Quote this reference when you contact the administrator.",
};
