-- CreateIndex
CREATE INDEX "visit_left_area_from_idx" ON "visit"("left_area_from");
