-- CreateEnum
CREATE TYPE "lead_status" AS ENUM ('OPEN', 'CONVERTED', 'CLOSED');

-- CreateTable
CREATE TABLE "lead" (
    "id" SERIAL NOT NULL,
    "region_code" VARCHAR(12) NOT NULL,
    "source" "problem_source" NOT NULL,
    "reporter" VARCHAR(100),
    "family_name" VARCHAR(50) NOT NULL,
    "address" VARCHAR(200) NOT NULL,
    "phone" VARCHAR(30),
    "situation" VARCHAR(1000) NOT NULL,
    "status" "lead_status" NOT NULL DEFAULT 'OPEN',
    "household_id" INTEGER,
    "close_reason" VARCHAR(500),
    "created_by_id" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "version" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "lead_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "lead_region_code_status_idx" ON "lead"("region_code", "status");
