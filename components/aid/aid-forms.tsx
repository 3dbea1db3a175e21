"use client";
/** Temporary-aid forms: the caseworker's grant (advance or case conference), the county sign-off. */
import { useState } from "react";
import { format, t } from "@/lib/i18n";
import { grantAidAction, recordPaperworkAction, signOffAidAction } from "@/lib/aid/actions";
import { ActionForm } from "@/components/ui/action-form";
import { Field } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";

export function GrantAidForm(props: { problemId: number; version: number; cap: string | null; paperworkDays: number; today: string }) {
  const [kind, setKind] = useState("EMERGENCY");
  const [amount, setAmount] = useState("");
  // Whether the case conference is needed, as the server will decide it (it decides again).
  const needsConference = kind !== "EMERGENCY" || props.cap === null || (amount !== "" && Number(amount) > Number(props.cap));
  return (
    <ActionForm action={grantAidAction}>
      {({ errors, value }) => (
        <>
          <input type="hidden" name="problemId" value={props.problemId} />
          <input type="hidden" name="version" value={props.version} />
          <fieldset>
            <legend className="mb-2 text-sm font-medium text-stone-700">{t.aid.kind}</legend>
            <div className="flex gap-2">
              {(["EMERGENCY", "EXPENDITURE"] as const).map((k) => (
                <label key={k} className="flex min-h-11 flex-1 cursor-pointer items-center gap-2 rounded-md border border-stone-300 bg-white px-3 text-sm has-[:checked]:border-brand-500 has-[:checked]:bg-brand-50">
                  <input type="radio" name="kind" value={k} defaultChecked={value("kind", kind) === k} onChange={() => setKind(k)} className="accent-brand-600" />
                  {t.aid.kinds[k]}
                </label>
              ))}
            </div>
          </fieldset>
          <Field name="amount" label={t.aid.amount} errors={errors.amount} required
            hint={props.cap ? format(t.aid.capHint, { cap: props.cap, days: props.paperworkDays }) : t.aid.noCap}>
            {(a) => (
              <input {...a} className="input" inputMode="decimal" defaultValue={value("amount")} onChange={(e) => setAmount(e.target.value)} />
            )}
          </Field>
          <Field name="reason" label={t.aid.reason} errors={errors.reason} required>
            {(a) => <textarea {...a} className="input min-h-20" defaultValue={value("reason")} />}
          </Field>
          <fieldset className={`space-y-3 rounded-md border p-3 ${needsConference ? "border-amber-300 bg-amber-50" : "border-stone-200"}`}>
            <legend className="px-1 text-sm font-medium">{t.aid.conference}</legend>
            <p className="text-xs text-stone-600">{t.aid.conferenceHint}</p>
            <Field name="conferenceOn" label={t.aid.conferenceOn} errors={errors.conferenceOn} required={needsConference}>
              {(a) => <input {...a} type="date" max={props.today} className="input" defaultValue={value("conferenceOn")} />}
            </Field>
            <Field name="participants" label={t.aid.participants} errors={errors.participants} required={needsConference}>
              {(a) => <input {...a} className="input" defaultValue={value("participants")} />}
            </Field>
            <Field name="minutes" label={t.aid.minutes} errors={errors.minutes} required={needsConference}>
              {(a) => <textarea {...a} className="input min-h-20" defaultValue={value("minutes")} />}
            </Field>
          </fieldset>
          <SubmitButton label={t.aid.submit} pendingLabel={t.aid.submitting} />
        </>
      )}
    </ActionForm>
  );
}

export function SignOffForm({ aidCaseId, version, amount }: { aidCaseId: number; version: number; amount: string }) {
  return (
    <ActionForm action={signOffAidAction} className="space-y-3">
      {({ errors, value }) => (
        <>
          <input type="hidden" name="aidCaseId" value={aidCaseId} />
          <input type="hidden" name="version" value={version} />
          <Field name="note" label={t.aid.note} errors={errors.note}>
            {(a) => <input {...a} className="input" defaultValue={value("note")} />}
          </Field>
          <div className="flex flex-wrap gap-2">
            <button
              type="submit" name="decision" value="APPROVE" className="btn-primary"
              onClick={(e) => { if (!window.confirm(format(t.aid.signOffConfirm, { amount }))) e.preventDefault(); }}
            >
              {t.aid.approve}
            </button>
            <button type="submit" name="decision" value="REJECT" className="btn-secondary">{t.aid.reject}</button>
          </div>
        </>
      )}
    </ActionForm>
  );
}

export function PaperworkButton({ aidCaseId, version }: { aidCaseId: number; version: number }) {
  return (
    <ActionForm action={recordPaperworkAction} className="inline">
      {() => (
        <>
          <input type="hidden" name="aidCaseId" value={aidCaseId} />
          <input type="hidden" name="version" value={version} />
          <SubmitButton label={t.aid.markPaperwork} pendingLabel={t.common.saving} className="btn-secondary" />
        </>
      )}
    </ActionForm>
  );
}
