/**
 * Issue 11, finding 7: demo data (users with a published password) only where asked for or into
 * the embedded demo database — never silently into an external DATABASE_URL.
 */
import { describe, expect, it } from "vitest";
import { wantsDemo } from "@/lib/cli/prepare";

describe("wantsDemo", () => {
  const external = { DATABASE_URL: "postgresql://app:x@db.example/nuanxin" };
  it("loads the demo into the embedded database unless SEED_DEMO=false", () => {
    expect(wantsDemo({}, [])).toBe(true);
    expect(wantsDemo({ SEED_DEMO: "false" }, [])).toBe(false);
  });
  it("never into an external database unless asked for with SEED_DEMO=true or --demo", () => {
    expect(wantsDemo(external, [])).toBe(false);
    expect(wantsDemo({ ...external, SEED_DEMO: "" }, [])).toBe(false);
    expect(wantsDemo({ ...external, SEED_DEMO: "true" }, [])).toBe(true);
    expect(wantsDemo(external, ["--demo"])).toBe(true);
    expect(wantsDemo({ ...external, SEED_DEMO: "false" }, [])).toBe(false);
  });
});
