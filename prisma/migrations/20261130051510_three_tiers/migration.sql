-- CreateEnum
CREATE TYPE "resolution_tier" AS ENUM ('IMMEDIATE', 'TRANSFER', 'TEMP_AID');

-- CreateEnum
CREATE TYPE "transfer_status" AS ENUM ('SENT', 'ACCEPTED', 'RESOLVED', 'RETURNED');

-- CreateEnum
CREATE TYPE "fund_kind" AS ENUM ('CITY_FUND', 'TOWNSHIP_RESERVE');

-- CreateEnum
CREATE TYPE "fund_entry_kind" AS ENUM ('TOP_UP', 'PAYMENT', 'REVERSAL');

-- CreateEnum
CREATE TYPE "aid_kind" AS ENUM ('EMERGENCY', 'EXPENDITURE');

-- CreateEnum
CREATE TYPE "aid_status" AS ENUM ('PENDING_SIGNOFF', 'PAID', 'REJECTED');

-- CreateEnum
CREATE TYPE "support_action_kind" AS ENUM ('LABOUR_ASSESSMENT_REQUESTED', 'LABOUR_ASSESSMENT_RECORDED', 'UNSUPPORTED_CHILD', 'VOLUNTEER_MATCHED');

-- AlterEnum
ALTER TYPE "role" ADD VALUE 'DEPARTMENT';

-- DropIndex
DROP INDEX "problem_region_code_status_idx";

-- AlterTable
ALTER TABLE "app_user" ADD COLUMN     "department_code" VARCHAR(30);

-- AlterTable
ALTER TABLE "problem" ADD COLUMN     "due_on" DATE,
ADD COLUMN     "reporter" VARCHAR(100),
ADD COLUMN     "resolution" VARCHAR(2000),
ADD COLUMN     "resolved_by_id" INTEGER,
ADD COLUMN     "resolved_on" DATE,
ADD COLUMN     "tier" "resolution_tier";

-- Existing problems: due by urgency (HIGH 3 days, MEDIUM 15, LOW 30; lib/problems/schema.ts).
UPDATE "problem" SET "due_on" = "found_on" + CASE "urgency" WHEN 'HIGH' THEN 3 WHEN 'MEDIUM' THEN 15 ELSE 30 END;
ALTER TABLE "problem" ALTER COLUMN "due_on" SET NOT NULL;

-- CreateTable
CREATE TABLE "department" (
    "code" VARCHAR(30) NOT NULL,
    "name" VARCHAR(50) NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "sort" SMALLINT NOT NULL DEFAULT 0,

    CONSTRAINT "department_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "transfer" (
    "id" SERIAL NOT NULL,
    "problem_id" INTEGER NOT NULL,
    "region_code" VARCHAR(12) NOT NULL,
    "department_code" VARCHAR(30) NOT NULL,
    "request" VARCHAR(2000) NOT NULL,
    "due_on" DATE NOT NULL,
    "status" "transfer_status" NOT NULL DEFAULT 'SENT',
    "answer" VARCHAR(2000),
    "answered_by_id" INTEGER,
    "answered_at" TIMESTAMPTZ(3),
    "created_by_id" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "version" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "transfer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "fund" (
    "id" SERIAL NOT NULL,
    "kind" "fund_kind" NOT NULL,
    "region_code" VARCHAR(12) NOT NULL,
    "name" VARCHAR(100) NOT NULL,
    "balance" DECIMAL(14,2) NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "fund_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "fund_entry" (
    "id" SERIAL NOT NULL,
    "fund_id" INTEGER NOT NULL,
    "kind" "fund_entry_kind" NOT NULL,
    "amount" DECIMAL(14,2) NOT NULL,
    "balance_after" DECIMAL(14,2) NOT NULL,
    "problem_id" INTEGER,
    "household_id" INTEGER,
    "aid_case_id" INTEGER,
    "reverses_entry_id" INTEGER,
    "note" VARCHAR(500) NOT NULL,
    "created_by_id" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "fund_entry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "aid_cap" (
    "id" SERIAL NOT NULL,
    "region_code" VARCHAR(12) NOT NULL,
    "emergency_cap" DECIMAL(14,2) NOT NULL,
    "effective_from" DATE NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "aid_cap_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "aid_case" (
    "id" SERIAL NOT NULL,
    "problem_id" INTEGER NOT NULL,
    "household_id" INTEGER NOT NULL,
    "region_code" VARCHAR(12) NOT NULL,
    "kind" "aid_kind" NOT NULL,
    "amount" DECIMAL(14,2) NOT NULL,
    "reason" VARCHAR(2000) NOT NULL,
    "status" "aid_status" NOT NULL,
    "fund_id" INTEGER,
    "paperwork_due_on" DATE,
    "paperwork_done_on" DATE,
    "conference_on" DATE,
    "participants" VARCHAR(500),
    "minutes" VARCHAR(4000),
    "signed_off_by_id" INTEGER,
    "signed_off_at" TIMESTAMPTZ(3),
    "sign_off_note" VARCHAR(1000),
    "created_by_id" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "version" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "aid_case_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "support_action" (
    "id" SERIAL NOT NULL,
    "problem_id" INTEGER NOT NULL,
    "region_code" VARCHAR(12) NOT NULL,
    "kind" "support_action_kind" NOT NULL,
    "member_id" INTEGER,
    "detail" VARCHAR(1000) NOT NULL,
    "labour_capacity" "labour_capacity",
    "created_by_id" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "support_action_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "stat_resolution" (
    "township_code" VARCHAR(9) NOT NULL,
    "month" DATE NOT NULL,
    "tier" "resolution_tier" NOT NULL,
    "department_code" VARCHAR(30) NOT NULL DEFAULT '',
    "count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "stat_resolution_pkey" PRIMARY KEY ("township_code","month","tier","department_code")
);

-- CreateTable
CREATE TABLE "stat_aid_payment" (
    "township_code" VARCHAR(9) NOT NULL,
    "month" DATE NOT NULL,
    "fund_id" INTEGER NOT NULL,
    "amount" DECIMAL(14,2) NOT NULL DEFAULT 0,
    "payments" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "stat_aid_payment_pkey" PRIMARY KEY ("township_code","month","fund_id")
);

-- CreateIndex
CREATE INDEX "transfer_problem_id_idx" ON "transfer"("problem_id");

-- CreateIndex
CREATE INDEX "transfer_department_code_region_code_status_idx" ON "transfer"("department_code", "region_code", "status");

-- CreateIndex
CREATE INDEX "transfer_region_code_status_due_on_idx" ON "transfer"("region_code", "status", "due_on");

-- CreateIndex
CREATE UNIQUE INDEX "fund_kind_region_code_key" ON "fund"("kind", "region_code");

-- CreateIndex
CREATE UNIQUE INDEX "fund_entry_reverses_entry_id_key" ON "fund_entry"("reverses_entry_id");

-- CreateIndex
CREATE INDEX "fund_entry_fund_id_id_idx" ON "fund_entry"("fund_id", "id");

-- CreateIndex
CREATE INDEX "fund_entry_problem_id_idx" ON "fund_entry"("problem_id");

-- CreateIndex
CREATE UNIQUE INDEX "aid_cap_region_code_effective_from_key" ON "aid_cap"("region_code", "effective_from");

-- CreateIndex
CREATE UNIQUE INDEX "aid_case_problem_id_key" ON "aid_case"("problem_id");

-- CreateIndex
CREATE INDEX "aid_case_region_code_status_idx" ON "aid_case"("region_code", "status");

-- CreateIndex
CREATE INDEX "support_action_problem_id_idx" ON "support_action"("problem_id");

-- CreateIndex
CREATE INDEX "problem_region_code_status_due_on_idx" ON "problem"("region_code", "status", "due_on");

-- AddForeignKey
ALTER TABLE "app_user" ADD CONSTRAINT "app_user_department_code_fkey" FOREIGN KEY ("department_code") REFERENCES "department"("code") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "transfer" ADD CONSTRAINT "transfer_problem_id_fkey" FOREIGN KEY ("problem_id") REFERENCES "problem"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "transfer" ADD CONSTRAINT "transfer_department_code_fkey" FOREIGN KEY ("department_code") REFERENCES "department"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "fund_entry" ADD CONSTRAINT "fund_entry_fund_id_fkey" FOREIGN KEY ("fund_id") REFERENCES "fund"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "fund_entry" ADD CONSTRAINT "fund_entry_problem_id_fkey" FOREIGN KEY ("problem_id") REFERENCES "problem"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "fund_entry" ADD CONSTRAINT "fund_entry_household_id_fkey" FOREIGN KEY ("household_id") REFERENCES "household"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "fund_entry" ADD CONSTRAINT "fund_entry_aid_case_id_fkey" FOREIGN KEY ("aid_case_id") REFERENCES "aid_case"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "fund_entry" ADD CONSTRAINT "fund_entry_reverses_entry_id_fkey" FOREIGN KEY ("reverses_entry_id") REFERENCES "fund_entry"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "aid_case" ADD CONSTRAINT "aid_case_problem_id_fkey" FOREIGN KEY ("problem_id") REFERENCES "problem"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "aid_case" ADD CONSTRAINT "aid_case_household_id_fkey" FOREIGN KEY ("household_id") REFERENCES "household"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "aid_case" ADD CONSTRAINT "aid_case_fund_id_fkey" FOREIGN KEY ("fund_id") REFERENCES "fund"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "support_action" ADD CONSTRAINT "support_action_problem_id_fkey" FOREIGN KEY ("problem_id") REFERENCES "problem"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Rules the database keeps even if a command forgets (hand-written; Prisma has no CHECK syntax).
-- A problem has a tier exactly when it is resolved: every resolved problem is in one tier.
ALTER TABLE "problem" ADD CONSTRAINT "problem_tier_iff_resolved"
  CHECK (("status" = 'RESOLVED') = ("tier" IS NOT NULL));
-- A fund's balance never goes below zero.
ALTER TABLE "fund" ADD CONSTRAINT "fund_balance_not_negative" CHECK ("balance" >= 0);
ALTER TABLE "fund_entry" ADD CONSTRAINT "fund_entry_amount_not_zero" CHECK ("amount" <> 0);
ALTER TABLE "aid_case" ADD CONSTRAINT "aid_case_amount_positive" CHECK ("amount" > 0);
