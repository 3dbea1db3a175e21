"use client";
import { signOut } from "next-auth/react";
import { t } from "@/lib/i18n";

export function LogoutButton() {
  return (
    <button type="button" className="btn-link text-sm" onClick={() => signOut({ callbackUrl: "/login" })}>
      {t.nav.logout}
    </button>
  );
}
