-- The distinct counts of visits (households visited, staff active) are kept per statement, not per
-- row: a row-level AFTER trigger already sees every row its statement inserted, so "the table as
-- it was without this row" was wrong for a multi-row INSERT (the demo seed's, an import's).
-- Statement-level triggers read the statement's rows from transition tables and recompute the
-- affected households' and recorders' months from the earliest month the statement touched:
-- before (without the new rows / with the deleted ones) and after; the difference is applied.
DROP TRIGGER visit_rollup ON visit;
DROP TRIGGER visit_rollup_before_delete ON visit;
DROP FUNCTION visit_rollup();
DROP FUNCTION nx_visit_months(visit, int, int);
DROP FUNCTION nx_household_month(int, date, int, int);
DROP FUNCTION nx_staff_month(int, date, int, int);

-- Household-months of households `hs` from month `since` on: the township and roster status of the
-- first visit that month and the previous visited month — from the visits as they are, without the
-- ids in `skip`, with the rows in `extra`. Months before `since` are not affected by the change.
CREATE FUNCTION nx_household_months(hs int[], since date, skip int[], extra visit[])
RETURNS TABLE (month date, township_code varchar, prev_month date, on_roster boolean) LANGUAGE sql VOLATILE AS $$
  WITH v AS (
    SELECT household_id, visited_on, id, region_code, on_roster FROM visit
      WHERE household_id = ANY(hs) AND visited_on >= since AND id <> ALL(skip)
    UNION ALL
    SELECT household_id, visited_on, id, region_code, on_roster FROM unnest(extra)
  ), hm AS (
    SELECT DISTINCT ON (household_id, nx_month(visited_on))
           household_id, nx_month(visited_on) AS month, left(region_code, 9) AS township_code, on_roster
    FROM v ORDER BY household_id, nx_month(visited_on), visited_on, id
  )
  SELECT hm.month, hm.township_code::varchar,
         coalesce(lag(hm.month) OVER w,
                  (SELECT nx_month(max(p.visited_on)) FROM visit p WHERE p.household_id = hm.household_id AND p.visited_on < since),
                  date '0001-01-01'),
         hm.on_roster
  FROM hm WINDOW w AS (PARTITION BY hm.household_id ORDER BY hm.month)
$$;

CREATE FUNCTION nx_staff_months(us int[], since date, skip int[], extra visit[])
RETURNS TABLE (month date, township_code varchar, prev_month date) LANGUAGE sql VOLATILE AS $$
  WITH v AS (
    SELECT recorded_by_id, visited_on, id, region_code FROM visit
      WHERE recorded_by_id = ANY(us) AND visited_on >= since AND id <> ALL(skip)
    UNION ALL
    SELECT recorded_by_id, visited_on, id, region_code FROM unnest(extra)
  ), um AS (
    SELECT DISTINCT ON (recorded_by_id, nx_month(visited_on))
           recorded_by_id, nx_month(visited_on) AS month, left(region_code, 9) AS township_code
    FROM v ORDER BY recorded_by_id, nx_month(visited_on), visited_on, id
  )
  SELECT um.month, um.township_code::varchar,
         coalesce(lag(um.month) OVER w,
                  (SELECT nx_month(max(p.visited_on)) FROM visit p WHERE p.recorded_by_id = um.recorded_by_id AND p.visited_on < since),
                  date '0001-01-01')
  FROM um WINDOW w AS (PARTITION BY um.recorded_by_id ORDER BY um.month)
$$;

-- Apply (after − before) for the households and recorders of a statement's rows.
CREATE FUNCTION nx_visit_distinct(hs int[], us int[], since date, new_ids int[], old_rows visit[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  -- Two statements touching one household (or recorder) take turns; sorted, so they cannot deadlock.
  PERFORM pg_advisory_xact_lock(hashtext('visit.household'), h) FROM unnest(hs) h;
  PERFORM pg_advisory_xact_lock(hashtext('visit.recorder'), u) FROM unnest(us) u;
  INSERT INTO stat_household_visited AS x (month, township_code, prev_month, on_roster, households)
  SELECT d.month, d.township_code, d.prev_month, d.on_roster, sum(d.s)::int FROM (
    SELECT c.*, 1 AS s FROM nx_household_months(hs, since, '{}', '{}') c
    UNION ALL
    SELECT c.*, -1 FROM nx_household_months(hs, since, new_ids, old_rows) c
  ) d GROUP BY 1, 2, 3, 4 HAVING sum(d.s) <> 0
  ON CONFLICT (month, township_code, prev_month, on_roster) DO UPDATE SET households = x.households + EXCLUDED.households;
  INSERT INTO stat_staff_active AS x (month, township_code, prev_month, staff)
  SELECT d.month, d.township_code, d.prev_month, sum(d.s)::int FROM (
    SELECT c.*, 1 AS s FROM nx_staff_months(us, since, '{}', '{}') c
    UNION ALL
    SELECT c.*, -1 FROM nx_staff_months(us, since, new_ids, old_rows) c
  ) d GROUP BY 1, 2, 3 HAVING sum(d.s) <> 0
  ON CONFLICT (month, township_code, prev_month) DO UPDATE SET staff = x.staff + EXCLUDED.staff;
END $$;

CREATE FUNCTION visit_rollup_insert() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE hs int[]; us int[]; since date; ids int[];
BEGIN
  SELECT array_agg(DISTINCT household_id ORDER BY household_id), array_agg(DISTINCT recorded_by_id ORDER BY recorded_by_id),
         nx_month(min(visited_on)), array_agg(id)
    INTO hs, us, since, ids FROM new_rows;
  IF ids IS NULL THEN RETURN NULL; END IF;
  INSERT INTO stat_visit AS x (month, township_code, visits, questionnaires)
  SELECT nx_month(visited_on), left(region_code, 9), count(*), count(*) FILTER (WHERE nx_has_answers(answers))
  FROM new_rows GROUP BY 1, 2
  ON CONFLICT (month, township_code)
    DO UPDATE SET visits = x.visits + EXCLUDED.visits, questionnaires = x.questionnaires + EXCLUDED.questionnaires;
  PERFORM nx_visit_distinct(hs, us, since, ids, '{}'::visit[]);
  RETURN NULL;
END $$;

CREATE FUNCTION visit_rollup_delete() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE hs int[]; us int[]; since date; gone visit[];
BEGIN
  SELECT array_agg(DISTINCT household_id ORDER BY household_id), array_agg(DISTINCT recorded_by_id ORDER BY recorded_by_id),
         nx_month(min(visited_on)), array_agg(o)
    INTO hs, us, since, gone FROM old_rows o;
  IF gone IS NULL THEN RETURN NULL; END IF;
  UPDATE stat_visit x SET visits = x.visits - d.visits, questionnaires = x.questionnaires - d.questionnaires
  FROM (SELECT nx_month(visited_on) AS month, left(region_code, 9) AS township_code, count(*)::int AS visits,
               (count(*) FILTER (WHERE nx_has_answers(answers)))::int AS questionnaires
        FROM old_rows GROUP BY 1, 2) d
  WHERE x.month = d.month AND x.township_code = d.township_code;
  PERFORM nx_visit_distinct(hs, us, since, '{}', gone);
  RETURN NULL;
END $$;

CREATE TRIGGER visit_rollup_insert AFTER INSERT ON visit REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION visit_rollup_insert();
CREATE TRIGGER visit_rollup_delete AFTER DELETE ON visit REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION visit_rollup_delete();

-- Databases seeded under the row-level triggers get their distinct counts recomputed.
SELECT rebuild_rollups();
