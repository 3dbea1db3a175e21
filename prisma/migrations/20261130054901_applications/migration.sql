-- CreateEnum
CREATE TYPE "application_type" AS ENUM ('DIBAO', 'TEKUN', 'DIBAO_EDGE');

-- CreateEnum
CREATE TYPE "area_kind" AS ENUM ('URBAN', 'RURAL');

-- CreateEnum
CREATE TYPE "calendar_day_kind" AS ENUM ('HOLIDAY', 'WORKDAY');

-- CreateEnum
CREATE TYPE "application_stage" AS ENUM ('ACCEPTED', 'PROPOSED', 'IN_PUBLICITY', 'APPROVED', 'REFUSED');

-- CreateEnum
CREATE TYPE "proposal" AS ENUM ('GRANT', 'REFUSE');

-- CreateEnum
CREATE TYPE "publicity_outcome" AS ENUM ('RUNNING', 'PASSED', 'OBJECTED');

-- CreateTable
CREATE TABLE "assistance_standard" (
    "id" SERIAL NOT NULL,
    "city_code" VARCHAR(4) NOT NULL,
    "area" "area_kind" NOT NULL,
    "type" "application_type" NOT NULL,
    "monthly_amount" DECIMAL(10,2) NOT NULL,
    "effective_from" DATE NOT NULL,
    "effective_to" DATE,
    "note" VARCHAR(200),
    "created_by_id" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "assistance_standard_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "work_calendar_day" (
    "day" DATE NOT NULL,
    "kind" "calendar_day_kind" NOT NULL,
    "name" VARCHAR(50) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "work_calendar_day_pkey" PRIMARY KEY ("day")
);

-- CreateTable
CREATE TABLE "county_setting" (
    "county_code" VARCHAR(6) NOT NULL,
    "two_level_publicity" BOOLEAN NOT NULL DEFAULT false,
    "delegated_confirmation" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "county_setting_pkey" PRIMARY KEY ("county_code")
);

-- CreateTable
CREATE TABLE "application" (
    "id" SERIAL NOT NULL,
    "household_id" INTEGER NOT NULL,
    "region_code" VARCHAR(12) NOT NULL,
    "type" "application_type" NOT NULL,
    "stage" "application_stage" NOT NULL DEFAULT 'ACCEPTED',
    "accepted_on" DATE NOT NULL,
    "extended" BOOLEAN NOT NULL DEFAULT false,
    "proposal" "proposal",
    "proposed_amount" DECIMAL(10,2),
    "proposal_reason" VARCHAR(2000),
    "decided_amount" DECIMAL(10,2),
    "start_month" DATE,
    "decision_reason" VARCHAR(2000),
    "decided_by_id" INTEGER,
    "decided_on" DATE,
    "confirmed_by_township" BOOLEAN NOT NULL DEFAULT false,
    "created_by_id" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "version" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "application_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "application_document" (
    "id" SERIAL NOT NULL,
    "application_id" INTEGER NOT NULL,
    "kind" VARCHAR(40) NOT NULL,
    "missing" BOOLEAN NOT NULL,
    "due_on" DATE,
    "received_on" DATE,
    "waived_reason" VARCHAR(500),
    "waived_by_id" INTEGER,

    CONSTRAINT "application_document_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "economic_check" (
    "id" SERIAL NOT NULL,
    "application_id" INTEGER NOT NULL,
    "incomes" JSONB NOT NULL,
    "assets" JSONB NOT NULL,
    "household_size" SMALLINT NOT NULL,
    "monthly_income" DECIMAL(12,2) NOT NULL,
    "income_per_head" DECIMAL(12,2) NOT NULL,
    "standard_id" INTEGER,
    "standard_amount" DECIMAL(10,2),
    "tekun_conditions" JSONB,
    "eligible" BOOLEAN NOT NULL,
    "checked_on" DATE NOT NULL,
    "created_by_id" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "economic_check_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "publicity" (
    "id" SERIAL NOT NULL,
    "application_id" INTEGER NOT NULL,
    "region_code" VARCHAR(12) NOT NULL,
    "level" SMALLINT NOT NULL DEFAULT 1,
    "starts_on" DATE NOT NULL,
    "ends_on" DATE NOT NULL,
    "outcome" "publicity_outcome" NOT NULL DEFAULT 'RUNNING',
    "created_by_id" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "publicity_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "objection" (
    "id" SERIAL NOT NULL,
    "publicity_id" INTEGER NOT NULL,
    "received_on" DATE NOT NULL,
    "raised_by" VARCHAR(100),
    "content" VARCHAR(2000) NOT NULL,
    "created_by_id" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "objection_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "register_entry" (
    "id" SERIAL NOT NULL,
    "household_id" INTEGER NOT NULL,
    "region_code" VARCHAR(12) NOT NULL,
    "category" "assistance_category" NOT NULL,
    "monthly_amount" DECIMAL(10,2),
    "from_month" DATE NOT NULL,
    "to_month" DATE,
    "application_id" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "register_entry_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "assistance_standard_city_code_area_type_effective_from_idx" ON "assistance_standard"("city_code", "area", "type", "effective_from");

-- CreateIndex
CREATE INDEX "application_region_code_stage_idx" ON "application"("region_code", "stage");

-- CreateIndex
CREATE INDEX "application_household_id_idx" ON "application"("household_id");

-- CreateIndex
CREATE UNIQUE INDEX "application_document_application_id_kind_key" ON "application_document"("application_id", "kind");

-- CreateIndex
CREATE INDEX "economic_check_application_id_idx" ON "economic_check"("application_id");

-- CreateIndex
CREATE INDEX "publicity_application_id_idx" ON "publicity"("application_id");

-- CreateIndex
CREATE INDEX "publicity_region_code_outcome_ends_on_idx" ON "publicity"("region_code", "outcome", "ends_on");

-- CreateIndex
CREATE INDEX "register_entry_household_id_idx" ON "register_entry"("household_id");

-- CreateIndex
CREATE INDEX "register_entry_region_code_category_idx" ON "register_entry"("region_code", "category");

-- AddForeignKey
ALTER TABLE "application" ADD CONSTRAINT "application_household_id_fkey" FOREIGN KEY ("household_id") REFERENCES "household"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "application_document" ADD CONSTRAINT "application_document_application_id_fkey" FOREIGN KEY ("application_id") REFERENCES "application"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "economic_check" ADD CONSTRAINT "economic_check_application_id_fkey" FOREIGN KEY ("application_id") REFERENCES "application"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "economic_check" ADD CONSTRAINT "economic_check_standard_id_fkey" FOREIGN KEY ("standard_id") REFERENCES "assistance_standard"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "publicity" ADD CONSTRAINT "publicity_application_id_fkey" FOREIGN KEY ("application_id") REFERENCES "application"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "objection" ADD CONSTRAINT "objection_publicity_id_fkey" FOREIGN KEY ("publicity_id") REFERENCES "publicity"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "register_entry" ADD CONSTRAINT "register_entry_household_id_fkey" FOREIGN KEY ("household_id") REFERENCES "household"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Hand-written: standards of one city, area and type never overlap in time (a new standard is
-- added without changing history; an overlapping one is refused by the database too).
CREATE EXTENSION IF NOT EXISTS btree_gist;
ALTER TABLE "assistance_standard" ADD CONSTRAINT "assistance_standard_no_overlap"
  EXCLUDE USING gist ("city_code" WITH =, "area" WITH =, "type" WITH =,
                      daterange("effective_from", "effective_to", '[)') WITH &&);
ALTER TABLE "assistance_standard" ADD CONSTRAINT "assistance_standard_amount_positive" CHECK ("monthly_amount" > 0);
ALTER TABLE "economic_check" ADD CONSTRAINT "economic_check_income_not_negative" CHECK ("monthly_income" >= 0);
