/**
 * Decision 030: a message read at module load is frozen in Chinese for every request. This test
 * imports every module of the app with no language in force and lists each catalogue LEAF read
 * while doing so (`const title = t.x.title;`, a zod message passed as a string, a metadata
 * constant). A namespace view (`const m = t.x;`) is fine and not listed. Converting a module:
 * read the leaf inside the function that uses it, `msg(...)` for zod, `generateMetadata()`.
 */
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");
const DIRS = ["lib", "components", "app"];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return files(full);
    return /\.(ts|tsx)$/.test(name) && !name.endsWith(".d.ts") ? [full] : [];
  });
}

/** Modules the check cannot load outside Next (none so far is expected to read a leaf). */
const SKIP = [/lib\/cli\//, /lib\/i18n\//, /app\/manifest\.ts$/, /\/sw\./];

describe("no catalogue text is read at module load", () => {
  it("imports every module without freezing a message", { timeout: 240_000 }, async () => {
    const shared = globalThis as unknown as { nuanxinLocaleCaptures?: string[] };
    shared.nuanxinLocaleCaptures = [];
    const failedToLoad: string[] = [];
    const captured: Record<string, string[]> = {};
    for (const file of DIRS.flatMap((d) => files(path.join(ROOT, d)))) {
      const rel = path.relative(ROOT, file);
      if (SKIP.some((re) => re.test(rel))) continue;
      try {
        await import(/* @vite-ignore */ file);
      } catch (error) {
        failedToLoad.push(`${rel}: ${String(error).slice(0, 120)}`);
      }
    }
    // Attributed to the module that read the leaf (the stack frame), not the one that imported it.
    for (const read of shared.nuanxinLocaleCaptures) {
      const [key, frame] = read.split(" @ ");
      const where = /\/((?:lib|components|app)\/[^:?]+)/.exec(frame ?? "")?.[1] ?? frame ?? "?";
      const list = (captured[where] ??= []);
      if (!list.includes(key)) list.push(key);
    }
    shared.nuanxinLocaleCaptures = undefined;
    if (failedToLoad.length) console.warn(`not checked (could not load outside Next):\n${failedToLoad.join("\n")}`);
    expect(captured).toEqual({});
  });
});
