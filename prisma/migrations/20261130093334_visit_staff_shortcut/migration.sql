-- A recorder's months are recomputed only when an inserted visit can change them: not when the
-- recorder already had an earlier visit (not one of this statement's) in the same month — then
-- that month's first visit, the months with visits and every "previous month" stay as they were.
-- Most visits are a caseworker's second or later of the month, and the recomputation read all of
-- that month's visits by the recorder. The check runs after the lock, so a concurrent change to
-- the recorder's visits is seen before it is trusted.
CREATE OR REPLACE FUNCTION nx_visit_distinct(hs int[], us int[], since date, new_ids int[], old_rows visit[]) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE changed int[] := us;
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
  IF coalesce(array_length(old_rows, 1), 0) = 0 THEN
    SELECT coalesce(array_agg(DISTINCT n.recorded_by_id ORDER BY n.recorded_by_id), '{}') INTO changed
      FROM visit n
      WHERE n.id = ANY(new_ids)
        AND NOT EXISTS (
          SELECT 1 FROM visit v
          WHERE v.recorded_by_id = n.recorded_by_id
            AND v.visited_on >= nx_month(n.visited_on) AND v.visited_on <= n.visited_on
            AND (v.visited_on, v.id) < (n.visited_on, n.id)
            AND v.id <> ALL(new_ids));
  END IF;
  IF coalesce(array_length(changed, 1), 0) = 0 THEN RETURN; END IF;
  INSERT INTO stat_staff_active AS x (month, township_code, prev_month, staff)
  SELECT d.month, d.township_code, d.prev_month, sum(d.s)::int FROM (
    SELECT c.*, 1 AS s FROM nx_staff_months(changed, since, '{}', '{}') c
    UNION ALL
    SELECT c.*, -1 FROM nx_staff_months(changed, since, new_ids, old_rows) c
  ) d GROUP BY 1, 2, 3 HAVING sum(d.s) <> 0
  ON CONFLICT (month, township_code, prev_month) DO UPDATE SET staff = x.staff + EXCLUDED.staff;
END $$;
