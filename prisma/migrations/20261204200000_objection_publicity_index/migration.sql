-- CreateIndex
CREATE INDEX "objection_publicity_id_idx" ON "objection"("publicity_id");
