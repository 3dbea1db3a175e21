// Prisma 7 does not read .env by itself, and env() throws when a variable is unset (docs/stack.md, 2).
import "dotenv/config";
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  // Migrations run as the owner role (docs/decisions/014); the app role cannot run DDL.
  datasource: { url: process.env.MIGRATION_DATABASE_URL || process.env.DATABASE_URL || "" },
});
