-- A visit's answers may be corrected (its household, day, place and recorder still may not):
-- the questionnaire count follows when a correction empties or fills them.
CREATE OR REPLACE FUNCTION visit_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'visit % is a record: delete it and record it again instead of moving it', OLD.id;
END $$;
DROP TRIGGER visit_immutable ON visit;
CREATE TRIGGER visit_immutable BEFORE UPDATE ON visit FOR EACH ROW
  WHEN (OLD.household_id IS DISTINCT FROM NEW.household_id OR OLD.visited_on IS DISTINCT FROM NEW.visited_on
     OR OLD.region_code IS DISTINCT FROM NEW.region_code OR OLD.recorded_by_id IS DISTINCT FROM NEW.recorded_by_id
     OR OLD.on_roster IS DISTINCT FROM NEW.on_roster)
  EXECUTE FUNCTION visit_immutable();

CREATE FUNCTION visit_answers_rollup() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE stat_visit SET questionnaires = questionnaires + nx_has_answers(NEW.answers)::int - nx_has_answers(OLD.answers)::int
    WHERE month = nx_month(NEW.visited_on) AND township_code = left(NEW.region_code, 9);
  RETURN NULL;
END $$;
CREATE TRIGGER visit_answers_rollup AFTER UPDATE ON visit FOR EACH ROW
  WHEN (nx_has_answers(OLD.answers) IS DISTINCT FROM nx_has_answers(NEW.answers))
  EXECUTE FUNCTION visit_answers_rollup();
