/**
 * GET /api/v1/roster — the 低保 / 特困 households of a region, names and ID numbers masked,
 * a page at a time. Bearer token; scope, audit and errors in lib/api-tokens/http.ts.
 */
import { defineApiRoute } from "@/lib/api-tokens/http";
import { rosterParamsSchema } from "@/lib/api-tokens/schema";
import { readRoster } from "@/lib/api-tokens/roster";

export const dynamic = "force-dynamic";

export const GET = defineApiRoute({ path: "/api/v1/roster", schema: rosterParamsSchema }, async (params, token) => {
  const roster = await readRoster(token.regionCode, params);
  return { body: roster, rows: roster.households.length };
});
