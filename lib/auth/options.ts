/**
 * next-auth (v4) configuration: a credentials login against our own users table, a signed and
 * encrypted JWT cookie that carries the user id and a server-side session id. Who the user is,
 * what they may do and whether the session still counts are read from the database on every
 * request (lib/auth/session.ts, lib/auth/sessions.ts), so a logout, a deactivation or a changed
 * role takes effect at once (decision 013).
 *
 * The options are built per request: the cookies are `Secure` (and `__Secure-`/`__Host-`
 * prefixed) whenever the app is reached over HTTPS — NEXTAUTH_URL is https, or a proxy in front
 * says `X-Forwarded-Proto: https`. A client that sends that header over plain http only makes its
 * own cookies unusable; one that omits it behind a TLS proxy is the proxy's to overwrite.
 */
import { isLocale } from "@/lib/i18n";
import { setLocaleCookie } from "@/lib/i18n/server";
import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "@/lib/validation";
import { authenticate, recordLogout } from "@/lib/users/commands";
import { clientAddress } from "./client-address";
import { FAILED, THROTTLED, UNAVAILABLE } from "./login-error";
import { isDatabaseUnavailable } from "@/lib/db/errors";
import { log } from "@/lib/log";
import { REQUEST_ID_HEADER, saneRequestId } from "@/lib/request-id";
import { safeRedirect } from "./callback-url";
import { revokeSession, sessionLimits, startSession } from "./sessions";
import { decode, encode } from "./jwt";

const credentials = z.object({
  username: z.string().trim().min(1).max(50),
  password: z.string().min(1).max(200),
});

type HeaderSource = Headers | Record<string, string | string[] | undefined>;

function header(source: HeaderSource | undefined, name: string): string | null {
  if (!source) return null;
  if (source instanceof Headers) return source.get(name);
  const v = source[name];
  return Array.isArray(v) ? (v[0] ?? null) : (v ?? null);
}

/** Served over HTTPS: by configuration, or by the proxy in front of us. */
export function isHttps(headers: HeaderSource | undefined): boolean {
  if (process.env.NEXTAUTH_URL?.startsWith("https://")) return true;
  return header(headers, "x-forwarded-proto")?.split(",")[0].trim().toLowerCase() === "https";
}

/**
 * What next-auth hands the form when signing in failed unexpectedly: `UNAVAILABLE` while the
 * database cannot be reached, `FAILED` otherwise — never the error's own message (next-auth
 * would put it in a URL and the form would call it a wrong password).
 */
function loginFailure(error: unknown, requestId: string | null): Error {
  if (isDatabaseUnavailable(error)) {
    log.warn({ err: error, requestId }, "login: database unavailable");
    return new Error(UNAVAILABLE);
  }
  log.error({ err: error, requestId }, "login: unexpected error");
  return new Error(FAILED);
}

export function authOptionsFor(headers?: HeaderSource): NextAuthOptions {
  return {
    session: { strategy: "jwt", maxAge: Math.ceil(sessionLimits().maxMs / 1000) },
    jwt: { encode, decode },
    useSecureCookies: isHttps(headers),
    pages: { signIn: "/login" },
    providers: [
      CredentialsProvider({
        name: "credentials",
        credentials: { username: { type: "text" }, password: { type: "password" } },
        async authorize(raw, req) {
          const parsed = credentials.safeParse(raw);
          if (!parsed.success) return null;
          const requestHeaders = req?.headers as HeaderSource | undefined;
          let result: Awaited<ReturnType<typeof authenticate>>;
          try {
            result = await authenticate(parsed.data.username, parsed.data.password, { address: clientAddress(requestHeaders) });
          } catch (error) {
            throw loginFailure(error, saneRequestId(header(requestHeaders, REQUEST_ID_HEADER)));
          }
          if (result.ok) {
            // The browser takes the user's own language from here on, on any device (decision 030).
            if (isLocale(result.actor.locale)) await setLocaleCookie(result.actor.locale).catch(() => undefined);
            return { id: String(result.actor.id), name: result.actor.name };
          }
          // next-auth hands a thrown message to signIn() as `error`: the form shows the wait.
          if (result.retryAfter) throw new Error(`${THROTTLED}${result.retryAfter}`);
          return null;
        },
      }),
    ],
    callbacks: {
      async jwt({ token, user }) {
        // On sign-in only: the session row that every later request is checked against.
        if (user) {
          token.sub = user.id;
          try {
            token.sid = await startSession(Number(user.id));
          } catch (error) {
            throw loginFailure(error, null);
          }
        }
        return token;
      },
      async session({ session, token }) {
        return { ...session, userId: token.sub, sessionId: token.sid };
      },
      async redirect({ url, baseUrl }) {
        return safeRedirect(url, baseUrl);
      },
    },
    events: {
      async signOut({ token }) {
        const sid = typeof token?.sid === "string" ? token.sid : null;
        if (!sid) return;
        const userId = await revokeSession(sid, "logout");
        if (userId) await recordLogout(userId);
      },
    },
  };
}
