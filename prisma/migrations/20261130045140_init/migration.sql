-- CreateEnum
CREATE TYPE "role" AS ENUM ('CASEWORKER', 'SUPERVISOR', 'PROVINCIAL', 'ADMIN');

-- CreateEnum
CREATE TYPE "assistance_category" AS ENUM ('NONE', 'DIBAO', 'TEKUN', 'DIBAO_EDGE', 'RIGID_EXPENSE');

-- CreateEnum
CREATE TYPE "relation" AS ENUM ('HEAD', 'SPOUSE', 'CHILD', 'PARENT', 'GRANDCHILD', 'GRANDPARENT', 'SIBLING', 'OTHER');

-- CreateEnum
CREATE TYPE "labour_capacity" AS ENUM ('NOT_ASSESSED', 'FULL', 'PARTIAL', 'NONE');

-- CreateEnum
CREATE TYPE "problem_category" AS ENUM ('BASIC_LIVING', 'MEDICAL', 'SCHOOLING', 'HOUSING', 'EMPLOYMENT', 'ELDERLY_CARE', 'DISABILITY', 'CHILD_CARE', 'OTHER');

-- CreateEnum
CREATE TYPE "problem_source" AS ENUM ('VISIT', 'HOUSEHOLD', 'GRID', 'HOTLINE');

-- CreateEnum
CREATE TYPE "urgency" AS ENUM ('LOW', 'MEDIUM', 'HIGH');

-- CreateEnum
CREATE TYPE "problem_status" AS ENUM ('OPEN', 'TRANSFERRED', 'IN_AID', 'RESOLVED');

-- CreateTable
CREATE TABLE "region" (
    "code" VARCHAR(12) NOT NULL,
    "name" VARCHAR(100) NOT NULL,
    "level" SMALLINT NOT NULL,
    "parent_code" VARCHAR(12),
    "full_name" VARCHAR(200) NOT NULL,
    "rural" BOOLEAN NOT NULL DEFAULT false,
    "retired_at" DATE,

    CONSTRAINT "region_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "app_user" (
    "id" SERIAL NOT NULL,
    "username" VARCHAR(50) NOT NULL,
    "name" VARCHAR(50) NOT NULL,
    "password_hash" VARCHAR(100) NOT NULL,
    "role" "role" NOT NULL,
    "region_code" VARCHAR(12) NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_login_at" TIMESTAMPTZ(3),

    CONSTRAINT "app_user_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "household" (
    "id" SERIAL NOT NULL,
    "region_code" VARCHAR(12) NOT NULL,
    "address" VARCHAR(200) NOT NULL,
    "phone" VARCHAR(30),
    "category" "assistance_category" NOT NULL DEFAULT 'NONE',
    "head_name" VARCHAR(50) NOT NULL,
    "member_count" SMALLINT NOT NULL DEFAULT 0,
    "note" VARCHAR(2000),
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "household_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "member" (
    "id" SERIAL NOT NULL,
    "household_id" INTEGER NOT NULL,
    "region_code" VARCHAR(12) NOT NULL,
    "name" VARCHAR(50) NOT NULL,
    "id_number" CHAR(18) NOT NULL,
    "id_number_masked" CHAR(18) NOT NULL,
    "birth_date" DATE NOT NULL,
    "male" BOOLEAN NOT NULL,
    "relation" "relation" NOT NULL,
    "major_illness" BOOLEAN NOT NULL DEFAULT false,
    "disability_grade" SMALLINT,
    "post_compulsory_student" BOOLEAN NOT NULL DEFAULT false,
    "unsupported_child" BOOLEAN NOT NULL DEFAULT false,
    "labour_capacity" "labour_capacity" NOT NULL DEFAULT 'NOT_ASSESSED',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "member_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "questionnaire_template" (
    "version" INTEGER NOT NULL,
    "title" VARCHAR(100) NOT NULL,
    "questions" JSONB NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "questionnaire_template_pkey" PRIMARY KEY ("version")
);

-- CreateTable
CREATE TABLE "visit" (
    "id" SERIAL NOT NULL,
    "household_id" INTEGER NOT NULL,
    "region_code" VARCHAR(12) NOT NULL,
    "visited_on" DATE NOT NULL,
    "visitors" VARCHAR(200) NOT NULL,
    "people_met" VARCHAR(200) NOT NULL,
    "questionnaire_version" INTEGER NOT NULL,
    "answers" JSONB NOT NULL,
    "findings" VARCHAR(2000),
    "idempotency_key" UUID NOT NULL,
    "recorded_by_id" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "visit_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "problem" (
    "id" SERIAL NOT NULL,
    "household_id" INTEGER NOT NULL,
    "visit_id" INTEGER,
    "region_code" VARCHAR(12) NOT NULL,
    "source" "problem_source" NOT NULL,
    "category" "problem_category" NOT NULL,
    "description" VARCHAR(2000) NOT NULL,
    "urgency" "urgency" NOT NULL DEFAULT 'MEDIUM',
    "status" "problem_status" NOT NULL DEFAULT 'OPEN',
    "found_on" DATE NOT NULL,
    "created_by_id" INTEGER NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "problem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_log" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor_id" INTEGER,
    "action" VARCHAR(60) NOT NULL,
    "entity" VARCHAR(40) NOT NULL,
    "entity_id" VARCHAR(40),
    "region_code" VARCHAR(12),
    "before" JSONB,
    "after" JSONB,

    CONSTRAINT "audit_log_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "region_parent_code_idx" ON "region"("parent_code");

-- CreateIndex
CREATE INDEX "region_level_code_idx" ON "region"("level", "code");

-- CreateIndex
CREATE UNIQUE INDEX "app_user_username_key" ON "app_user"("username");

-- CreateIndex
CREATE INDEX "app_user_region_code_idx" ON "app_user"("region_code");

-- CreateIndex
CREATE INDEX "household_region_code_category_idx" ON "household"("region_code", "category");

-- CreateIndex
CREATE INDEX "household_head_name_idx" ON "household"("head_name");

-- CreateIndex
CREATE UNIQUE INDEX "member_id_number_key" ON "member"("id_number");

-- CreateIndex
CREATE INDEX "member_household_id_idx" ON "member"("household_id");

-- CreateIndex
CREATE INDEX "member_region_code_idx" ON "member"("region_code");

-- CreateIndex
CREATE INDEX "member_name_idx" ON "member"("name");

-- CreateIndex
CREATE UNIQUE INDEX "visit_idempotency_key_key" ON "visit"("idempotency_key");

-- CreateIndex
CREATE INDEX "visit_household_id_visited_on_idx" ON "visit"("household_id", "visited_on");

-- CreateIndex
CREATE INDEX "visit_region_code_visited_on_idx" ON "visit"("region_code", "visited_on");

-- CreateIndex
CREATE INDEX "problem_household_id_idx" ON "problem"("household_id");

-- CreateIndex
CREATE INDEX "problem_region_code_status_idx" ON "problem"("region_code", "status");

-- CreateIndex
CREATE INDEX "audit_log_at_idx" ON "audit_log"("at");

-- CreateIndex
CREATE INDEX "audit_log_actor_id_at_idx" ON "audit_log"("actor_id", "at");

-- CreateIndex
CREATE INDEX "audit_log_entity_entity_id_idx" ON "audit_log"("entity", "entity_id");

-- CreateIndex
CREATE INDEX "audit_log_region_code_at_idx" ON "audit_log"("region_code", "at");

-- AddForeignKey
ALTER TABLE "region" ADD CONSTRAINT "region_parent_code_fkey" FOREIGN KEY ("parent_code") REFERENCES "region"("code") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "member" ADD CONSTRAINT "member_household_id_fkey" FOREIGN KEY ("household_id") REFERENCES "household"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "visit" ADD CONSTRAINT "visit_household_id_fkey" FOREIGN KEY ("household_id") REFERENCES "household"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "visit" ADD CONSTRAINT "visit_questionnaire_version_fkey" FOREIGN KEY ("questionnaire_version") REFERENCES "questionnaire_template"("version") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "visit" ADD CONSTRAINT "visit_recorded_by_id_fkey" FOREIGN KEY ("recorded_by_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "problem" ADD CONSTRAINT "problem_household_id_fkey" FOREIGN KEY ("household_id") REFERENCES "household"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "problem" ADD CONSTRAINT "problem_visit_id_fkey" FOREIGN KEY ("visit_id") REFERENCES "visit"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_actor_id_fkey" FOREIGN KEY ("actor_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;
