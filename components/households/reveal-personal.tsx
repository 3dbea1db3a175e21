"use client";
/**
 * For a user who sees a family masked (outside their own township, lib/households/privacy.ts):
 * ask to see it in full, with a reason that goes into the audit log. Shown on every page that
 * names the family; `returnTo` brings the user back to that page.
 */
import { ActionForm } from "@/components/ui/action-form";
import { Field } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { revealHouseholdPersonalDataAction } from "@/lib/households/actions";
import { format, t } from "@/lib/i18n";

export function RevealPersonalForm({ householdId, minutes, returnTo }: { householdId: number; minutes: number; returnTo?: string }) {
  return (
    <details className="rounded-md bg-amber-50 px-4 py-3 text-sm text-amber-900" data-testid="masked-notice">
      <summary className="cursor-pointer">{format(t.household.maskedNotice, { minutes })}</summary>
      <ActionForm action={revealHouseholdPersonalDataAction} className="mt-3 space-y-3">
        {({ errors, value }) => (
          <>
            <input type="hidden" name="householdId" value={householdId} />
            {returnTo ? <input type="hidden" name="returnTo" value={returnTo} /> : null}
            <Field name="reason" label={t.household.revealReason} errors={errors.reason} required>
              {(a) => <textarea {...a} rows={2} maxLength={200} defaultValue={value("reason")} className="input" />}
            </Field>
            <SubmitButton label={t.household.revealPersonal} pendingLabel={t.member.revealing} className="btn-secondary min-h-11" />
          </>
        )}
      </ActionForm>
    </details>
  );
}
