-- The household search by grams (decision 024), usable under row-level security.

ANALYZE household;

-- The search itself (lib/households/queries.ts). Under row-level security PostgreSQL evaluates a
-- query's own conditions after the policy's, and may use an index for them only when their
-- operators are leakproof: `@>` on arrays and LIKE are not, so the GIN index above was never used
-- by the app role (3 s, a full scan, for a province). This function runs as the owner and bounds
-- the rows by the caller's scope itself — the same nx_scope_lo()/nx_scope_hi() the policies use —
-- so it returns the ids the caller's own query would, found by the index. `pattern` is a LIKE
-- pattern (escaped by the caller), `grams` its grams.
CREATE FUNCTION nx_household_search(pattern text, grams text[], category text, lim integer, off integer)
RETURNS TABLE (id integer) LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
  SELECT h.id FROM household h
  WHERE h.region_code >= (SELECT nx_scope_lo()) AND h.region_code < (SELECT nx_scope_hi())
    AND h.search_grams @> grams
    AND (nx_household_search.category IS NULL OR h.category::text = nx_household_search.category)
    AND (h.head_name LIKE pattern OR h.address LIKE pattern
         OR EXISTS (SELECT 1 FROM member m WHERE m.household_id = h.id AND m.name LIKE pattern))
  ORDER BY h.id DESC
  LIMIT lim OFFSET off
$$;
