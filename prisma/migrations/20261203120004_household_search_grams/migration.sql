-- AlterTable
ALTER TABLE "household" ADD COLUMN     "search_grams" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- CreateIndex
CREATE INDEX "household_search_grams_idx" ON "household" USING GIN ("search_grams");

-- What the grams are (decision 024): every character and every pair of neighbouring characters of
-- a text. pg_trgm extracts nothing from Chinese under the C locale, and a two-character query
-- has no trigram at all, so `LIKE '%王芳%'` could use no index; the pairs of the query must all
-- be among a household's pairs, which a GIN index answers, and LIKE then checks the match.
-- Whitespace alone is not a gram. Case-sensitive, like the LIKE it serves.
CREATE FUNCTION nx_grams(t text) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(array_agg(DISTINCT g), '{}'::text[]) FROM (
    SELECT substr(t, i, 1) AS g FROM generate_series(1, char_length(t)) i
    UNION ALL
    SELECT substr(t, i, 2) FROM generate_series(1, char_length(t) - 1) i
  ) x WHERE g !~ '^\s*$'
$$;

-- A household's grams: its head's name, its address and every member's name, each on its own
-- (no pair spans two of them).
CREATE FUNCTION nx_household_grams(hid integer, head text, addr text) RETURNS text[] LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, public AS $$
  SELECT coalesce(array_agg(DISTINCT g), '{}'::text[]) FROM (
    SELECT unnest(nx_grams(head)) AS g
    UNION ALL SELECT unnest(nx_grams(addr))
    UNION ALL SELECT unnest(nx_grams(m.name)) FROM member m WHERE m.household_id = hid
  ) x
$$;

CREATE FUNCTION household_search_grams() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public AS $$
BEGIN
  NEW.search_grams := nx_household_grams(NEW.id, NEW.head_name, NEW.address);
  RETURN NEW;
END $$;
CREATE TRIGGER household_search_grams BEFORE INSERT OR UPDATE OF head_name, address ON household
  FOR EACH ROW EXECUTE FUNCTION household_search_grams();

-- Members added, renamed or removed: their households' grams again, once per statement.
-- SECURITY DEFINER like the other triggers: the writer's scope covers the household anyway.
CREATE FUNCTION member_search_grams() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    UPDATE household h SET search_grams = nx_household_grams(h.id, h.head_name, h.address)
    WHERE h.id IN (SELECT DISTINCT household_id FROM old_rows);
  ELSIF TG_OP = 'UPDATE' THEN
    UPDATE household h SET search_grams = nx_household_grams(h.id, h.head_name, h.address)
    WHERE h.id IN (SELECT n.household_id FROM new_rows n JOIN old_rows o ON o.id = n.id
                   WHERE n.name IS DISTINCT FROM o.name OR n.household_id IS DISTINCT FROM o.household_id
                   UNION SELECT o.household_id FROM new_rows n JOIN old_rows o ON o.id = n.id
                   WHERE n.household_id IS DISTINCT FROM o.household_id);
  ELSE
    UPDATE household h SET search_grams = nx_household_grams(h.id, h.head_name, h.address)
    WHERE h.id IN (SELECT DISTINCT household_id FROM new_rows);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER member_search_grams_insert AFTER INSERT ON member REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION member_search_grams();
CREATE TRIGGER member_search_grams_update AFTER UPDATE ON member REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION member_search_grams();
CREATE TRIGGER member_search_grams_delete AFTER DELETE ON member REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION member_search_grams();

-- All of them in one statement (this migration, and the generator after a bulk load).
CREATE FUNCTION rebuild_search_grams() RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public AS $$
DECLARE n bigint;
BEGIN
  -- Set-based (one pass over each table, no index needed): also right after a bulk load.
  UPDATE household h SET search_grams = g.grams
  FROM (
    SELECT hid, array_agg(DISTINCT x) AS grams FROM (
      SELECT id AS hid, unnest(nx_grams(head_name)) AS x FROM household
      UNION ALL SELECT id, unnest(nx_grams(address)) FROM household
      UNION ALL SELECT household_id, unnest(nx_grams(name)) FROM member
    ) y GROUP BY hid
  ) g
  WHERE g.hid = h.id;
  GET DIAGNOSTICS n = ROW_COUNT;
  RETURN n;
END $$;
SELECT rebuild_search_grams();
