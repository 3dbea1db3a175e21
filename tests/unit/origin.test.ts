/** The one same-origin check of the route handlers that take the session cookie (lib/security/origin.ts). */
import { describe, expect, it } from "vitest";
import { isSameOrigin } from "@/lib/security/origin";

const post = (headers: Record<string, string>) => new Request("http://app.internal:3000/households/import/upload", { method: "POST", headers });

describe("isSameOrigin", () => {
  it("admits a page of this site, directly or through the proxy's host", () => {
    expect(isSameOrigin(post({ origin: "http://app.internal:3000" }))).toBe(true);
    expect(isSameOrigin(post({ origin: "https://nuanxin.example.cn", "x-forwarded-host": "nuanxin.example.cn" }))).toBe(true);
  });
  it("refuses another site, a missing Origin and a malformed one", () => {
    expect(isSameOrigin(post({ origin: "https://evil.example" }))).toBe(false);
    expect(isSameOrigin(post({}))).toBe(false);
    expect(isSameOrigin(post({ origin: "null" }))).toBe(false);
    expect(isSameOrigin(post({ origin: "http://app.internal:3000.evil.example" }))).toBe(false);
  });
});
