/**
 * Who may do what. Pure (no server imports) so pages can hide what a user cannot do; the
 * commands and queries check the same table themselves, which is what actually protects data.
 * Permissions read `<verb>:<thing>`; the region a user may touch is the second half of every
 * check (lib/auth/scope.ts).
 */
import type { Role } from "@/lib/generated/prisma/enums";

export const PERMISSIONS = [
  "read:household",
  "write:household",
  "reveal:id_number",
  "reveal:personal", // an audited, time-limited look at one household outside one's own township, unmasked
  "read:roster",
  "log:visit",
  "review:visit", // confirm a visit synced from a phone after the household had left the recorder's area
  "read:audit",
  // Problems and their three tiers of resolution
  "read:problem",
  "record:problem",
  "resolve:problem", // tier 1, and supporting actions
  "transfer:problem", // tier 2: send to a department
  "read:transfer",
  "answer:transfer", // enter the department's answer (caseworker on its behalf, or the department)
  "grant:aid", // tier 3: pay a small emergency advance, or propose after a case conference
  "signoff:aid", // county supervisor's sign-off of a case-conference proposal
  "read:fund",
  "manage:fund", // top up, reverse an entry
  // Applications (审核确认)
  "read:application",
  "open:application", // intake, documents, economic check
  "review:application", // township review, publicity, objections
  "confirm:application", // county confirmation (a township's under delegation)
  "waive:document", // waive a missing document with a reason
  "review:duplicates", // 疑似重复: mark a suspected duplicate pair "not a duplicate", or merge the two households
  "cease:assistance", // 停保: end a household's assistance with a reason (the county decides, as it confirms)
  // Reference data
  "manage:standard", // assistance standards with effective dates
  "manage:calendar", // public holidays and make-up working days
  // Policy finds people (政策找人)
  "read:worklist",
  "screen:household", // record the outcome of a screening visit
  "manage:rule", // discovery rules
  "read:alert",
  "close:alert", // re-assessment that closes a monitoring alert
  "read:policy",
  "offer:policy", // record what was offered to a household and taken up
  "manage:policy", // the policy and resource libraries
  "manage:questionnaire", // the home-visit questionnaire: draft and publish versions (decision 029)
  // Figures (统计) and the data-exchange API
  "read:dashboard", // roll-up dashboards and their export, for the user's region and below
  "manage:api_token", // issue and revoke data-exchange API tokens
  "manage:user", // unlock, deactivate and reactivate accounts of the admin's region
  "import:households", // bring an existing register in from a workbook (lib/import), for the admin's region
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** Exported for the access-matrix test, which is generated from it (tests/integration/access-matrix.test.ts). */
export const GRANTS: Record<Role, readonly Permission[]> = {
  // Casework happens at the township: register, visit, reveal IDs when a case needs it, and
  // take every problem to a resolution.
  CASEWORKER: [
    "read:household", "write:household", "reveal:id_number", "read:roster", "log:visit",
    "read:problem", "record:problem", "resolve:problem", "transfer:problem", "read:transfer", "answer:transfer",
    "grant:aid", "read:fund",
    "read:application", "open:application", "review:application", "confirm:application",
    "read:worklist", "screen:household", "read:alert", "close:alert", "read:policy", "offer:policy",
    "read:dashboard",
  ],
  // A county supervisor reviews and corrects its townships' records, signs off case-conference
  // aid, and keeps its townships' reserves. Its townships' families are outside its own township,
  // so it sees them masked and reveals one when the work needs it (decision 016).
  SUPERVISOR: [
    "read:household", "write:household", "reveal:id_number", "reveal:personal", "read:roster", "review:visit",
    "read:problem", "read:transfer", "signoff:aid", "read:fund", "manage:fund",
    "read:application", "confirm:application", "waive:document", "cease:assistance", "review:duplicates", "read:worklist", "read:alert", "read:policy",
    "read:dashboard",
  ],
  // Provincial staff watch; they change nothing and see personal data masked only.
  PROVINCIAL: ["read:household", "reveal:personal", "read:roster", "read:problem", "read:transfer", "read:fund", "read:application", "read:worklist", "read:alert", "read:policy", "read:dashboard"],
  // Administrators keep the system, read the audit log, and top up funds; they do no casework.
  ADMIN: ["read:household", "reveal:personal", "read:audit", "read:fund", "manage:fund", "manage:standard", "manage:calendar", "manage:rule", "read:worklist", "read:policy", "manage:policy", "manage:questionnaire", "read:dashboard", "manage:api_token", "manage:user", "import:households"],
  // Another department's staff see and answer only the transfers addressed to them; the family
  // on a transfer is masked to them until they reveal it with a reason (to call it, say).
  DEPARTMENT: ["read:transfer", "answer:transfer", "reveal:personal"],
};

export type Actor = {
  id: number;
  username: string;
  name: string;
  role: Role;
  /** Code prefix of the region subtree the user works in (2, 4, 6, 9 or 12 digits). */
  regionCode: string;
  /** DEPARTMENT users: the department whose transfers they answer; null for everyone else. */
  departmentCode: string | null;
  /** The UI language the user chose (decision 030); absent where an actor is made up (tests, jobs). */
  locale?: string;
};

export function can(actor: Pick<Actor, "role">, permission: Permission): boolean {
  return GRANTS[actor.role].includes(permission);
}
