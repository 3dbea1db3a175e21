/**
 * Finding 6: after login a user lands on a path of this site, whatever `callbackUrl` says. Each
 * nasty input below (as the page receives it, i.e. once decoded by Next) must fall back to "/".
 */
import { describe, expect, it } from "vitest";
import { safeCallbackUrl, safeRedirect } from "@/lib/auth/callback-url";

const ORIGIN = "http://localhost:3000";

const NASTY = [
  "/\\evil.example/", // the reported one: %2F%5Cevil.example%2F
  "/\t/evil.example", // %2F%09%2F
  "/\n/evil.example",
  "/\r/evil.example",
  "/ /evil.example",
  "/\u00a0/evil.example",
  "/\u3000/evil.example",
  "/\u2028/evil.example",
  "/\ufeff/evil.example",
  "/\u0000/evil.example",
  "//evil.example",
  "///evil.example",
  "\\\\evil.example",
  "\\/evil.example",
  "/\\\\evil.example",
  "https://evil.example",
  "http://localhost:3000.evil.example/",
  "HTTPS://evil.example",
  "javascript:alert(1)",
  "data:text/html,<script>alert(1)</script>",
  "evil.example",
  "./evil",
  "?next=//evil",
  "%2F%2Fevil.example", // double-encoded: decoded once more by the browser
  "%2F%5Cevil.example",
  "/%2F%2Fevil.example".replace("/", "%2F"),
  "/%5Cevil.example",
  "/%09/evil.example",
  "/%0a/evil.example",
  "/%E3%80%80/evil.example",
  "/%zz", // undecodable
  "",
  "  /households",
  "/" + "a".repeat(3000),
];

describe("safeCallbackUrl", () => {
  it.each(NASTY)("sends %j home", (input) => {
    expect(safeCallbackUrl(input, ORIGIN)).toBe("/");
  });

  it("keeps same-site paths with their query and hash, normalised", () => {
    expect(safeCallbackUrl("/households/12", ORIGIN)).toBe("/households/12");
    expect(safeCallbackUrl("/dashboard?region=2111&from=2026-01", ORIGIN)).toBe("/dashboard?region=2111&from=2026-01");
    expect(safeCallbackUrl("/applications/3#publicity", ORIGIN)).toBe("/applications/3#publicity");
    expect(safeCallbackUrl("/a/../visits", ORIGIN)).toBe("/visits");
    expect(safeCallbackUrl("/households?q=%E7%8E%8B", ORIGIN)).toBe("/households?q=%E7%8E%8B");
  });

  it("refuses what is not a string", () => {
    for (const v of [undefined, null, 1, ["/x"], { toString: () => "/x" }]) expect(safeCallbackUrl(v, ORIGIN)).toBe("/");
  });
});

describe("safeRedirect (next-auth's redirect callback)", () => {
  it("keeps our own absolute URLs and paths, sends every other host home", () => {
    expect(safeRedirect(`${ORIGIN}/visits`, ORIGIN)).toBe(`${ORIGIN}/visits`);
    expect(safeRedirect("/households", ORIGIN)).toBe(`${ORIGIN}/households`);
    expect(safeRedirect("https://evil.example/x", ORIGIN)).toBe(`${ORIGIN}/`);
    expect(safeRedirect(`${ORIGIN}/\\evil.example`, ORIGIN)).toBe(`${ORIGIN}/`);
    expect(safeRedirect("/\\evil.example", ORIGIN)).toBe(`${ORIGIN}/`);
    expect(safeRedirect("//evil.example", ORIGIN)).toBe(`${ORIGIN}/`);
  });
});
