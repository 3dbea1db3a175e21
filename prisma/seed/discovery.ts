/** The built-in discovery rules (the seed's groups), for every database; an admin may change them. */
import type pg from "pg";
import { BUILT_IN_RULES, conditionsSchema } from "../../lib/discovery/rules";

export async function seedDiscoveryRules(client: pg.Client): Promise<string | null> {
  const inserted = await client.query(
    `insert into discovery_rule (code, name, description, conditions, enabled, built_in, updated_at)
     select code, name, description, conditions::jsonb, true, true, now()
     from unnest($1::text[], $2::text[], $3::text[], $4::text[]) as r(code, name, description, conditions)
     on conflict (code) do nothing`,
    [
      BUILT_IN_RULES.map((r) => r.code),
      BUILT_IN_RULES.map((r) => r.name),
      BUILT_IN_RULES.map((r) => r.description),
      BUILT_IN_RULES.map((r) => JSON.stringify(conditionsSchema.parse(r.conditions))),
    ],
  );
  return inserted.rowCount ? `主动发现：写入内置发现规则 ${inserted.rowCount} 条` : null;
}
