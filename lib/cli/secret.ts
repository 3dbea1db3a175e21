/**
 * The session-signing secret: NEXTAUTH_SECRET when set; otherwise one generated on first run and
 * kept in .data/ (git-ignored), so sessions survive restarts without anyone committing a secret.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { projectRoot } from "../db/server";

export function sessionSecret(): string {
  if (process.env.NEXTAUTH_SECRET) return process.env.NEXTAUTH_SECRET;
  const file = path.join(projectRoot, ".data", "nextauth-secret");
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600 });
  }
  return fs.readFileSync(file, "utf8").trim();
}
