-- The discovery candidates' upkeep (migration 20261203120002, decision 023) at a province's scale.
--
-- 1. A household's update matters to discovery only when its category or village changes: a
--    statement that rewrites another column of every household (the search grams' backfill,
--    migration 20261203120004) no longer recomputes a million candidates.
-- 2. A statement touching many households takes the one exclusive lock instead of one advisory
--    lock per household, which at a million ran out of the lock table ("out of shared memory").

CREATE FUNCTION discovery_household_updated() RETURNS trigger LANGUAGE plpgsql
SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
  PERFORM nx_discovery_refresh(ARRAY(
    SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
    WHERE (n.category, n.region_code) IS DISTINCT FROM (o.category, o.region_code)));
  RETURN NULL;
END $$;
DROP TRIGGER discovery_update ON household;
CREATE TRIGGER discovery_update AFTER UPDATE ON household REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION discovery_household_updated();

CREATE OR REPLACE FUNCTION nx_discovery_refresh(ids int[]) RETURNS void LANGUAGE plpgsql
SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE as_of date;
BEGIN
  IF ids IS NULL OR cardinality(ids) = 0 THEN RETURN; END IF;
  IF cardinality(ids) > 1000 THEN
    -- A statement over many households (a bulk edit, a backfill): the one exclusive lock, not one
    -- lock each — a million of those exhausted the lock table ("out of shared memory").
    PERFORM pg_advisory_xact_lock(hashtext('discovery.rules'), 0);
  ELSE
    PERFORM pg_advisory_xact_lock_shared(hashtext('discovery.rules'), 0);
    PERFORM pg_advisory_xact_lock(hashtext('discovery.household'), x) FROM (SELECT DISTINCT x FROM unnest(ids) x ORDER BY x) s;
  END IF;
  SELECT s.as_of INTO as_of FROM discovery_state s WHERE s.id = 1;
  EXECUTE format($q$
    WITH n AS (%s),
    gone AS (DELETE FROM discovery_candidate c WHERE c.household_id = ANY ($1) AND c.household_id NOT IN (SELECT household_id FROM n))
    INSERT INTO discovery_candidate AS c (household_id, region_code, reasons, income_per_head, last_screened_on)
    SELECT * FROM n
    ON CONFLICT (household_id) DO UPDATE
      SET region_code = EXCLUDED.region_code, reasons = EXCLUDED.reasons,
          income_per_head = EXCLUDED.income_per_head, last_screened_on = EXCLUDED.last_screened_on
      WHERE (c.region_code, c.reasons, c.income_per_head, c.last_screened_on)
            IS DISTINCT FROM (EXCLUDED.region_code, EXCLUDED.reasons, EXCLUDED.income_per_head, EXCLUDED.last_screened_on)$q$,
    nx_discovery_rows_sql(as_of, 'AND h.id = ANY ($1)')) USING ids;
END $$;


