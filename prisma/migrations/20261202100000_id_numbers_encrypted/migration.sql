-- ID numbers encrypted at rest (docs/decisions/017), step 1 of 2: the ciphertext and the blind
-- index beside the plaintext column. Keys live outside the database, so SQL cannot fill them:
-- `npm run db:migrate` (and `npm start`) encrypt existing rows in batches between this step and
-- the next (lib/households/id-number-keys.ts encryptPlaintextIdNumbers); a fresh database has none.

-- AlterTable
ALTER TABLE "member" ADD COLUMN     "id_cipher" BYTEA,
ADD COLUMN     "id_index" BYTEA;

-- CreateIndex
CREATE UNIQUE INDEX "member_id_index_key" ON "member"("id_index");
