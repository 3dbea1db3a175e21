/**
 * Reading the audit log: administrators only, within their region (rows without a region, such
 * as the seed's, belong to the province).
 */
import { boundedCount, cappedPage, pagesFor } from "@/lib/pagination";
import "server-only";
import { db } from "@/lib/db/client";
import { requirePermission } from "@/lib/auth/guard";
import type { Actor } from "@/lib/auth/permissions";
import { dateFromIso } from "@/lib/dates";
import { t } from "@/lib/i18n";
import { maskName, maskPhone, outsideOwnTownship } from "@/lib/households/privacy";
import type { AuditSearch } from "./schema";

export const AUDIT_PAGE_SIZE = 50;
const DAY_MS = 24 * 60 * 60 * 1000;
const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;

function scope(actor: Actor) {
  const mine = { regionCode: { startsWith: actor.regionCode } };
  return actor.regionCode.length === 2 ? { OR: [mine, { regionCode: null }] } : mine;
}

/** Entities whose snapshots name staff or reference data, not a family: shown as written. */
const NOT_PERSONAL = new Set(["api_token", "assistance_standard", "discovery_rule", "policy", "resource", "user", "calendar_day"]);
const NAME_KEYS = new Set(["headName", "name", "familyName", "member"]);
const TEXT_KEYS = new Set(["note", "findings", "peopleMet", "situation", "description"]);
const HEALTH_KEYS = new Set(["majorIllness", "disabilityGrade", "unsupportedChild", "labourCapacity"]);

/**
 * A snapshot of a family's record as the minimum-necessary rule shows it (lib/households/privacy.ts,
 * decision 016): the audit log is read from above a township, so the families in it are masked —
 * names partly, phone masked, no address, no texts, no health flags. Who did what, when, stays.
 */
function maskSnapshot(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskSnapshot);
  if (!value || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (HEALTH_KEYS.has(key)) continue;
    if (NAME_KEYS.has(key) && typeof v === "string") out[key] = maskName(v);
    else if (key === "address" && typeof v === "string") out[key] = "";
    else if (key === "phone" && (typeof v === "string" || v === null)) out[key] = maskPhone(v);
    else if (TEXT_KEYS.has(key) && typeof v === "string") out[key] = t.household.hiddenText;
    else out[key] = maskSnapshot(v);
  }
  return out;
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
      ...(search.userId !== undefined ? { actorId: search.userId } : {}),
      ...(search.entity ? { entity: search.entity } : {}),
      ...(search.entityId ? { entityId: search.entityId } : {}),
      ...(search.from || search.to ? { at } : {}),
    }],
  };
  const [total, rows] = await Promise.all([
    boundedCount((take) => db.auditLog.findMany({ where, select: { id: true }, orderBy: { regionCode: "asc" }, take })),
    db.auditLog.findMany({
      where,
      orderBy: { id: "desc" },
      skip: (cappedPage(search.page, AUDIT_PAGE_SIZE) - 1) * AUDIT_PAGE_SIZE,
      take: AUDIT_PAGE_SIZE,
      include: { actor: { select: { name: true, username: true } } },
    }),
  ]);
  return {
    total: total.total,
    capped: total.capped,
    page: cappedPage(search.page, AUDIT_PAGE_SIZE),
    pages: pagesFor(total, AUDIT_PAGE_SIZE),
    rows: rows.map((r) => {
      const masks = !NOT_PERSONAL.has(r.entity) && outsideOwnTownship(actor, r.regionCode ?? "");
      return { ...r, id: r.id.toString(), ...(masks ? { before: maskSnapshot(r.before), after: maskSnapshot(r.after) } : {}) };
    }),
  };
}

/** Most users the filter lists; a region with more gets a username field (a province has thousands: 600 KB of options). */
export const AUDIT_USERS_LISTED = 200;

/** Users an admin can filter by: those of their region, up to AUDIT_USERS_LISTED + 1 (more means "type a username"). */
export async function auditUsers(actor: Actor) {
  requirePermission(actor, "read:audit");
  return db.user.findMany({
    where: { regionCode: { startsWith: actor.regionCode } },
    select: { id: true, name: true, username: true },
    orderBy: { username: "asc" },
    take: AUDIT_USERS_LISTED + 1,
  });
}

/** The id of a user of the admin's region by username, or 0 (matches no row) when there is none. */
export async function auditUserId(actor: Actor, username: string): Promise<number> {
  requirePermission(actor, "read:audit");
  const user = await db.user.findFirst({ where: { username, regionCode: { startsWith: actor.regionCode } }, select: { id: true } });
  return user?.id ?? 0;
}
