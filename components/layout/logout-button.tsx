"use client";
import { signOut } from "next-auth/react";
import { format, t } from "@/lib/i18n";
import { clearDeviceData, pendingOnDevice } from "@/lib/field/store";

/**
 * Signing out clears the families this phone keeps for offline visits (lib/field/store.ts); if
 * visits are still waiting to be sent, the user confirms first — they stay on the phone, theirs only.
 */
export function LogoutButton() {
  async function logout() {
    const pending = await pendingOnDevice().catch(() => 0);
    if (pending > 0 && !window.confirm(format(t.field.signOutPending, { count: pending }))) return;
    await clearDeviceData().catch(() => undefined);
    await signOut({ callbackUrl: "/login" });
  }
  return (
    <button type="button" className="btn-link text-sm" onClick={() => void logout()}>
      {t.nav.logout}
    </button>
  );
}
