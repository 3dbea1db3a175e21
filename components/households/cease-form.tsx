"use client";
/**
 * 停保: the supervisor's decision to end a household's assistance. The reason is required and the
 * decision is confirmed by ticking a box that says what it does — a step the server checks too,
 * so it cannot be skipped by a page without it.
 */
import { t } from "@/lib/i18n";
import { ceaseAssistanceAction } from "@/lib/households/actions";
import { ActionForm } from "@/components/ui/action-form";
import { Field, FieldError } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";

const h = t.household;

export function CeaseForm({ householdId, version }: { householdId: number; version: number }) {
  return (
    <ActionForm action={ceaseAssistanceAction}>
      {({ errors, value }) => (
        <>
          <input type="hidden" name="householdId" value={householdId} />
          <input type="hidden" name="version" value={version} />
          <Field name="reason" label={h.ceaseReason} errors={errors.reason} hint={h.ceaseReasonHint} required>
            {(a) => <textarea {...a} className="input min-h-24" defaultValue={value("reason")} />}
          </Field>
          <div>
            <label className="flex min-h-11 items-center gap-2 text-sm">
              <input type="checkbox" name="confirmed" className="size-5 accent-brand-600" aria-describedby="confirmed-error" />
              {h.ceaseConfirm}
            </label>
            <FieldError id="confirmed-error" errors={errors.confirmed} />
          </div>
          <SubmitButton label={h.ceaseSubmit} pendingLabel={t.common.saving} />
        </>
      )}
    </ActionForm>
  );
}
