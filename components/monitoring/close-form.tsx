"use client";
/**
 * The re-assessment (复核) of one monitoring alert: its outcome closes the alert. The chosen
 * outcome is kept in state (it survives a refused submit) and decides which fields show.
 */
import { useState } from "react";
import { t } from "@/lib/i18n";
import { closeAlertAction } from "@/lib/monitoring/actions";
import { CATEGORIES } from "@/lib/households/schema";
import { OUTCOMES } from "@/lib/monitoring/schema";
import type { AssistanceCategory } from "@/lib/generated/prisma/enums";
import { ActionForm } from "@/components/ui/action-form";
import { Field, FieldError } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";

const m = t.monitoring;

export function CloseAlertForm({ alertId, category }: { alertId: number; category: AssistanceCategory }) {
  const [outcome, setOutcome] = useState<string>("NO_CHANGE");
  return (
    <ActionForm action={closeAlertAction} className="space-y-3">
      {({ errors, value }) => (
        <>
          <input type="hidden" name="alertId" value={alertId} />
          <fieldset aria-describedby={`outcome-${alertId}-error`}>
            <legend className="mb-2 text-sm font-medium">{m.outcome}</legend>
            <div className="grid gap-2 sm:grid-cols-3">
              {OUTCOMES.map((o) => (
                <label key={o} className="flex min-h-11 items-center gap-2 rounded-md border border-stone-300 bg-white px-3 text-sm has-[:checked]:border-brand-500 has-[:checked]:bg-brand-50">
                  <input type="radio" name="outcome" value={o} defaultChecked={outcome === o} onChange={() => setOutcome(o)} className="accent-brand-600" />
                  {m.outcomes[o]}
                </label>
              ))}
            </div>
            <FieldError id={`outcome-${alertId}-error`} errors={errors.outcome} />
          </fieldset>
          {outcome === "CATEGORY_CHANGE" ? (
            <Field name="newCategory" label={m.newCategory} errors={errors.newCategory} required>
              {(a) => (
                <select {...a} className="input" defaultValue={value("newCategory")}>
                  <option value="">{t.common.choose}</option>
                  {CATEGORIES.filter((c) => c !== category).map((c) => <option key={c} value={c}>{t.enums.category[c]}</option>)}
                </select>
              )}
            </Field>
          ) : null}
          <Field name="reason" label={m.reason} errors={errors.reason} hint={m.reasonHint} required={outcome === "NO_CHANGE"}>
            {(a) => <textarea {...a} className="input min-h-16" defaultValue={value("reason")} />}
          </Field>
          <SubmitButton label={m.submit} pendingLabel={t.common.saving} />
        </>
      )}
    </ActionForm>
  );
}
