"use client";
/** Recording what was offered to a household, and answering a pending offer later. */
import { useState } from "react";
import { t } from "@/lib/i18n";
import { recordOfferAction, updateOfferAction } from "@/lib/policies/actions";
import { TAKEN_UP, type TakenUp } from "@/lib/policies/match";
import { ActionForm } from "@/components/ui/action-form";
import { Field } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";

const p = t.policies;

/**
 * "记录告知/提供" opening the form; once saved, the form closes (so a second click cannot record the
 * same offer twice) and says so — the offer itself shows in the list below, refreshed by the action.
 */
export function OfferDisclosure(props: { householdId: number; policyId?: number; resourceId?: number }) {
  const [open, setOpen] = useState(false);
  const [saved, setSaved] = useState(false);
  return (
    <div className="mt-2">
      {open ? (
        <div className="rounded-md border border-stone-200 p-3">
          <OfferForm {...props} onSaved={() => { setOpen(false); setSaved(true); }} />
          <button type="button" className="btn-link tap-target text-sm" onClick={() => setOpen(false)}>{t.common.cancel}</button>
        </div>
      ) : (
        <div className="flex flex-wrap items-center gap-2">
          <button type="button" className="btn-link tap-target text-sm" aria-expanded={false} onClick={() => { setOpen(true); setSaved(false); }}>{p.recordOffer}</button>
          {saved ? <span role="status" className="text-sm text-green-700" data-testid="offer-saved">{p.offerSaved}</span> : null}
        </div>
      )}
    </div>
  );
}

export function OfferForm({ householdId, policyId, resourceId, onSaved }: { householdId: number; policyId?: number; resourceId?: number; onSaved?: () => void }) {
  return (
    <ActionForm action={recordOfferAction} className="space-y-2" onSuccess={onSaved}>
      {({ errors, value }) => (
        <>
          <input type="hidden" name="householdId" value={householdId} />
          {policyId ? <input type="hidden" name="policyId" value={policyId} /> : null}
          {resourceId ? <input type="hidden" name="resourceId" value={resourceId} /> : null}
          <fieldset>
            <legend className="mb-1 text-sm font-medium">{p.takenUp}</legend>
            <div className="grid grid-cols-3 gap-2">
              {TAKEN_UP.map((o) => (
                <label key={o} className="flex min-h-11 items-center gap-2 rounded-md border border-stone-300 bg-white px-3 text-sm has-[:checked]:border-brand-500 has-[:checked]:bg-brand-50">
                  <input type="radio" name="takenUp" value={o} defaultChecked={value("takenUp", "PENDING") === o} className="accent-brand-600" />
                  {p.takenUpOptions[o]}
                </label>
              ))}
            </div>
            {errors.takenUp ? <p className="mt-1 text-sm text-red-600">{errors.takenUp[0]}</p> : null}
          </fieldset>
          <Field name="note" label={p.note} errors={errors.note}>
            {(a) => <input {...a} className="input" defaultValue={value("note")} />}
          </Field>
          <SubmitButton label={p.submitOffer} pendingLabel={t.common.saving} />
        </>
      )}
    </ActionForm>
  );
}

export function OfferStatusForm({ offerId, takenUp }: { offerId: number; takenUp: TakenUp }) {
  return (
    <ActionForm action={updateOfferAction} className="flex flex-wrap items-center gap-2">
      {({ value }) => (
        <>
          <input type="hidden" name="offerId" value={offerId} />
          <label className="sr-only" htmlFor={`offer-${offerId}-takenUp`}>{p.takenUp}</label>
          <select id={`offer-${offerId}-takenUp`} name="takenUp" className="input w-auto" defaultValue={value("takenUp", takenUp)}>
            {TAKEN_UP.map((o) => <option key={o} value={o}>{p.takenUpOptions[o]}</option>)}
          </select>
          <SubmitButton label={p.updateOffer} pendingLabel={t.common.saving} className="btn-secondary" />
        </>
      )}
    </ActionForm>
  );
}
