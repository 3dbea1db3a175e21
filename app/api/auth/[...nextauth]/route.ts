import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import { authOptionsFor } from "@/lib/auth/options";

// Options per request: the cookies are Secure when this request came over HTTPS (lib/auth/options.ts).
async function handler(req: NextRequest, ctx: { params: Promise<{ nextauth: string[] }> }) {
  return NextAuth(req as never, ctx as never, authOptionsFor(req.headers));
}
export { handler as GET, handler as POST };
