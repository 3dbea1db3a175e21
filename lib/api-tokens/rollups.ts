/**
 * The roll-ups the data-exchange API serves (GET /api/v1/rollups): the dashboard of a region and
 * a range of months (lib/dashboard), read with the calling token's region as the scope. A region
 * outside it is refused outright (403) — the platform is told its token does not reach that far —
 * where a user's page would say "not found"; an unknown region inside it is NotFoundError.
 */
import "server-only";
import { isInScope } from "@/lib/auth/scope";
import { ForbiddenError } from "@/lib/errors";
import { readDashboard } from "@/lib/dashboard/queries";
import { rangeFrom, type DashboardParams } from "@/lib/dashboard/schema";
import type { Dashboard } from "@/lib/dashboard/types";
import { t } from "@/lib/i18n";

/** Defaults as the dashboard's: the token's own region, the current year so far. */
export async function readRollups(scopeRegionCode: string, params: DashboardParams): Promise<Dashboard> {
  const regionCode = params.region ?? scopeRegionCode;
  if (!isInScope({ regionCode: scopeRegionCode }, regionCode)) throw new ForbiddenError(t.common.forbidden);
  return readDashboard(scopeRegionCode, { regionCode, range: rangeFrom(params) });
}
