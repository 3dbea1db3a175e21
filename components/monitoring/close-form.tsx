"use client";
/**
 * The re-assessment (复核) of one monitoring alert: its outcome closes the alert. The chosen
 * outcome is kept in state (it survives a refused submit) and decides whether the reason is
 * required. No outcome changes the category (issue 15): the hint says where that is done.
 */
import { useState } from "react";
import { t } from "@/lib/i18n";
import { closeAlertAction } from "@/lib/monitoring/actions";
import { CLOSING_OUTCOMES } from "@/lib/monitoring/schema";
import { ActionForm } from "@/components/ui/action-form";
import { Field, FieldError } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";

const m = t.monitoring;

export function CloseAlertForm({ alertId }: { alertId: number }) {
  const [outcome, setOutcome] = useState<string>("NO_CHANGE");
  return (
    <ActionForm action={closeAlertAction} className="space-y-3">
      {({ errors, value }) => (
        <>
          <input type="hidden" name="alertId" value={alertId} />
          <fieldset aria-describedby={`outcome-${alertId}-error`}>
            <legend className="mb-2 text-sm font-medium">{m.outcome}</legend>
            <div className="grid gap-2 sm:grid-cols-2">
              {CLOSING_OUTCOMES.map((o) => (
                <label key={o} className="flex min-h-11 items-center gap-2 rounded-md border border-stone-300 bg-white px-3 text-sm has-[:checked]:border-brand-500 has-[:checked]:bg-brand-50">
                  <input type="radio" name="outcome" value={o} defaultChecked={outcome === o} onChange={() => setOutcome(o)} className="accent-brand-600" />
                  {m.outcomes[o]}
                </label>
              ))}
            </div>
            <p className="mt-2 text-xs text-stone-500">{m.outcomeHint}</p>
            <FieldError id={`outcome-${alertId}-error`} errors={errors.outcome} />
          </fieldset>
          <Field name="reason" label={m.reason} errors={errors.reason} hint={m.reasonHint} required={outcome === "NO_CHANGE"}>
            {(a) => <textarea {...a} className="input min-h-16" defaultValue={value("reason")} />}
          </Field>
          <SubmitButton label={m.submit} pendingLabel={t.common.saving} />
        </>
      )}
    </ActionForm>
  );
}
