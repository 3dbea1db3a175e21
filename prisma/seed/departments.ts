/**
 * Departments a problem can be transferred to (reference data), and demo department users.
 * (Stub: filled in by the transfers work.)
 */
import type pg from "pg";

export async function seedDepartments(_client: pg.Client, _opts: { demo: boolean }): Promise<string | null> {
  return null;
}
