/**
 * Permission checks for commands and queries (server side). Throws ForbiddenError; the action
 * wrapper turns it into a message, pages into a 403 notice.
 */
import { ForbiddenError } from "@/lib/errors";
import { t } from "@/lib/i18n";
import { can, type Actor, type Permission } from "./permissions";

export function requirePermission(actor: Actor, permission: Permission): void {
  if (!can(actor, permission)) throw new ForbiddenError(t.common.forbidden);
}
