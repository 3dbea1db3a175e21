/**
 * GET /api/v1/rollups — the dashboard's figures of a region for a range of months, as JSON.
 * Bearer token; scope, audit and errors in lib/api-tokens/http.ts.
 */
import { defineApiRoute } from "@/lib/api-tokens/http";
import { readRollups } from "@/lib/api-tokens/rollups";
import { dashboardParamsSchema } from "@/lib/dashboard/schema";

export const dynamic = "force-dynamic";

export const GET = defineApiRoute({ path: "/api/v1/rollups", schema: dashboardParamsSchema }, async (params, token) => {
  const dashboard = await readRollups(token.regionCode, params);
  // A row per region reported: the region itself and each subregion one level down.
  return { body: dashboard, rows: 1 + dashboard.children.length };
});
