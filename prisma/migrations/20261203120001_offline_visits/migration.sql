-- AlterTable
ALTER TABLE "visit" ADD COLUMN     "flag_reviewed_at" TIMESTAMPTZ(3),
ADD COLUMN     "flag_reviewed_by_id" INTEGER,
ADD COLUMN     "left_area_from" VARCHAR(12);

-- CreateTable
CREATE TABLE "household_move" (
    "id" SERIAL NOT NULL,
    "household_id" INTEGER NOT NULL,
    "from_region" VARCHAR(12) NOT NULL,
    "to_region" VARCHAR(12) NOT NULL,
    "moved_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "household_move_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "household_move_household_id_moved_at_idx" ON "household_move"("household_id", "moved_at");

-- AddForeignKey
ALTER TABLE "household_move" ADD CONSTRAINT "household_move_household_id_fkey" FOREIGN KEY ("household_id") REFERENCES "household"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Every change of a household's village is recorded, whichever path made it (issue 13,
-- docs/decisions/021): a visit a caseworker logged offline before the household left their area
-- is then still stored when the phone syncs, flagged for the household's new supervisor.
-- SECURITY DEFINER like the other triggers: the move is recorded even though the mover's scope
-- may cover only one side of it.
CREATE FUNCTION household_move_record() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
  IF NEW.region_code IS DISTINCT FROM OLD.region_code THEN
    INSERT INTO household_move (household_id, from_region, to_region) VALUES (NEW.id, OLD.region_code, NEW.region_code);
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER household_move_record AFTER UPDATE OF region_code ON household
  FOR EACH ROW EXECUTE FUNCTION household_move_record();

-- History: only ever added to (like audit_log and fund_entry; lib/db/roles.ts revokes the rest).
CREATE TRIGGER household_move_append_only BEFORE UPDATE OR DELETE ON household_move
  FOR EACH ROW EXECUTE FUNCTION refuse_history_change();
CREATE TRIGGER household_move_no_truncate BEFORE TRUNCATE ON household_move
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_history_change();

-- Row-level security (decision 018): a move is seen by the regions on either side of it.
ALTER TABLE household_move ENABLE ROW LEVEL SECURITY;
CREATE POLICY region_scope_read ON household_move FOR SELECT USING (
  (from_region >= (SELECT nx_scope_lo()) AND from_region < (SELECT nx_scope_hi()))
  OR (to_region >= (SELECT nx_scope_lo()) AND to_region < (SELECT nx_scope_hi())));
