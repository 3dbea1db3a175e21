-- Row-level security: region scoping that a forgotten clause cannot break (issue 11, build 7;
-- docs/decisions/018-row-level-security.md).
--
-- Every table that holds a family's data admits only the rows of the region named by the
-- setting `nuanxin.scope`, which the app sets on each connection it checks out (lib/db/scope.ts,
-- lib/db/client.ts): a region prefix ('21', '211102', a 12-digit village), '*' for system work,
-- or anything else for none. Unset or unknown, the bounds are NULL and nothing is visible or
-- writable: a query written without `inScope(actor)` returns nothing rather than everything.
--
-- The policies bind the app role only. The owner role owns the tables and bypasses them
-- (migrations, the seed, the bulk generator, audit:verify); the roll-up and bookkeeping triggers
-- run as the owner too (SECURITY DEFINER below), since a township's visit must still move its
-- county's and city's figures.
--
-- Bounds are a half-open range on region_code, [prefix, successor of prefix), which a btree index
-- serves in any collation for digit-only codes. Each bound is a sub-select, so PostgreSQL computes
-- it once per statement (an InitPlan) rather than once per row: a province-wide count would
-- otherwise call the functions for every row it reads.

CREATE FUNCTION nx_scope_lo() RETURNS text LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN current_setting('nuanxin.scope', true) = '*' THEN '0'
    WHEN current_setting('nuanxin.scope', true) ~ '^[0-9]{2,12}$' THEN current_setting('nuanxin.scope', true)
  END
$$;

-- The smallest string above every code that starts with the prefix: '2109' -> '211'.
CREATE FUNCTION nx_prefix_end(p text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN p IS NULL THEN NULL
    WHEN p ~ '^9*$' THEN '9999999999999'
    ELSE left(rtrim(p, '9'), -1) || (right(rtrim(p, '9'), 1)::int + 1)::text
  END
$$;

CREATE FUNCTION nx_scope_hi() RETURNS text LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN current_setting('nuanxin.scope', true) = '*' THEN '9999999999999'
    ELSE nx_prefix_end(nx_scope_lo())
  END
$$;

-- Tables with their own region code: the row is in scope when its code starts with the scope.
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['household', 'member', 'visit', 'problem', 'transfer', 'aid_case', 'support_action',
    'application', 'publicity', 'register_entry', 'screening', 'monitoring_alert', 'lead', 'offer'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format($p$CREATE POLICY region_scope ON %I
      USING (region_code >= (SELECT nx_scope_lo()) AND region_code < (SELECT nx_scope_hi()))
      WITH CHECK (region_code >= (SELECT nx_scope_lo()) AND region_code < (SELECT nx_scope_hi()))$p$, t);
  END LOOP;
END $$;

-- Funds and emergency caps belong to a city or township and serve every region below it: read
-- and updated (a payment moves the balance) also when they belong to one of the scope's own
-- ancestors (a township pays from its city's fund); created and deleted only within the scope.
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['fund', 'aid_cap'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format($p$CREATE POLICY region_scope_read ON %I FOR SELECT
      USING ((region_code >= (SELECT nx_scope_lo()) AND region_code < (SELECT nx_scope_hi())) OR starts_with((SELECT nx_scope_lo()), region_code))$p$, t);
    EXECUTE format($p$CREATE POLICY region_scope_update ON %I FOR UPDATE
      USING ((region_code >= (SELECT nx_scope_lo()) AND region_code < (SELECT nx_scope_hi())) OR starts_with((SELECT nx_scope_lo()), region_code))
      WITH CHECK ((region_code >= (SELECT nx_scope_lo()) AND region_code < (SELECT nx_scope_hi())) OR starts_with((SELECT nx_scope_lo()), region_code))$p$, t);
    EXECUTE format($p$CREATE POLICY region_scope_insert ON %I FOR INSERT
      WITH CHECK (region_code >= (SELECT nx_scope_lo()) AND region_code < (SELECT nx_scope_hi()))$p$, t);
    EXECUTE format($p$CREATE POLICY region_scope_delete ON %I FOR DELETE
      USING (region_code >= (SELECT nx_scope_lo()) AND region_code < (SELECT nx_scope_hi()))$p$, t);
  END LOOP;
END $$;

-- Rows that belong to a scoped parent: visible and writable as far as the parent is (the
-- parent's own policy applies inside the subquery).
ALTER TABLE application_document ENABLE ROW LEVEL SECURITY;
CREATE POLICY region_scope ON application_document
  USING (EXISTS (SELECT 1 FROM application a WHERE a.id = application_id))
  WITH CHECK (EXISTS (SELECT 1 FROM application a WHERE a.id = application_id));
ALTER TABLE economic_check ENABLE ROW LEVEL SECURITY;
CREATE POLICY region_scope ON economic_check
  USING (EXISTS (SELECT 1 FROM application a WHERE a.id = application_id))
  WITH CHECK (EXISTS (SELECT 1 FROM application a WHERE a.id = application_id));
ALTER TABLE objection ENABLE ROW LEVEL SECURITY;
CREATE POLICY region_scope ON objection
  USING (EXISTS (SELECT 1 FROM publicity p WHERE p.id = publicity_id))
  WITH CHECK (EXISTS (SELECT 1 FROM publicity p WHERE p.id = publicity_id));
ALTER TABLE personal_data_reveal ENABLE ROW LEVEL SECURITY;
CREATE POLICY region_scope ON personal_data_reveal
  USING (EXISTS (SELECT 1 FROM household h WHERE h.id = household_id))
  WITH CHECK (EXISTS (SELECT 1 FROM household h WHERE h.id = household_id));
-- A ledger entry: its fund must be in scope, and the household it paid, if any (a township sees
-- its own families' payments from the city's fund, not every township's).
ALTER TABLE fund_entry ENABLE ROW LEVEL SECURITY;
CREATE POLICY region_scope ON fund_entry
  USING (EXISTS (SELECT 1 FROM fund f WHERE f.id = fund_id)
    AND (household_id IS NULL OR EXISTS (SELECT 1 FROM household h WHERE h.id = household_id)))
  WITH CHECK (EXISTS (SELECT 1 FROM fund f WHERE f.id = fund_id)
    AND (household_id IS NULL OR EXISTS (SELECT 1 FROM household h WHERE h.id = household_id)));

-- The audit log: read in scope (rows without a region — sign-ins, anonymous refusals — only at
-- province level); written by anyone the app acts for (the row is the record of their act).
ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY;
CREATE POLICY region_scope_read ON audit_log FOR SELECT
  USING ((region_code >= (SELECT nx_scope_lo()) AND region_code < (SELECT nx_scope_hi()))
    OR (region_code IS NULL AND length((SELECT nx_scope_lo())) <= 2));
CREATE POLICY append ON audit_log FOR INSERT WITH CHECK (true);

-- Bookkeeping triggers run as their owner (who bypasses the policies): a caseworker's visit must
-- still move the county's figures, a payment the city fund's roll-up. Fixed search_path, as any
-- SECURITY DEFINER function needs.
DO $$
DECLARE f record;
BEGIN
  FOR f IN
    SELECT p.oid::regprocedure AS sig FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
    WHERE n.nspname = 'public' AND p.prorettype = 'trigger'::regtype AND NOT p.prosecdef
      AND p.proname <> 'refuse_history_change'
  LOOP
    EXECUTE format('ALTER FUNCTION %s SECURITY DEFINER SET search_path = pg_catalog, public', f.sig);
  END LOOP;
END $$;
