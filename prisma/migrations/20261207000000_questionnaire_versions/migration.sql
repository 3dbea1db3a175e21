-- The questionnaire is data an administrator edits (issue 15, item 4; decision 029): questions are
-- added, reworded, reordered or retired in one draft, and publishing the draft stores a NEW
-- version. A published version is a record visits point at: nobody changes or removes it — not
-- the app (grants, lib/db/roles.ts) and not the owner either (this trigger).
ALTER TABLE "questionnaire_template"
  ADD COLUMN "published_by_id" INTEGER REFERENCES "app_user"("id"),
  ADD COLUMN "published_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

CREATE FUNCTION questionnaire_template_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'questionnaire version % is published: publish a new version instead of changing it', OLD.version
    USING ERRCODE = 'integrity_constraint_violation';
END $$;
CREATE TRIGGER questionnaire_template_immutable BEFORE UPDATE OR DELETE ON "questionnaire_template"
  FOR EACH ROW EXECUTE FUNCTION questionnaire_template_immutable();
CREATE TRIGGER questionnaire_template_no_truncate BEFORE TRUNCATE ON "questionnaire_template"
  FOR EACH STATEMENT EXECUTE FUNCTION questionnaire_template_immutable();

-- The one draft being edited (at most one: the province has one questionnaire). `base_version` is
-- the version it was started from: publishing refuses when another version was published since.
-- `revision` counts edits, so two administrators editing at once cannot overwrite each other.
CREATE TABLE "questionnaire_draft" (
  "id" INTEGER NOT NULL DEFAULT 1 CHECK ("id" = 1),
  "base_version" INTEGER NOT NULL REFERENCES "questionnaire_template"("version"),
  "title" VARCHAR(100) NOT NULL,
  "questions" JSONB NOT NULL,
  "revision" INTEGER NOT NULL DEFAULT 0,
  "updated_by_id" INTEGER NOT NULL REFERENCES "app_user"("id"),
  "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "questionnaire_draft_pkey" PRIMARY KEY ("id")
);
