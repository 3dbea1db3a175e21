-- Issue 11 (input handling): a top-up's idempotency key, and the per-minute tally of anonymous refusals.

-- AlterTable
ALTER TABLE "fund_entry" ADD COLUMN "idempotency_key" UUID;

-- CreateIndex
CREATE UNIQUE INDEX "fund_entry_idempotency_key_key" ON "fund_entry"("idempotency_key");

-- CreateTable
CREATE TABLE "refusal_tally" (
    "minute" TIMESTAMPTZ(0) NOT NULL,
    "kind" VARCHAR(60) NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "refusal_tally_pkey" PRIMARY KEY ("minute","kind")
);

-- AlterTable: the proposer of an application's current proposal (the confirmer must differ).
ALTER TABLE "application" ADD COLUMN "proposed_by_id" INTEGER;

-- Applications proposed before this column existed: their proposer is on the audit trail.
UPDATE "application" a SET "proposed_by_id" = (
  SELECT l."actor_id" FROM "audit_log" l
  WHERE l."entity" = 'application' AND l."entity_id" = a."id"::text AND l."action" = 'application.propose'
  ORDER BY l."id" DESC LIMIT 1)
WHERE a."proposal" IS NOT NULL;
