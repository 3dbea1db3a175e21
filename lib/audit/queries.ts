/**
 * Reading the audit log: administrators only, within their region (rows without a region, such
 * as the seed's, belong to the province).
 */
import "server-only";
import { db } from "@/lib/db/client";
import { requirePermission } from "@/lib/auth/guard";
import type { Actor } from "@/lib/auth/permissions";
import { dateFromIso } from "@/lib/dates";
import type { AuditSearch } from "./schema";

export const AUDIT_PAGE_SIZE = 50;
const DAY_MS = 24 * 60 * 60 * 1000;
const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;

function scope(actor: Actor) {
  const mine = { regionCode: { startsWith: actor.regionCode } };
  return actor.regionCode.length === 2 ? { OR: [mine, { regionCode: null }] } : mine;
}

export async function listAuditLog(actor: Actor, search: AuditSearch) {
  requirePermission(actor, "read:audit");
  // Date filters are China calendar days.
  const at = {
    ...(search.from ? { gte: new Date(dateFromIso(search.from).getTime() - CHINA_OFFSET_MS) } : {}),
    ...(search.to ? { lt: new Date(dateFromIso(search.to).getTime() + DAY_MS - CHINA_OFFSET_MS) } : {}),
  };
  // AND, not a spread: the scope's OR (province admins also see region-less rows) must not be
  // replaced by a filter's key (issue 11, finding 11).
  const where = {
    AND: [scope(actor), {
      ...(search.userId ? { actorId: search.userId } : {}),
      ...(search.entity ? { entity: search.entity } : {}),
      ...(search.entityId ? { entityId: search.entityId } : {}),
      ...(search.from || search.to ? { at } : {}),
    }],
  };
  const [total, rows] = await Promise.all([
    db.auditLog.count({ where }),
    db.auditLog.findMany({
      where,
      orderBy: { id: "desc" },
      skip: (search.page - 1) * AUDIT_PAGE_SIZE,
      take: AUDIT_PAGE_SIZE,
      include: { actor: { select: { name: true, username: true } } },
    }),
  ]);
  return {
    total,
    page: search.page,
    pages: Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE)),
    rows: rows.map((r) => ({ ...r, id: r.id.toString() })),
  };
}

/** Users an admin can filter by: those of their region. */
export async function auditUsers(actor: Actor) {
  requirePermission(actor, "read:audit");
  return db.user.findMany({
    where: { regionCode: { startsWith: actor.regionCode } },
    select: { id: true, name: true, username: true },
    orderBy: { username: "asc" },
  });
}
