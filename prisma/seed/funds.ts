/**
 * The 14 city social-assistance funds and every township's temporary-aid reserve (reference
 * data), emergency-aid caps, and demo top-ups. (Stub: filled in by the funds work.)
 */
import type pg from "pg";

export async function seedFunds(_client: pg.Client, _opts: { demo: boolean; today?: string }): Promise<string | null> {
  return null;
}
