-- CreateTable
CREATE TABLE "monitoring_run" (
    "region_prefix" VARCHAR(12) NOT NULL,
    "ran_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "monitoring_run_pkey" PRIMARY KEY ("region_prefix")
);

-- Row-level security (decision 018): an area's detection run is the area's own.
ALTER TABLE monitoring_run ENABLE ROW LEVEL SECURITY;
CREATE POLICY region_scope ON monitoring_run FOR ALL
  USING (region_prefix >= (SELECT nx_scope_lo()) AND region_prefix < (SELECT nx_scope_hi()))
  WITH CHECK (region_prefix >= (SELECT nx_scope_lo()) AND region_prefix < (SELECT nx_scope_hi()));

-- The household search, faster at county and city level and for one- and two-character queries
-- (issue 14). Two changes:
--
-- 1. A household's grams also hold its region at each level ('R:' and the code of its city,
--    county, township and village), so a search in a county asks the GIN index for the
--    households that hold both 王 and R:211224 — the index walks the shorter list — instead of
--    intersecting a bitmap of the 185,000 households with 王 with one of the county's 31,000
--    (50 ms a search). No text gram can be one of these: a text gram is one or two characters.
CREATE FUNCTION nx_region_grams(code text) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(array_agg('R:' || left(code, n) ORDER BY n), '{}'::text[])
  FROM unnest('{4,6,9,12}'::int[]) n WHERE char_length(code) >= n
$$;

CREATE OR REPLACE FUNCTION household_search_grams() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public AS $$
BEGIN
  NEW.search_grams := nx_household_grams(NEW.id, NEW.head_name, NEW.address) || nx_region_grams(NEW.region_code);
  RETURN NEW;
END $$;
DROP TRIGGER household_search_grams ON household;
CREATE TRIGGER household_search_grams BEFORE INSERT OR UPDATE OF head_name, address, region_code ON household
  FOR EACH ROW EXECUTE FUNCTION household_search_grams();

CREATE OR REPLACE FUNCTION member_search_grams() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    UPDATE household h SET search_grams = nx_household_grams(h.id, h.head_name, h.address) || nx_region_grams(h.region_code)
    WHERE h.id IN (SELECT DISTINCT household_id FROM old_rows);
  ELSIF TG_OP = 'UPDATE' THEN
    UPDATE household h SET search_grams = nx_household_grams(h.id, h.head_name, h.address) || nx_region_grams(h.region_code)
    WHERE h.id IN (SELECT n.household_id FROM new_rows n JOIN old_rows o ON o.id = n.id
                   WHERE n.name IS DISTINCT FROM o.name OR n.household_id IS DISTINCT FROM o.household_id
                   UNION SELECT o.household_id FROM new_rows n JOIN old_rows o ON o.id = n.id
                   WHERE n.household_id IS DISTINCT FROM o.household_id);
  ELSE
    UPDATE household h SET search_grams = nx_household_grams(h.id, h.head_name, h.address) || nx_region_grams(h.region_code)
    WHERE h.id IN (SELECT DISTINCT household_id FROM new_rows);
  END IF;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION rebuild_search_grams() RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public AS $$
DECLARE n bigint;
BEGIN
  UPDATE household h SET search_grams = g.grams
  FROM (
    SELECT hid, array_agg(DISTINCT x) AS grams FROM (
      SELECT id AS hid, unnest(nx_grams(head_name)) AS x FROM household
      UNION ALL SELECT id, unnest(nx_grams(address)) FROM household
      UNION ALL SELECT id, unnest(nx_region_grams(region_code)) FROM household
      UNION ALL SELECT household_id, unnest(nx_grams(name)) FROM member
    ) y GROUP BY hid
  ) g
  WHERE g.hid = h.id;
  GET DIAGNOSTICS n = ROW_COUNT;
  RETURN n;
END $$;
SELECT rebuild_search_grams();

-- 2. `pattern` NULL means the grams are the match itself, with no LIKE to check it: a query of
--    one character is found exactly by that character's gram, one of two by that pair's (the
--    caller decides, lib/households/search-grams.ts). The LIKE over members cost a hashed scan of
--    every member's name for a common surname (3 s cold for 王 over a province).
CREATE OR REPLACE FUNCTION nx_household_search(prefix text, pattern text, grams text[], wanted_category text, lim integer, off integer)
RETURNS TABLE (id integer) LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE lo text := nx_scope_lo(); hi text := nx_scope_hi();
BEGIN
  IF lo IS NULL OR hi IS NULL OR prefix IS NULL OR prefix !~ '^[0-9]{2,12}$' THEN RETURN; END IF;
  RETURN QUERY EXECUTE $q$
    SELECT h.id FROM household h
    WHERE h.region_code >= $1 AND h.region_code < $2 AND h.region_code LIKE $3 || '%'
      AND h.search_grams @> ($4 || nx_region_grams_of_prefix($3))
      AND ($5::text IS NULL OR h.category::text = $5)
      AND ($6::text IS NULL OR h.head_name LIKE $6 OR h.address LIKE $6
           OR EXISTS (SELECT 1 FROM member m WHERE m.household_id = h.id AND m.name LIKE $6))
    ORDER BY h.id DESC
    LIMIT $7 OFFSET $8$q$
  USING lo, hi, prefix, grams, wanted_category, pattern, lim, off;
END $$;

-- The gram a region prefix of a whole level stands for (none for the province: every household).
CREATE FUNCTION nx_region_grams_of_prefix(prefix text) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN char_length(prefix) IN (4, 6, 9, 12) THEN ARRAY['R:' || prefix] ELSE '{}'::text[] END
$$;

-- How many households a name or address search finds, up to `cap` (the pages say "1,000+"
-- beyond it): nx_household_search's rows without its order. Ordered newest first, a common
-- surname's first thousand were found by walking the primary key and reading each household
-- (10,000 random reads for 王 over a province, 0.4 s); unordered, the grams' GIN index and the
-- region's index serve it as a bitmap in the table's own order. Same bounds as
-- nx_household_search: the caller's scope and the region its query asks for.
CREATE FUNCTION nx_household_search_count(prefix text, pattern text, grams text[], wanted_category text, cap integer)
RETURNS integer LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE lo text := nx_scope_lo(); hi text := nx_scope_hi(); n integer;
BEGIN
  IF lo IS NULL OR hi IS NULL OR prefix IS NULL OR prefix !~ '^[0-9]{2,12}$' THEN RETURN 0; END IF;
  EXECUTE $q$
    SELECT count(*)::int FROM (
      SELECT 1 FROM household h
      WHERE h.region_code >= $1 AND h.region_code < $2 AND h.region_code LIKE $3 || '%'
        AND h.search_grams @> ($4 || nx_region_grams_of_prefix($3))
        AND ($5::text IS NULL OR h.category::text = $5)
        AND ($6::text IS NULL OR h.head_name LIKE $6 OR h.address LIKE $6
             OR EXISTS (SELECT 1 FROM member m WHERE m.household_id = h.id AND m.name LIKE $6))
      LIMIT $7) s$q$
  INTO n USING lo, hi, prefix, grams, wanted_category, pattern, cap;
  RETURN n;
END $$;
