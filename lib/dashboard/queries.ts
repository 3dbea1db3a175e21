/**
 * The dashboards' reads, for pages, the export and the data-exchange API. Authorization first:
 * a user sees their own region and below (a region elsewhere is "not found"), an API token its
 * token's region. The figures come from the roll-ups only (lib/dashboard/sources.ts): no request
 * scans the raw visit or problem tables.
 */
import "server-only";
import { db } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/permissions";
import { requirePermission } from "@/lib/auth/guard";
import { isInScope } from "@/lib/auth/scope";
import { ForbiddenError, NotFoundError } from "@/lib/errors";
import { t } from "@/lib/i18n";
import { computeDashboard } from "./compute";
import type { Sql } from "./sources";
import type { Dashboard, DashboardQuery } from "./types";

const prismaSql: Sql = (text, params) => db.$queryRawUnsafe<Record<string, unknown>[]>(text, ...params);

/** The dashboard of a region within `scope` (a region code prefix), or NotFoundError. */
export async function readDashboard(scope: string, query: DashboardQuery): Promise<Dashboard> {
  if (!isInScope({ regionCode: scope }, query.regionCode)) throw new NotFoundError(t.common.notFound);
  const dashboard = await computeDashboard(prismaSql, "rollup", query, scope);
  if (!dashboard) throw new NotFoundError(t.common.notFound);
  return dashboard;
}

/** A user's dashboard: read:dashboard, a township or wider account, their region and below. */
export async function getDashboard(actor: Actor, query: DashboardQuery): Promise<Dashboard> {
  requirePermission(actor, "read:dashboard");
  if (actor.regionCode.length > 9) throw new ForbiddenError(t.dashboard.villageUser);
  return readDashboard(actor.regionCode, query);
}
