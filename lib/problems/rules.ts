/**
 * Problem rules shared by form and server. A problem should be resolved within a time set by
 * its urgency; past that an open problem is overdue. (The campaign asks for 急难 problems to be
 * met "at once"; three days is the working reading of it here — data to revisit with the users.)
 */
import { dateFromIso } from "@/lib/dates";

export const RESOLUTION_DAYS = { HIGH: 3, MEDIUM: 15, LOW: 30 } as const;

export function dueOnFor(foundOnIso: string, urgency: keyof typeof RESOLUTION_DAYS): Date {
  const d = dateFromIso(foundOnIso);
  d.setUTCDate(d.getUTCDate() + RESOLUTION_DAYS[urgency]);
  return d;
}
