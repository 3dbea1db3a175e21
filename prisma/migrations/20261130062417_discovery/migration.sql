-- CreateEnum
CREATE TYPE "screening_outcome" AS ENUM ('APPLIED', 'NOT_ELIGIBLE', 'OTHER_HELP');

-- CreateTable
CREATE TABLE "discovery_rule" (
    "id" SERIAL NOT NULL,
    "code" VARCHAR(40) NOT NULL,
    "name" VARCHAR(60) NOT NULL,
    "description" VARCHAR(500) NOT NULL,
    "conditions" JSONB NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "built_in" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "discovery_rule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "screening" (
    "id" SERIAL NOT NULL,
    "household_id" INTEGER NOT NULL,
    "region_code" VARCHAR(12) NOT NULL,
    "rule_codes" TEXT[],
    "outcome" "screening_outcome" NOT NULL,
    "reason" VARCHAR(1000) NOT NULL,
    "application_id" INTEGER,
    "problem_id" INTEGER,
    "screened_on" DATE NOT NULL,
    "created_by_id" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "screening_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "discovery_rule_code_key" ON "discovery_rule"("code");

-- CreateIndex
CREATE INDEX "screening_region_code_screened_on_idx" ON "screening"("region_code", "screened_on");

-- CreateIndex
CREATE INDEX "screening_household_id_idx" ON "screening"("household_id");
