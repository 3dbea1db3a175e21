-- ID numbers encrypted at rest (docs/decisions/017), step 2 of 2: every row encrypted, the
-- plaintext column goes (with its unique index). A database converted with plain `prisma migrate
-- deploy` stops here until `npm run db:migrate` has encrypted the rows.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM "member" WHERE "id_cipher" IS NULL OR "id_index" IS NULL) THEN
    RAISE EXCEPTION 'member rows still hold only a plaintext ID number: run npm run db:migrate, which encrypts them first (docs/decisions/017)';
  END IF;
END $$;

-- DropIndex
DROP INDEX "member_id_number_key";

-- AlterTable
ALTER TABLE "member" DROP COLUMN "id_number",
ALTER COLUMN "id_cipher" SET NOT NULL,
ALTER COLUMN "id_index" SET NOT NULL;

-- The shapes of lib/crypto/id-number-cipher.ts: nothing else (a plaintext number, say) fits.
ALTER TABLE "member" ADD CONSTRAINT "member_id_cipher_shape" CHECK (octet_length("id_cipher") = 49 AND get_byte("id_cipher", 0) = 1),
ADD CONSTRAINT "member_id_index_shape" CHECK (octet_length("id_index") = 34);
