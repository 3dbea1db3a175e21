-- CreateEnum
CREATE TYPE "duplicate_status" AS ENUM ('OPEN', 'NOT_DUPLICATE', 'MERGED');

-- DropIndex
DROP INDEX "member_name_idx";

-- AlterTable
ALTER TABLE "household" ADD COLUMN     "address_grams" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "merged_into_id" INTEGER;

-- CreateTable
CREATE TABLE "duplicate_pair" (
    "id" SERIAL NOT NULL,
    "household_a" INTEGER NOT NULL,
    "household_b" INTEGER NOT NULL,
    "region_a" VARCHAR(12) NOT NULL,
    "region_b" VARCHAR(12) NOT NULL,
    "reasons" TEXT[],
    "score" DECIMAL(4,3) NOT NULL,
    "status" "duplicate_status" NOT NULL DEFAULT 'OPEN',
    "decided_by_id" INTEGER,
    "decided_at" TIMESTAMPTZ(3),
    "reason" VARCHAR(500),
    "survivor_id" INTEGER,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "duplicate_pair_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "duplicate_setting" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "address_similarity" DECIMAL(3,2) NOT NULL DEFAULT 0.8,

    CONSTRAINT "duplicate_setting_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "duplicate_pair_household_b_idx" ON "duplicate_pair"("household_b");

-- CreateIndex
CREATE INDEX "duplicate_pair_status_region_a_idx" ON "duplicate_pair"("status", "region_a");

-- CreateIndex
CREATE INDEX "duplicate_pair_status_region_b_idx" ON "duplicate_pair"("status", "region_b");

-- CreateIndex
CREATE UNIQUE INDEX "duplicate_pair_household_a_household_b_key" ON "duplicate_pair"("household_a", "household_b");

-- CreateIndex
CREATE INDEX "household_phone_idx" ON "household"("phone");

-- CreateIndex
CREATE INDEX "household_merged_into_id_idx" ON "household"("merged_into_id");

-- CreateIndex
CREATE INDEX "member_name_birth_date_idx" ON "member"("name", "birth_date");

-- AddForeignKey
ALTER TABLE "household" ADD CONSTRAINT "household_merged_into_id_fkey" FOREIGN KEY ("merged_into_id") REFERENCES "household"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- ───────────────────────── Hand-written: suspected duplicates (issue 16 part 3, decision 028) ─────────────────────────

ALTER TABLE "duplicate_pair" ADD CONSTRAINT "duplicate_pair_ordered" CHECK ("household_a" < "household_b");
ALTER TABLE "duplicate_pair" ADD CONSTRAINT "duplicate_pair_decided"
  CHECK (("status" = 'OPEN') = ("decided_at" IS NULL));
ALTER TABLE "duplicate_pair" ADD CONSTRAINT "duplicate_pair_survivor"
  CHECK (("status" = 'MERGED') = ("survivor_id" IS NOT NULL));
ALTER TABLE "duplicate_setting" ADD CONSTRAINT "duplicate_setting_one_row" CHECK ("id" = 1);
ALTER TABLE "duplicate_setting" ADD CONSTRAINT "duplicate_setting_threshold"
  CHECK ("address_similarity" > 0 AND "address_similarity" <= 1);
INSERT INTO "duplicate_setting" ("id", "address_similarity") VALUES (1, 0.8);
-- A tombstone points to a living household, never to itself.
ALTER TABLE "household" ADD CONSTRAINT "household_not_merged_into_itself" CHECK ("merged_into_id" <> "id");

-- A pair is the business of both households' regions: visible and decidable to a user when at
-- least one of the two is in their scope (a county supervisor sees a pair with a family of a
-- neighbouring county, masked). Pairs are written by nx_flag_duplicates, as the owner.
ALTER TABLE duplicate_pair ENABLE ROW LEVEL SECURITY;
CREATE POLICY region_scope ON duplicate_pair
  USING ((region_a >= (SELECT nx_scope_lo()) AND region_a < (SELECT nx_scope_hi()))
      OR (region_b >= (SELECT nx_scope_lo()) AND region_b < (SELECT nx_scope_hi())))
  WITH CHECK ((region_a >= (SELECT nx_scope_lo()) AND region_a < (SELECT nx_scope_hi()))
      OR (region_b >= (SELECT nx_scope_lo()) AND region_b < (SELECT nx_scope_hi())));

-- Address similarity: pg_trgm extracts no trigram from Chinese under the cluster's C locale
-- (show_trgm('站前社区') is empty; decision 024), so similarity() would compare only the digits.
-- The same measure on the characters and character pairs of decision 024 (nx_grams) instead:
-- shared grams over all grams (Jaccard), 1 for identical texts. The grams of each address are
-- kept in household.address_grams (a trigger, like search_grams), so a comparison is two stored
-- arrays: computing them per candidate cost about 1 ms a pair (35 s for 500 households against
-- a province of 1,000,000).
CREATE FUNCTION household_address_grams() RETURNS trigger LANGUAGE plpgsql
SET search_path = pg_catalog, public AS $$
BEGIN
  NEW.address_grams := nx_grams(NEW.address);
  RETURN NEW;
END $$;
CREATE TRIGGER household_address_grams BEFORE INSERT OR UPDATE OF address ON household
  FOR EACH ROW EXECUTE FUNCTION household_address_grams();
UPDATE household SET address_grams = nx_grams(address);

-- Jaccard of two sets of distinct grams (nx_grams gives distinct ones).
CREATE FUNCTION nx_gram_similarity(a text[], b text[]) RETURNS numeric LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN coalesce(cardinality(a), 0) = 0 OR coalesce(cardinality(b), 0) = 0 THEN 0::numeric
    ELSE round(i::numeric / (cardinality(a) + cardinality(b) - i), 3) END
  FROM (SELECT count(*)::int AS i FROM unnest(a) g WHERE g = ANY(b)) x
$$;
CREATE FUNCTION nx_text_similarity(a text, b text) RETURNS numeric LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT nx_gram_similarity(nx_grams(a), nx_grams(b))
$$;

-- Flag the suspected duplicates of households `hs` across the province: a member with the same
-- name and birth date (the birth date is stored beside the encrypted ID number), the same phone,
-- or an address of the same village at least duplicate_setting.address_similarity alike. Every
-- lookup goes by an index (member(name, birth_date), household(phone), household(region_code, …)),
-- so a batch costs per household, not per province. A pair already decided is left alone (a
-- NOT_DUPLICATE is never flagged again); an open one gains the new reasons. Tombstones take no
-- part. Returns the number of pairs newly flagged. SECURITY DEFINER: the other household is
-- usually outside the writer's region, which row-level security would hide.
CREATE FUNCTION nx_flag_duplicates(hs int[]) RETURNS int LANGUAGE plpgsql VOLATILE
SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE threshold numeric; flagged int;
BEGIN
  SELECT address_similarity INTO threshold FROM duplicate_setting WHERE id = 1;
  threshold := coalesce(threshold, 0.8);
  WITH mine AS (
    SELECT id, region_code, phone, address_grams FROM household WHERE id = ANY(hs) AND merged_into_id IS NULL
  ), found AS (
    SELECT least(m.id, o.id) AS a, greatest(m.id, o.id) AS b, 'NAME_BIRTH'::text AS reason, 1::numeric AS score
    FROM mine m
    JOIN member mm ON mm.household_id = m.id
    JOIN member om ON om.name = mm.name AND om.birth_date = mm.birth_date AND om.household_id <> m.id
    JOIN household o ON o.id = om.household_id AND o.merged_into_id IS NULL
    UNION ALL
    SELECT least(m.id, o.id), greatest(m.id, o.id), 'PHONE', 1
    FROM mine m JOIN household o ON o.phone = m.phone AND o.id <> m.id AND o.merged_into_id IS NULL
    WHERE nullif(btrim(m.phone), '') IS NOT NULL
    UNION ALL
    SELECT least(m.id, s.id), greatest(m.id, s.id), 'ADDRESS', s.sim
    FROM mine m CROSS JOIN LATERAL (
      SELECT o.id, nx_gram_similarity(m.address_grams, o.address_grams) AS sim FROM household o
      WHERE o.region_code = m.region_code AND o.id <> m.id AND o.merged_into_id IS NULL
    ) s WHERE s.sim >= threshold
  ), pairs AS (
    SELECT f.a, f.b, array_agg(DISTINCT f.reason ORDER BY f.reason) AS reasons,
           max(f.score) FILTER (WHERE f.reason = 'ADDRESS') AS address_score
    FROM found f GROUP BY f.a, f.b
  ), written AS (
    INSERT INTO duplicate_pair AS d (household_a, household_b, region_a, region_b, reasons, score)
    SELECT p.a, p.b, ha.region_code, hb.region_code, p.reasons, coalesce(p.address_score, 1)
    FROM pairs p JOIN household ha ON ha.id = p.a JOIN household hb ON hb.id = p.b
    ORDER BY p.a, p.b
    ON CONFLICT (household_a, household_b) DO UPDATE
      SET reasons = ARRAY(SELECT DISTINCT r FROM unnest(d.reasons || EXCLUDED.reasons) r ORDER BY r),
          score = greatest(d.score, EXCLUDED.score),
          region_a = EXCLUDED.region_a, region_b = EXCLUDED.region_b
      WHERE d.status = 'OPEN'
    RETURNING (xmax = 0) AS inserted
  )
  SELECT count(*) FILTER (WHERE inserted) INTO flagged FROM written;
  RETURN flagged;
END $$;

-- A tombstone drops out of the register's figures (its category is NONE after a merge, and it is
-- not counted under NONE either): the definition and its trigger say so alike.
CREATE OR REPLACE VIEW raw_stat_register AS
  SELECT left(region_code, 9)::varchar(9) AS township_code, category, count(*)::int AS households
  FROM household WHERE merged_into_id IS NULL GROUP BY 1, 2;
CREATE OR REPLACE FUNCTION nx_upsert_register_stats(r household, s int) RETURNS void LANGUAGE plpgsql
SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
  IF r.merged_into_id IS NOT NULL THEN RETURN; END IF;
  INSERT INTO stat_register AS x (township_code, category, households) VALUES (left(r.region_code, 9), r.category, s)
  ON CONFLICT (township_code, category) DO UPDATE SET households = x.households + EXCLUDED.households;
END $$;
DROP TRIGGER household_rollup_update ON household;
CREATE TRIGGER household_rollup_update AFTER UPDATE ON household FOR EACH ROW
  WHEN (OLD.category IS DISTINCT FROM NEW.category OR OLD.region_code IS DISTINCT FROM NEW.region_code
     OR OLD.merged_into_id IS DISTINCT FROM NEW.merged_into_id)
  EXECUTE FUNCTION household_rollup();

-- Visits are records (visit_immutable): their household never changes — except in one guarded
-- case, a merge. A visit may move from a tombstone to the household it was merged into, and
-- nothing else of it may change on the way. The merge command marks the tombstone first (in the
-- same transaction, with its audit row), so no other path can move a visit.
CREATE OR REPLACE FUNCTION visit_immutable() RETURNS trigger LANGUAGE plpgsql
SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
  IF OLD.household_id IS DISTINCT FROM NEW.household_id
     AND OLD.visited_on = NEW.visited_on AND OLD.region_code = NEW.region_code
     AND OLD.recorded_by_id = NEW.recorded_by_id AND OLD.on_roster = NEW.on_roster
     AND EXISTS (SELECT 1 FROM household h WHERE h.id = OLD.household_id AND h.merged_into_id = NEW.household_id) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'visit % is a record: delete it and record it again instead of moving it', OLD.id;
END $$;

-- The roll-ups that count households (visited households, the roster's visited households) follow
-- a merge's moved visits: after − before for the two households, from the statement's rows, with
-- the functions the inserts and deletes use (visit_rollups_per_statement, roster_visited).
-- stat_visit and stat_staff_active do not change: a moved visit keeps its village and recorder.
CREATE FUNCTION visit_merge_rollup() RETURNS trigger LANGUAGE plpgsql
SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE hs int[]; ids int[]; olds visit[];
BEGIN
  SELECT array_agg(DISTINCT x.h ORDER BY x.h) INTO hs FROM (
    SELECT n.household_id AS h FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE n.household_id <> o.household_id
    UNION SELECT o.household_id FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE n.household_id <> o.household_id) x;
  IF hs IS NULL THEN RETURN NULL; END IF;
  SELECT array_agg(n.id), array_agg(o) INTO ids, olds
    FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE n.household_id <> o.household_id;
  PERFORM nx_visit_distinct(hs, '{}'::int[], date '0001-01-01', ids, olds);
  INSERT INTO stat_roster_visited AS x (month, township_code, households)
  SELECT d.month, left(h.region_code, 9), sum(d.s)::int FROM (
    SELECT DISTINCT household_id, nx_month(visited_on) AS month, 1 AS s FROM visit WHERE household_id = ANY(hs)
    UNION ALL
    SELECT DISTINCT b.household_id, nx_month(b.visited_on), -1 FROM (
      SELECT household_id, visited_on FROM visit WHERE household_id = ANY(hs) AND id <> ALL(ids)
      UNION ALL SELECT o.household_id, o.visited_on FROM unnest(olds) o) b
  ) d JOIN household h ON h.id = d.household_id AND h.category <> 'NONE'
  GROUP BY 1, 2 HAVING sum(d.s) <> 0
  ON CONFLICT (month, township_code) DO UPDATE SET households = x.households + EXCLUDED.households;
  RETURN NULL;
END $$;
CREATE TRIGGER visit_merge_rollup AFTER UPDATE ON visit REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION visit_merge_rollup();
