-- AlterTable
ALTER TABLE "aid_case" ADD COLUMN     "application_id" INTEGER;

-- CreateIndex
CREATE INDEX "aid_case_application_id_idx" ON "aid_case"("application_id");

-- AddForeignKey
ALTER TABLE "aid_case" ADD CONSTRAINT "aid_case_application_id_fkey" FOREIGN KEY ("application_id") REFERENCES "application"("id") ON DELETE SET NULL ON UPDATE CASCADE;
