-- The household search by grams (decision 024), usable under row-level security.
ANALYZE household;

-- Under row-level security PostgreSQL evaluates a query's own conditions after the policy's, and
-- uses an index for them only when their operators are leakproof: `@>` on arrays and LIKE are not,
-- so the grams' GIN index was never used by the app role (3 s, a full scan, for a province). This
-- function runs as the owner and bounds the rows itself, twice: by the caller's scope, with the
-- same nx_scope_lo()/nx_scope_hi() the policies use, and by the region the caller's query asks for
-- (`prefix`, the actor's region) — so it returns exactly the ids the caller's own query would.
-- Planned afresh for each call (EXECUTE), with the grams known: a common surname (王, a tenth of
-- the households) is best found by walking the newest first, a rare pair by the GIN index, and
-- the planner can tell them apart only when it sees the value.
-- `pattern` is a LIKE pattern, escaped by the caller; `grams` its grams (lib/households/search-grams.ts).
CREATE FUNCTION nx_household_search(prefix text, pattern text, grams text[], wanted_category text, lim integer, off integer)
RETURNS TABLE (id integer) LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE lo text := nx_scope_lo(); hi text := nx_scope_hi();
BEGIN
  IF lo IS NULL OR hi IS NULL OR prefix IS NULL OR prefix !~ '^[0-9]{2,12}$' THEN RETURN; END IF;
  RETURN QUERY EXECUTE $q$
    SELECT h.id FROM household h
    WHERE h.region_code >= $1 AND h.region_code < $2 AND h.region_code LIKE $3 || '%'
      AND h.search_grams @> $4
      AND ($5::text IS NULL OR h.category::text = $5)
      AND (h.head_name LIKE $6 OR h.address LIKE $6
           OR EXISTS (SELECT 1 FROM member m WHERE m.household_id = h.id AND m.name LIKE $6))
    ORDER BY h.id DESC
    LIMIT $7 OFFSET $8$q$
  USING lo, hi, prefix, grams, wanted_category, pattern, lim, off;
END $$;
