/** Policy and resource libraries (stub: filled in by the policies work). */
import type pg from "pg";

export async function seedPolicies(_client: pg.Client, _opts: { demo: boolean }): Promise<string | null> {
  return null;
}
