/**
 * The session cookie's JWT with a kept key (lib/auth/jwt.ts) is next-auth's own format: each
 * side reads the other's tokens, a token made with another secret or altered is refused.
 */
import { describe, expect, it } from "vitest";
import { decode as nextAuthDecode, encode as nextAuthEncode } from "next-auth/jwt";
import { decode, encode } from "@/lib/auth/jwt";

const secret = "a-test-secret-of-enough-length-0123456789";

describe("session JWT with a kept key", () => {
  it("reads next-auth's tokens and next-auth reads its tokens", async () => {
    const ours = await encode({ token: { sub: "7", sid: "s-1" }, secret, maxAge: 60 });
    expect(await nextAuthDecode({ token: ours, secret })).toMatchObject({ sub: "7", sid: "s-1" });
    const theirs = await nextAuthEncode({ token: { sub: "8", sid: "s-2" }, secret, maxAge: 60 });
    expect(await decode({ token: theirs, secret })).toMatchObject({ sub: "8", sid: "s-2" });
    // A salt (next-auth's cookie-name salt in v5) derives another key.
    const salted = await encode({ token: { sub: "9" }, secret, salt: "x", maxAge: 60 });
    expect(await nextAuthDecode({ token: salted, secret, salt: "x" })).toMatchObject({ sub: "9" });
  });

  it("refuses a token of another secret, an altered one, an expired one", async () => {
    const token = await encode({ token: { sub: "7" }, secret, maxAge: 60 });
    await expect(decode({ token, secret: `${secret}-other` })).rejects.toThrow();
    const altered = token.slice(0, -4) + (token.endsWith("AAAA") ? "BBBB" : "AAAA");
    await expect(decode({ token: altered, secret })).rejects.toThrow();
    const expired = await encode({ token: { sub: "7" }, secret, maxAge: -60 });
    await expect(decode({ token: expired, secret })).rejects.toThrow();
    expect(await decode({ token: undefined, secret })).toBeNull();
  });
});
