-- CreateTable
CREATE TABLE "personal_data_reveal" (
    "id" SERIAL NOT NULL,
    "actor_id" INTEGER NOT NULL,
    "household_id" INTEGER NOT NULL,
    "reason" VARCHAR(200) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "personal_data_reveal_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "personal_data_reveal_actor_id_household_id_expires_at_idx" ON "personal_data_reveal"("actor_id", "household_id", "expires_at");
