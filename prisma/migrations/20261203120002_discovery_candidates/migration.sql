-- CreateTable
CREATE TABLE "discovery_candidate" (
    "household_id" INTEGER NOT NULL,
    "region_code" VARCHAR(12) NOT NULL,
    "reasons" TEXT[],
    "income_per_head" DECIMAL(12,2),
    "last_screened_on" DATE,

    CONSTRAINT "discovery_candidate_pkey" PRIMARY KEY ("household_id")
);

-- CreateTable
CREATE TABLE "discovery_state" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "as_of" DATE NOT NULL,

    CONSTRAINT "discovery_state_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "stat_discovery" (
    "township_code" VARCHAR(9) NOT NULL,
    "rule_code" VARCHAR(40) NOT NULL,
    "households" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "stat_discovery_pkey" PRIMARY KEY ("township_code","rule_code")
);

-- CreateIndex
CREATE INDEX "discovery_candidate_region_code_idx" ON "discovery_candidate"("region_code");

-- AddForeignKey
ALTER TABLE "discovery_candidate" ADD CONSTRAINT "discovery_candidate_household_id_fkey" FOREIGN KEY ("household_id") REFERENCES "household"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- ─────────────────────────────────────────────────────────────────────────────────────────────
-- The discovery worklist kept current (docs/decisions/023-discovery-candidates.md).
-- discovery_candidate holds, for every household some enabled rule finds and that is not
-- covered (no 低保/特困, no open application), its reasons in rule order, as the rules and the
-- household stood at discovery_state.as_of. Statement-level triggers on the tables a rule or the
-- coverage filter reads recompute the households a statement touched; a rule's edit recomputes
-- that rule for every household; the 180-day screening filter is applied at read time.
-- ─────────────────────────────────────────────────────────────────────────────────────────────

ALTER TABLE discovery_candidate ALTER COLUMN reasons SET NOT NULL;
CREATE INDEX discovery_candidate_screened_idx ON discovery_candidate (last_screened_on, region_code) WHERE last_screened_on IS NOT NULL;
ALTER TABLE discovery_state ADD CONSTRAINT discovery_state_one_row CHECK (id = 1);

ALTER TABLE discovery_candidate ENABLE ROW LEVEL SECURITY;
CREATE POLICY region_scope ON discovery_candidate
  USING (region_code >= (SELECT nx_scope_lo()) AND region_code < (SELECT nx_scope_hi()))
  WITH CHECK (region_code >= (SELECT nx_scope_lo()) AND region_code < (SELECT nx_scope_hi()));

-- yearsBefore (lib/discovery/queries.ts): the same day n years earlier; 29 February → 28 February.
CREATE FUNCTION nx_years_before(d date, n int) RETURNS date LANGUAGE sql IMMUTABLE AS $$
  SELECT make_date(extract(year FROM d)::int - n, extract(month FROM d)::int,
                   CASE WHEN extract(month FROM d) = 2 AND extract(day FROM d) = 29 THEN 28 ELSE extract(day FROM d)::int END)
$$;

-- A birth date's month and day (0301 for 1 March): the members whose age conditions may have
-- changed between two days are those with a birthday in between.
CREATE FUNCTION nx_month_day(d date) RETURNS int LANGUAGE sql IMMUTABLE AS $$
  SELECT (extract(month FROM d) * 100 + extract(day FROM d))::int
$$;
CREATE INDEX member_birth_month_day_idx ON member (nx_month_day(birth_date));

-- flagSql (lib/discovery/queries.ts), as SQL text over member m.
CREATE FUNCTION nx_discovery_flag_sql(flag text, today date) RETURNS text LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
  CASE flag
    WHEN 'majorIllness' THEN RETURN 'm.major_illness';
    WHEN 'severeDisability' THEN RETURN 'm.disability_grade <= 2';
    WHEN 'minor' THEN RETURN format('m.birth_date > %L::date', nx_years_before(today, 18));
    WHEN 'elderly75' THEN RETURN format('m.birth_date <= %L::date', nx_years_before(today, 75));
    WHEN 'postCompulsoryStudent' THEN RETURN 'm.post_compulsory_student';
    WHEN 'unsupportedChild' THEN RETURN 'm.unsupported_child';
    ELSE RAISE EXCEPTION 'unknown member flag %', flag;
  END CASE;
END $$;

-- ruleSql (lib/discovery/queries.ts): a rule's conditions (lib/discovery/rules.ts) as one SQL
-- boolean over household h. Every value enters as a quoted literal or a number.
CREATE FUNCTION nx_discovery_rule_sql(c jsonb, today date) RETURNS text LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
  parts text[] := ARRAY[]::text[];
  flags text[] := ARRAY(SELECT jsonb_array_elements_text(coalesce(c->'memberFlags', '[]')));
  cats text[] := ARRAY(SELECT jsonb_array_elements_text(coalesce(c->'categories', '["NONE","DIBAO_EDGE","RIGID_EXPENSE"]')));
  has_min boolean := jsonb_typeof(c->'minAge') = 'number';
  has_max boolean := jsonb_typeof(c->'maxAge') = 'number';
BEGIN
  parts := parts || format('h.category::text = ANY (%L::text[])', cats);
  IF cardinality(flags) > 0 THEN
    parts := parts || format('EXISTS (SELECT 1 FROM member m WHERE m.household_id = h.id AND (%s))',
      (SELECT string_agg(nx_discovery_flag_sql(f, today), ' OR ') FROM unnest(flags) f));
  END IF;
  IF has_min OR has_max THEN
    parts := parts || format('EXISTS (SELECT 1 FROM member m WHERE m.household_id = h.id%s%s)',
      CASE WHEN has_max THEN format(' AND m.birth_date > %L::date', nx_years_before(today, (c->>'maxAge')::int + 1)) ELSE '' END,
      CASE WHEN has_min THEN format(' AND m.birth_date <= %L::date', nx_years_before(today, (c->>'minAge')::int)) ELSE '' END);
  END IF;
  IF jsonb_typeof(c->'incomeBelowRatio') = 'number' THEN
    parts := parts || format('EXISTS (SELECT 1 FROM application a JOIN economic_check ec ON ec.application_id = a.id
      WHERE a.household_id = h.id AND ec.standard_amount IS NOT NULL AND ec.income_per_head < ec.standard_amount * %s)',
      (c->>'incomeBelowRatio')::numeric);
  END IF;
  RETURN '(' || array_to_string(parts, ' AND ') || ')';
END $$;

-- The candidates' rows for the households that `filter` (SQL over h, may use $1) admits: the
-- enabled rules' reasons in rule order, the coverage filter, the latest check's income per head
-- and the last screening day. The same statement as the worklist's reference evaluation.
CREATE FUNCTION nx_discovery_rows_sql(today date, filter text) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT format($q$
    SELECT f.household_id, f.region_code, f.reasons,
           (SELECT ec.income_per_head FROM application a JOIN economic_check ec ON ec.application_id = a.id
             WHERE a.household_id = f.household_id ORDER BY ec.id DESC LIMIT 1) AS income_per_head,
           (SELECT max(s.screened_on) FROM screening s WHERE s.household_id = f.household_id) AS last_screened_on
    FROM (SELECT h.id AS household_id, h.region_code, %s AS reasons
          FROM household h
          WHERE h.category NOT IN ('DIBAO', 'TEKUN')
            AND NOT EXISTS (SELECT 1 FROM application a WHERE a.household_id = h.id AND a.stage IN ('ACCEPTED', 'PROPOSED', 'IN_PUBLICITY'))
            %s
          OFFSET 0) f
    WHERE cardinality(f.reasons) > 0$q$,
    coalesce((SELECT 'array_remove(ARRAY[' || string_agg(format('CASE WHEN %s THEN %L END', nx_discovery_rule_sql(r.conditions, today), r.code), ', ' ORDER BY r.id) || ']::text[], NULL)'
              FROM discovery_rule r WHERE r.enabled), 'ARRAY[]::text[]'),
    filter)
$$;

-- Recompute the given households. Writers of one household take turns (the second recomputes
-- after the first commits, on a fresh snapshot); a rule's recompute or the day's advance
-- (exclusive) waits for them and they for it.
CREATE FUNCTION nx_discovery_refresh(ids int[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE as_of date;
BEGIN
  IF ids IS NULL OR cardinality(ids) = 0 THEN RETURN; END IF;
  PERFORM pg_advisory_xact_lock_shared(hashtext('discovery.rules'), 0);
  PERFORM pg_advisory_xact_lock(hashtext('discovery.household'), x) FROM (SELECT DISTINCT x FROM unnest(ids) x ORDER BY x) s;
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

-- Every household again, as of `today` (the migration, the bulk generator, a long gap).
CREATE FUNCTION rebuild_discovery_candidates(today date) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('discovery.rules'), 0);
  INSERT INTO discovery_state (id, as_of) VALUES (1, today) ON CONFLICT (id) DO UPDATE SET as_of = EXCLUDED.as_of;
  TRUNCATE discovery_candidate, stat_discovery;
  EXECUTE 'INSERT INTO discovery_candidate (household_id, region_code, reasons, income_per_head, last_screened_on) '
    || nx_discovery_rows_sql(today, '');
END $$;

-- One rule added, edited, enabled, disabled or deleted: that rule's membership recomputed for
-- every household in one statement; the other reasons are kept, in rule order.
CREATE FUNCTION nx_discovery_recompute_rule(rule_code text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE as_of date; r discovery_rule; cond text;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('discovery.rules'), 0);
  SELECT s.as_of INTO as_of FROM discovery_state s WHERE s.id = 1;
  SELECT * INTO r FROM discovery_rule x WHERE x.code = rule_code;
  cond := CASE WHEN r.enabled THEN nx_discovery_rule_sql(r.conditions::jsonb, as_of) ELSE 'false' END;
  EXECUTE format($q$
    WITH m AS (
      SELECT h.id, h.region_code FROM household h
      WHERE h.category NOT IN ('DIBAO', 'TEKUN')
        AND NOT EXISTS (SELECT 1 FROM application a WHERE a.household_id = h.id AND a.stage IN ('ACCEPTED', 'PROPOSED', 'IN_PUBLICITY'))
        AND %s),
    ch AS (
      SELECT coalesce(c.household_id, m.id) AS household_id, coalesce(c.region_code, m.region_code) AS region_code,
             ARRAY(SELECT r.code FROM discovery_rule r
                   WHERE r.enabled AND ((r.code <> $1 AND r.code = ANY (c.reasons)) OR (r.code = $1 AND m.id IS NOT NULL))
                   ORDER BY r.id)::text[] AS reasons,
             c.household_id IS NULL AS added
      FROM discovery_candidate c FULL JOIN m ON m.id = c.household_id
      WHERE (m.id IS NOT NULL) <> coalesce($1 = ANY (c.reasons), false)),
    gone AS (DELETE FROM discovery_candidate c USING ch WHERE c.household_id = ch.household_id AND cardinality(ch.reasons) = 0),
    kept AS (UPDATE discovery_candidate c SET reasons = ch.reasons FROM ch
             WHERE c.household_id = ch.household_id AND NOT ch.added AND cardinality(ch.reasons) > 0)
    INSERT INTO discovery_candidate (household_id, region_code, reasons, income_per_head, last_screened_on)
    SELECT ch.household_id, ch.region_code, ch.reasons,
           (SELECT ec.income_per_head FROM application a JOIN economic_check ec ON ec.application_id = a.id
             WHERE a.household_id = ch.household_id ORDER BY ec.id DESC LIMIT 1),
           (SELECT max(s.screened_on) FROM screening s WHERE s.household_id = ch.household_id)
    FROM ch WHERE ch.added$q$, cond) USING rule_code;
END $$;

-- The age conditions (minor, 75 and over, an age range) move with the calendar: before a read
-- on a new day, the households with a member whose birthday fell between the day the table was
-- exact for and today are recomputed (about 1/365 of them per day); a gap of more than 300 days
-- rebuilds everything. Called by the worklist's reads; returns whether it did anything.
CREATE FUNCTION nx_discovery_advance(today date) RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE was date; mds int[];
BEGIN
  SELECT s.as_of INTO was FROM discovery_state s WHERE s.id = 1;
  IF was = today THEN RETURN false; END IF;
  PERFORM pg_advisory_xact_lock(hashtext('discovery.rules'), 0);
  SELECT s.as_of INTO was FROM discovery_state s WHERE s.id = 1;
  IF was = today THEN RETURN false; END IF;
  IF was IS NULL OR abs(today - was) > 300 THEN
    PERFORM rebuild_discovery_candidates(today);
    RETURN true;
  END IF;
  mds := ARRAY(SELECT DISTINCT nx_month_day(d::date) FROM generate_series(least(was, today), greatest(was, today), interval '1 day') d);
  -- 29 February: yearsBefore maps it to the 28th, and a year without it goes from 28 Feb to 1 Mar.
  IF mds && ARRAY[228, 229, 301] THEN mds := mds || ARRAY[228, 229, 301]; END IF;
  UPDATE discovery_state SET as_of = today WHERE id = 1;
  PERFORM nx_discovery_refresh(ARRAY(SELECT DISTINCT m.household_id FROM member m WHERE nx_month_day(m.birth_date) = ANY (mds)));
  RETURN true;
END $$;

-- ── Triggers: the households a statement touched, recomputed at its end ──────────────────────
CREATE FUNCTION discovery_household_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN RETURN NULL; END IF; -- the candidate row goes with the household (cascade)
  PERFORM nx_discovery_refresh(ARRAY(SELECT id FROM new_rows));
  RETURN NULL;
END $$;

-- member, application, screening: their household_id, before and after.
CREATE FUNCTION discovery_household_rows_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN PERFORM nx_discovery_refresh(ARRAY(SELECT household_id FROM new_rows));
  ELSIF TG_OP = 'UPDATE' THEN PERFORM nx_discovery_refresh(ARRAY(SELECT household_id FROM new_rows UNION SELECT household_id FROM old_rows));
  ELSE PERFORM nx_discovery_refresh(ARRAY(SELECT household_id FROM old_rows));
  END IF;
  RETURN NULL;
END $$;

CREATE FUNCTION discovery_check_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM nx_discovery_refresh(ARRAY(SELECT a.household_id FROM application a WHERE a.id IN (SELECT application_id FROM new_rows)));
  ELSIF TG_OP = 'UPDATE' THEN
    PERFORM nx_discovery_refresh(ARRAY(SELECT a.household_id FROM application a
      WHERE a.id IN (SELECT application_id FROM new_rows UNION SELECT application_id FROM old_rows)));
  ELSE
    PERFORM nx_discovery_refresh(ARRAY(SELECT a.household_id FROM application a WHERE a.id IN (SELECT application_id FROM old_rows)));
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER discovery_insert AFTER INSERT ON household REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION discovery_household_changed();
CREATE TRIGGER discovery_update AFTER UPDATE ON household REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION discovery_household_changed();
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['member', 'application', 'screening'] LOOP
    EXECUTE format('CREATE TRIGGER discovery_insert AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION discovery_household_rows_changed()', t);
    EXECUTE format('CREATE TRIGGER discovery_update AFTER UPDATE ON %I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION discovery_household_rows_changed()', t);
    EXECUTE format('CREATE TRIGGER discovery_delete AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION discovery_household_rows_changed()', t);
  END LOOP;
END $$;
CREATE TRIGGER discovery_insert AFTER INSERT ON economic_check REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION discovery_check_changed();
CREATE TRIGGER discovery_update AFTER UPDATE ON economic_check REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION discovery_check_changed();
CREATE TRIGGER discovery_delete AFTER DELETE ON economic_check REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION discovery_check_changed();

CREATE FUNCTION discovery_rule_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM nx_discovery_recompute_rule(CASE WHEN TG_OP = 'DELETE' THEN OLD.code ELSE NEW.code END);
  IF TG_OP = 'UPDATE' AND OLD.code <> NEW.code THEN PERFORM nx_discovery_recompute_rule(OLD.code); END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER discovery_rule_insert AFTER INSERT OR DELETE ON discovery_rule FOR EACH ROW EXECUTE FUNCTION discovery_rule_changed();
CREATE TRIGGER discovery_rule_update AFTER UPDATE ON discovery_rule FOR EACH ROW
  WHEN (OLD.conditions::jsonb IS DISTINCT FROM NEW.conditions::jsonb OR OLD.enabled IS DISTINCT FROM NEW.enabled OR OLD.code IS DISTINCT FROM NEW.code)
  EXECUTE FUNCTION discovery_rule_changed();

-- ── stat_discovery: candidates by township and rule ('' = any), by statement ─────────────────
CREATE FUNCTION discovery_candidate_rollup() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO stat_discovery AS x (township_code, rule_code, households)
    SELECT left(n.region_code, 9), code, count(*)::int FROM new_rows n CROSS JOIN LATERAL unnest(n.reasons || ''::text) code
    GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (township_code, rule_code) DO UPDATE SET households = x.households + EXCLUDED.households;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO stat_discovery AS x (township_code, rule_code, households)
    SELECT left(o.region_code, 9), code, -count(*)::int FROM old_rows o CROSS JOIN LATERAL unnest(o.reasons || ''::text) code
    GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (township_code, rule_code) DO UPDATE SET households = x.households + EXCLUDED.households;
  ELSE
    INSERT INTO stat_discovery AS x (township_code, rule_code, households)
    SELECT t, code, sum(s)::int FROM (
      SELECT left(n.region_code, 9) AS t, code, 1 AS s FROM new_rows n CROSS JOIN LATERAL unnest(n.reasons || ''::text) code
      UNION ALL
      SELECT left(o.region_code, 9), code, -1 FROM old_rows o CROSS JOIN LATERAL unnest(o.reasons || ''::text) code) d
    GROUP BY 1, 2 HAVING sum(s) <> 0 ORDER BY 1, 2
    ON CONFLICT (township_code, rule_code) DO UPDATE SET households = x.households + EXCLUDED.households;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER discovery_candidate_insert AFTER INSERT ON discovery_candidate REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION discovery_candidate_rollup();
CREATE TRIGGER discovery_candidate_update AFTER UPDATE ON discovery_candidate REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION discovery_candidate_rollup();
CREATE TRIGGER discovery_candidate_delete AFTER DELETE ON discovery_candidate REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION discovery_candidate_rollup();

-- Bookkeeping runs as the owner (row-level security would hide other regions' rows from the
-- recompute), with a fixed search_path, like every trigger function (migration 20261202120000).
DO $$
DECLARE f text;
BEGIN
  FOREACH f IN ARRAY ARRAY['nx_discovery_refresh(integer[])', 'rebuild_discovery_candidates(date)', 'nx_discovery_recompute_rule(text)',
    'nx_discovery_advance(date)', 'discovery_household_changed()', 'discovery_household_rows_changed()', 'discovery_check_changed()',
    'discovery_rule_changed()', 'discovery_candidate_rollup()'] LOOP
    EXECUTE format('ALTER FUNCTION %s SECURITY DEFINER SET search_path = pg_catalog, public', f);
  END LOOP;
END $$;
-- Only the day's advance is the app's to call; the rest run from triggers or as the owner.
REVOKE EXECUTE ON FUNCTION nx_discovery_refresh(integer[]), rebuild_discovery_candidates(date), nx_discovery_recompute_rule(text) FROM PUBLIC;

SELECT rebuild_discovery_candidates((now() AT TIME ZONE 'Asia/Shanghai')::date);
