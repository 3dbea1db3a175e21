import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // The Prisma client, pg and bcrypt run on the server only; keep them out of the bundle.
  serverExternalPackages: ["pg", "@prisma/adapter-pg", "bcryptjs"],
  poweredByHeader: false,
  // Pages must render on a phone over a slow link; no client-side image optimisation server needed.
  images: { unoptimized: true },
  // forbidden() renders app/forbidden.tsx for a permission refused on the server.
  experimental: { authInterrupts: true },
};

export default nextConfig;
