import type { NextConfig } from "next";
import { STATIC_SECURITY_HEADERS } from "./lib/security/headers";

const nextConfig: NextConfig = {
  // The Prisma client, pg and bcrypt run on the server only; keep them out of the bundle.
  serverExternalPackages: ["pg", "@prisma/adapter-pg", "bcryptjs", "@node-rs/argon2", "pg-boss", "exceljs"],
  poweredByHeader: false,
  // Pages must render on a phone over a slow link; no client-side image optimisation server needed.
  images: { unoptimized: true },
  // forbidden() renders app/forbidden.tsx for a permission refused on the server.
  // Register uploads (lib/import) go through proxy.ts, which buffers at most this much of a body.
  experimental: { authInterrupts: true, proxyClientMaxBodySize: "51mb" },
  // The fixed security headers on every response, static files and errors included; the CSP
  // with its per-request nonce and HSTS come from proxy.ts (decision 013).
  async headers() {
    return [
      { source: "/:path*", headers: STATIC_SECURITY_HEADERS },
      // The service worker is checked for updates on every visit, never served from an HTTP cache.
      { source: "/sw.js", headers: [{ key: "Cache-Control", value: "no-cache" }, { key: "Content-Type", value: "text/javascript; charset=utf-8" }] },
    ];
  },
};

export default nextConfig;
