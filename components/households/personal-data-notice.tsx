/**
 * Above every page that names one family: to a user who sees it masked (lib/households/privacy.ts)
 * the form to ask for a reveal, to one who holds a reveal the time it runs out.
 */
import type { Actor } from "@/lib/auth/permissions";
import { can } from "@/lib/auth/permissions";
import { format, formatDateTime, t } from "@/lib/i18n";
import { REVEAL_MINUTES } from "@/lib/households/privacy";
import { RevealPersonalForm } from "./reveal-personal";

export function PersonalDataNotice({ actor, householdId, masked, revealedUntil, returnTo }: {
  actor: Actor; householdId: number; masked: boolean; revealedUntil: Date | null; returnTo?: string;
}) {
  if (masked) return can(actor, "reveal:personal") ? <RevealPersonalForm householdId={householdId} minutes={REVEAL_MINUTES} returnTo={returnTo} /> : null;
  if (!revealedUntil) return null;
  return (
    <p className="rounded-md bg-sky-50 px-4 py-3 text-sm text-sky-900" role="status" data-testid="revealed-notice">
      {format(t.household.revealedNotice, { until: formatDateTime(revealedUntil) })}
    </p>
  );
}
