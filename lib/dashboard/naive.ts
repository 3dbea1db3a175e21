/**
 * The dashboard computed the naive way — GROUP BY over the raw tables — for the benchmark (what
 * the roll-ups save) and the tests (the roll-ups' dashboard must equal it). Runs on a `pg.Pool`
 * (the metric queries run side by side; a single `pg.Client` would queue them); no authorization
 * (never used by a request).
 */
import { computeDashboard } from "./compute";
import type { Sql } from "./sources";
import type { Dashboard, DashboardQuery } from "./types";

type PgLike = { query: (text: string, params?: unknown[]) => Promise<{ rows: Record<string, unknown>[] }> };

export const pgSql = (client: PgLike): Sql => async (text, params) => (await client.query(text, params)).rows;

export function naiveDashboard(client: PgLike, query: DashboardQuery, scope?: string): Promise<Dashboard | null> {
  return computeDashboard(pgSql(client), "naive", query, scope);
}

/** The roll-ups' dashboard on a plain client (the benchmark's exactness check, outside Next). */
export function rollupDashboard(client: PgLike, query: DashboardQuery, scope?: string): Promise<Dashboard | null> {
  return computeDashboard(pgSql(client), "rollup", query, scope);
}
