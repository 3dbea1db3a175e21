-- CreateEnum
CREATE TYPE "alert_kind" AS ENUM ('MISSED_VISITS', 'INCOME_CHANGE', 'TURNS_18', 'TURNS_75', 'NEW_FLAG', 'MEMBER_LEFT');

-- CreateEnum
CREATE TYPE "reassessment_outcome" AS ENUM ('NEW_APPLICATION', 'CATEGORY_CHANGE', 'NO_CHANGE');

-- CreateTable
CREATE TABLE "monitoring_alert" (
    "id" SERIAL NOT NULL,
    "household_id" INTEGER NOT NULL,
    "region_code" VARCHAR(12) NOT NULL,
    "kind" "alert_kind" NOT NULL,
    "detail" VARCHAR(500) NOT NULL,
    "dedupe_key" VARCHAR(100) NOT NULL,
    "raised_on" DATE NOT NULL,
    "closed_on" DATE,
    "outcome" "reassessment_outcome",
    "outcome_reason" VARCHAR(1000),
    "closed_by_id" INTEGER,
    "application_id" INTEGER,

    CONSTRAINT "monitoring_alert_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "policy" (
    "id" SERIAL NOT NULL,
    "code" VARCHAR(40) NOT NULL,
    "title" VARCHAR(100) NOT NULL,
    "who_qualifies" VARCHAR(1000) NOT NULL,
    "benefit" VARCHAR(1000) NOT NULL,
    "department" VARCHAR(50) NOT NULL,
    "conditions" JSONB NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "policy_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "resource" (
    "id" SERIAL NOT NULL,
    "name" VARCHAR(100) NOT NULL,
    "kind" VARCHAR(40) NOT NULL,
    "services" VARCHAR(500) NOT NULL,
    "region_codes" TEXT[],
    "capacity" INTEGER,
    "contact" VARCHAR(100),
    "active" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "resource_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "offer" (
    "id" SERIAL NOT NULL,
    "household_id" INTEGER NOT NULL,
    "region_code" VARCHAR(12) NOT NULL,
    "policy_id" INTEGER,
    "resource_id" INTEGER,
    "offered_on" DATE NOT NULL,
    "taken_up" BOOLEAN,
    "note" VARCHAR(500),
    "created_by_id" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "offer_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "monitoring_alert_dedupe_key_key" ON "monitoring_alert"("dedupe_key");

-- CreateIndex
CREATE INDEX "monitoring_alert_region_code_closed_on_idx" ON "monitoring_alert"("region_code", "closed_on");

-- CreateIndex
CREATE INDEX "monitoring_alert_household_id_idx" ON "monitoring_alert"("household_id");

-- CreateIndex
CREATE UNIQUE INDEX "policy_code_key" ON "policy"("code");

-- CreateIndex
CREATE INDEX "offer_household_id_idx" ON "offer"("household_id");
