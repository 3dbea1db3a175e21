-- CreateTable
CREATE TABLE "stat_roster_visited" (
    "month" DATE NOT NULL,
    "township_code" VARCHAR(9) NOT NULL,
    "households" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "stat_roster_visited_pkey" PRIMARY KEY ("month","township_code")
);

-- CreateTable
CREATE TABLE "stat_roster_visited_county" (
    "month" DATE NOT NULL,
    "county_code" VARCHAR(6) NOT NULL,
    "households" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "stat_roster_visited_county_pkey" PRIMARY KEY ("month","county_code")
);

-- CreateTable
CREATE TABLE "stat_roster_visited_city" (
    "month" DATE NOT NULL,
    "city_code" VARCHAR(4) NOT NULL,
    "households" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "stat_roster_visited_city_pkey" PRIMARY KEY ("month","city_code")
);

-- CreateIndex
CREATE INDEX "stat_roster_visited_township_code_month_idx" ON "stat_roster_visited"("township_code", "month");

-- CreateIndex
CREATE INDEX "stat_roster_visited_county_county_code_month_idx" ON "stat_roster_visited_county"("county_code", "month");

-- ───────────────────────── Hand-written: this month's roster coverage, one definition ─────────────────────────
-- Households on the roster now (category ≠ NONE), in their own township now, with a visit in the
-- month (decision 025). The roster page counts exactly these; stat_household_visited.on_roster
-- (on the roster at the month's first visit, in the visit's township) disagreed with it whenever a
-- household joined the roster after its visit, left it, or moved.
CREATE VIEW raw_stat_roster_visited AS
  SELECT nx_month(v.visited_on) AS month, left(h.region_code, 9)::varchar(9) AS township_code,
         count(DISTINCT h.id)::int AS households
  FROM visit v JOIN household h ON h.id = v.household_id
  WHERE h.category <> 'NONE'
  GROUP BY 1, 2;
CREATE VIEW raw_stat_roster_visited_county AS
  SELECT month, left(township_code, 6)::varchar(6) AS county_code, sum(households)::int AS households
  FROM raw_stat_roster_visited GROUP BY 1, 2;
CREATE VIEW raw_stat_roster_visited_city AS
  SELECT month, left(county_code, 4)::varchar(4) AS city_code, sum(households)::int AS households
  FROM raw_stat_roster_visited_county GROUP BY 1, 2;

-- Every month household `h` was visited, counted `s` times in `township`.
CREATE FUNCTION nx_roster_months(h int, township text, s int) RETURNS void LANGUAGE sql VOLATILE AS $$
  INSERT INTO stat_roster_visited AS x (month, township_code, households)
  SELECT DISTINCT nx_month(v.visited_on), township, s FROM visit v WHERE v.household_id = h
  ON CONFLICT (month, township_code) DO UPDATE SET households = x.households + EXCLUDED.households;
$$;

-- A household joins or leaves the roster, or changes township: its visited months move with it.
-- The lock is the one visits take per household (visit_rollups_per_statement), so a visit being
-- recorded at the same moment is counted once: whichever commits second sees the other.
CREATE FUNCTION household_roster_visited() RETURNS trigger LANGUAGE plpgsql
SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('visit.household'), NEW.id);
  IF OLD.category <> 'NONE' THEN PERFORM nx_roster_months(OLD.id, left(OLD.region_code, 9), -1); END IF;
  IF NEW.category <> 'NONE' THEN PERFORM nx_roster_months(NEW.id, left(NEW.region_code, 9), 1); END IF;
  RETURN NULL;
END $$;
-- No INSERT or DELETE trigger: a new household has no visits, and one with visits cannot be
-- deleted (visit.household_id restricts).
CREATE TRIGGER household_roster_visited AFTER UPDATE ON household FOR EACH ROW
  WHEN ((OLD.category <> 'NONE') IS DISTINCT FROM (NEW.category <> 'NONE')
     OR left(OLD.region_code, 9) IS DISTINCT FROM left(NEW.region_code, 9))
  EXECUTE FUNCTION household_roster_visited();

-- A visit counts when it is its household's first of the month; its deletion when it was the last.
-- (household_id and visited_on never change: visit_immutable.)
CREATE FUNCTION visit_roster_visited_insert() RETURNS trigger LANGUAGE plpgsql
SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('visit.household'), x.h)
    FROM (SELECT DISTINCT household_id AS h FROM new_rows ORDER BY 1) x;
  INSERT INTO stat_roster_visited AS x (month, township_code, households)
  SELECT n.month, left(h.region_code, 9), count(*)::int
  FROM (SELECT DISTINCT household_id, nx_month(visited_on) AS month FROM new_rows) n
  JOIN household h ON h.id = n.household_id AND h.category <> 'NONE'
  WHERE NOT EXISTS (SELECT 1 FROM visit v
                    WHERE v.household_id = n.household_id AND v.visited_on >= n.month
                      AND v.visited_on < (n.month + interval '1 month')::date
                      AND v.id NOT IN (SELECT id FROM new_rows))
  GROUP BY 1, 2
  ON CONFLICT (month, township_code) DO UPDATE SET households = x.households + EXCLUDED.households;
  RETURN NULL;
END $$;
CREATE TRIGGER visit_roster_visited_insert AFTER INSERT ON visit REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION visit_roster_visited_insert();

CREATE FUNCTION visit_roster_visited_delete() RETURNS trigger LANGUAGE plpgsql
SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('visit.household'), x.h)
    FROM (SELECT DISTINCT household_id AS h FROM old_rows ORDER BY 1) x;
  INSERT INTO stat_roster_visited AS x (month, township_code, households)
  SELECT o.month, left(h.region_code, 9), -count(*)::int
  FROM (SELECT DISTINCT household_id, nx_month(visited_on) AS month FROM old_rows) o
  JOIN household h ON h.id = o.household_id AND h.category <> 'NONE'
  WHERE NOT EXISTS (SELECT 1 FROM visit v
                    WHERE v.household_id = o.household_id AND v.visited_on >= o.month
                      AND v.visited_on < (o.month + interval '1 month')::date)
  GROUP BY 1, 2
  ON CONFLICT (month, township_code) DO UPDATE SET households = x.households + EXCLUDED.households;
  RETURN NULL;
END $$;
CREATE TRIGGER visit_roster_visited_delete AFTER DELETE ON visit REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION visit_roster_visited_delete();

-- The county and city copies, as every other roll-up's (stat_roll_up, migration *_rollup_grains).
CREATE TRIGGER stat_roster_visited_to_county AFTER INSERT OR UPDATE OR DELETE ON stat_roster_visited FOR EACH ROW
  EXECUTE FUNCTION stat_roll_up('stat_roster_visited_county', 'township_code', 'county_code', '6', 'month', 'households');
CREATE TRIGGER stat_roster_visited_county_to_city AFTER INSERT OR UPDATE OR DELETE ON stat_roster_visited_county FOR EACH ROW
  EXECUTE FUNCTION stat_roll_up('stat_roster_visited_city', 'county_code', 'city_code', '4', 'month', 'households');

-- Rebuild knows the new table too.
CREATE OR REPLACE FUNCTION rebuild_rollups() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  t text; cols text; keys text; vals text;
  base text[] := ARRAY['stat_visit', 'stat_household_visited', 'stat_staff_active', 'stat_register',
    'stat_problem', 'stat_resolution', 'stat_transfer', 'stat_aid_payment', 'stat_application',
    'stat_application_decision', 'stat_roster_visited'];
BEGIN
  FOREACH t IN ARRAY base || ARRAY['stat_transfer_open', 'stat_publicity_open'] LOOP
    EXECUTE format('ALTER TABLE %I DISABLE TRIGGER USER', t);
    EXECUTE format('TRUNCATE %I', t);
    SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) INTO cols
      FROM pg_attribute WHERE attrelid = ('raw_' || t)::regclass AND attnum > 0 AND NOT attisdropped;
    EXECUTE format('INSERT INTO %I (%s) SELECT %s FROM %I', t, cols, cols, 'raw_' || t);
    EXECUTE format('ALTER TABLE %I ENABLE TRIGGER USER', t);
  END LOOP;
  FOREACH t IN ARRAY base LOOP
    -- Key columns: the primary key's, less the code; values: the rest.
    SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum) FILTER (WHERE a.attnum = ANY(i.indkey) AND a.attname <> 'township_code'),
           string_agg(format('sum(%1$I)', a.attname), ', ' ORDER BY a.attnum) FILTER (WHERE NOT a.attnum = ANY(i.indkey)),
           string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum) FILTER (WHERE NOT a.attnum = ANY(i.indkey))
      INTO keys, cols, vals
      FROM pg_attribute a JOIN pg_index i ON i.indrelid = a.attrelid AND i.indisprimary
      WHERE a.attrelid = t::regclass AND a.attnum > 0 AND NOT a.attisdropped;
    EXECUTE format('ALTER TABLE %I DISABLE TRIGGER USER', t || '_county');
    EXECUTE format('TRUNCATE %I', t || '_county');
    EXECUTE format('INSERT INTO %I (county_code, %s, %s) SELECT left(township_code, 6), %s, %s FROM %I GROUP BY 1, %s',
      t || '_county', keys, vals, keys, cols, t, keys);
    EXECUTE format('ALTER TABLE %I ENABLE TRIGGER USER', t || '_county');
    EXECUTE format('TRUNCATE %I', t || '_city');
    EXECUTE format('INSERT INTO %I (city_code, %s, %s) SELECT left(county_code, 4), %s, %s FROM %I GROUP BY 1, %s',
      t || '_city', keys, vals, keys, cols, t || '_county', keys);
  END LOOP;
END $$;


-- Filled from its definition; the copies follow through their triggers.
INSERT INTO stat_roster_visited (month, township_code, households)
  SELECT month, township_code, households FROM raw_stat_roster_visited;
