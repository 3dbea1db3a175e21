/**
 * Runs before every request but static files (Next 16's successor of middleware.ts): a fresh
 * nonce and the Content-Security-Policy built with it — on the request, where Next finds the
 * nonce and puts it on its own scripts, and on the response — plus HSTS when the app is reached
 * over HTTPS, and the request id (lib/request-id.ts) on both. The fixed headers come from
 * next.config.ts. Not an access check: authorization stays in the data layer, and nothing here
 * redirects — /api/health and /api/ready answer without a session.
 */
import { NextResponse, type NextRequest } from "next/server";
import { STRICT_TRANSPORT_SECURITY, contentSecurityPolicy, newNonce } from "@/lib/security/headers";
import { REQUEST_ID_HEADER, requestIdFor } from "@/lib/request-id";

function servedOverHttps(request: NextRequest): boolean {
  if (process.env.NEXTAUTH_URL?.startsWith("https://")) return true;
  return request.headers.get("x-forwarded-proto")?.split(",")[0].trim().toLowerCase() === "https";
}

export function proxy(request: NextRequest) {
  const nonce = newNonce();
  const https = servedOverHttps(request);
  const csp = contentSecurityPolicy({ nonce, dev: process.env.NODE_ENV === "development", https });

  const requestId = requestIdFor(request.headers.get(REQUEST_ID_HEADER));

  const requestHeaders = new Headers(request.headers);
  requestHeaders.set(REQUEST_ID_HEADER, requestId);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("Content-Security-Policy", csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", csp);
  response.headers.set(REQUEST_ID_HEADER, requestId);
  if (https) response.headers.set("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY);
  return response;
}

export const config = {
  // Static files carry no script of ours to protect; they get the fixed headers from next.config.ts.
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
