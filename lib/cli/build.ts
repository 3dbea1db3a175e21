/**
 * Is the production build (.next) current? `npm start` and `npm run bench` both rebuild when it is
 * missing or older than any source file: app/, components/, lib/ (the generated client aside),
 * public/ and the build's configuration.
 */
import fs from "node:fs";
import path from "node:path";
import { projectRoot } from "../db/server";

function newestSourceMtime(): number {
  let newest = 0;
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === "generated") continue;
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else newest = Math.max(newest, fs.statSync(p).mtimeMs);
    }
  };
  for (const d of ["app", "components", "lib", "public"]) {
    if (fs.existsSync(path.join(projectRoot, d))) walk(path.join(projectRoot, d));
  }
  for (const f of ["next.config.ts", "package.json", "postcss.config.mjs"]) {
    newest = Math.max(newest, fs.statSync(path.join(projectRoot, f)).mtimeMs);
  }
  return newest;
}

export function buildIsCurrent(): boolean {
  const id = path.join(projectRoot, ".next", "BUILD_ID");
  return fs.existsSync(id) && fs.statSync(id).mtimeMs >= newestSourceMtime();
}
