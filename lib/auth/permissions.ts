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
  "read:roster",
  "log:visit",
  "read:audit",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const GRANTS: Record<Role, readonly Permission[]> = {
  // Casework happens at the township: register, visit, reveal IDs when a case needs it.
  CASEWORKER: ["read:household", "write:household", "reveal:id_number", "read:roster", "log:visit"],
  // A county supervisor reviews and corrects its townships' records.
  SUPERVISOR: ["read:household", "write:household", "reveal:id_number", "read:roster"],
  // Provincial staff watch; they change nothing and see personal data masked only.
  PROVINCIAL: ["read:household", "read:roster"],
  // Administrators keep the system, read the audit log; they do no casework.
  ADMIN: ["read:household", "read:audit"],
};

export type Actor = {
  id: number;
  username: string;
  name: string;
  role: Role;
  /** Code prefix of the region subtree the user works in (2, 4, 6, 9 or 12 digits). */
  regionCode: string;
};

export function can(actor: Pick<Actor, "role">, permission: Permission): boolean {
  return GRANTS[actor.role].includes(permission);
}
