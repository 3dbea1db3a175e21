/**
 * The audit trail: who, when, what, before and after. Written by every command inside the same
 * transaction as its change, so a change without its audit row cannot exist.
 */
import "server-only";
import type { Tx } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";

export type AuditEntry = {
  action: string;
  entity: string;
  entityId?: string | number | null;
  regionCode?: string | null;
  before?: unknown;
  after?: unknown;
};

/** JSON-safe copy: Dates become ISO strings, BigInts strings, undefined dropped. */
function toJson(value: unknown): Prisma.InputJsonValue | undefined {
  if (value === undefined || value === null) return undefined;
  return JSON.parse(
    JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? v.toString() : v)),
  ) as Prisma.InputJsonValue;
}

export async function writeAudit(tx: Tx, actor: { id: number } | null, entry: AuditEntry) {
  // createMany: an INSERT without RETURNING. Row-level security lets anyone the app acts for add
  // a row but not necessarily read it back (a refusal without a region, read at province level).
  await tx.auditLog.createMany({
    data: {
      actorId: actor?.id ?? null,
      action: entry.action,
      entity: entry.entity,
      entityId: entry.entityId == null ? null : String(entry.entityId),
      regionCode: entry.regionCode ?? null,
      before: toJson(entry.before),
      after: toJson(entry.after),
    },
  });
}
