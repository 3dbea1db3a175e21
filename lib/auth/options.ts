/**
 * next-auth (v4) configuration: a credentials login against our own users table, a signed and
 * encrypted JWT session cookie. The token carries only the user id; who the user is and what they
 * may do is read from the database on every request (lib/auth/session.ts), so a deactivated user
 * or a changed role takes effect at once.
 */
import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "@/lib/validation";
import { authenticate } from "@/lib/users/commands";

const credentials = z.object({
  username: z.string().trim().min(1).max(50),
  password: z.string().min(1).max(200),
});

export const authOptions: NextAuthOptions = {
  session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
  pages: { signIn: "/login" },
  providers: [
    CredentialsProvider({
      name: "credentials",
      credentials: { username: { type: "text" }, password: { type: "password" } },
      async authorize(raw) {
        const parsed = credentials.safeParse(raw);
        if (!parsed.success) return null;
        const actor = await authenticate(parsed.data.username, parsed.data.password);
        return actor ? { id: String(actor.id), name: actor.name } : null;
      },
    }),
  ],
  callbacks: {
    async jwt({ token, user }) {
      if (user) token.sub = user.id;
      return token;
    },
    async session({ session, token }) {
      return { ...session, userId: token.sub };
    },
  },
};
