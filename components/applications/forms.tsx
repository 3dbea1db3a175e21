"use client";
/** The forms of the 审核确认 procedure, one per step; each posts to its server action. */
import { useState } from "react";
import { t } from "@/lib/i18n";
import {
  applicationAdvanceAction, confirmationAction, economicCheckAction, extendDeadlineAction, objectionAction, openApplicationAction, proposalAction,
  receiveDocumentAction, startCountyPublicityAction, startPublicityAction, waiveDocumentAction,
} from "@/lib/applications/actions";
import { APPLICATION_TYPES, DOCUMENTS } from "@/lib/applications/rules";
import { ActionForm } from "@/components/ui/action-form";
import { Field, FieldError } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";

const m = t.applications;
type Hidden = Record<string, string | number>;
const hidden = (values: Hidden) => Object.entries(values).map(([k, v]) => <input key={k} type="hidden" name={k} value={v} />);

export function OpenApplicationForm({ householdId, defaultDueOn, today }: { householdId: number; defaultDueOn: string; today: string }) {
  const [type, setType] = useState<(typeof APPLICATION_TYPES)[number]>("DIBAO");
  return (
    <ActionForm action={openApplicationAction}>
      {({ errors, value }) => (
        <>
          {hidden({ householdId })}
          <Field name="type" label={m.type} errors={errors.type} required>
            {(a) => (
              <select {...a} className="input" defaultValue={value("type", type)} onChange={(e) => setType(e.target.value as typeof type)}>
                {APPLICATION_TYPES.map((ty) => <option key={ty} value={ty}>{m.types[ty]}</option>)}
              </select>
            )}
          </Field>
          <fieldset className="space-y-2">
            <legend className="text-sm font-medium">{m.documentsTitle}</legend>
            <p className="text-xs text-stone-500">{m.documentsHint}</p>
            {DOCUMENTS[type].map((kind, i) => (
              <DocumentRow key={`${type}-${kind}`} index={i} kind={kind} today={today} defaultDueOn={defaultDueOn} errors={errors[`documents.${i}.dueOn`]} />
            ))}
          </fieldset>
          <SubmitButton label={m.open} pendingLabel={t.common.saving} />
        </>
      )}
    </ActionForm>
  );
}

/**
 * One document of the 容缺 checklist: ticked, it is in (已提交); unticked, it is missing and its
 * deadline, labelled, is asked for. The status shown follows the tick, not the other way round.
 */
function DocumentRow({ index: i, kind, today, defaultDueOn, errors }: { index: number; kind: string; today: string; defaultDueOn: string; errors?: string[] }) {
  // After a refused submit the rows are re-mounted: a row whose deadline was refused was unticked.
  const [provided, setProvided] = useState(!errors?.length);
  const name = m.documents[kind as keyof typeof m.documents] ?? kind;
  return (
    <div className="grid gap-2 rounded-md border border-stone-200 bg-white p-3 sm:grid-cols-[1fr_12rem] sm:items-end" data-testid="document-row">
      <input type="hidden" name={`documents.${i}.kind`} value={kind} />
      <label className="flex min-h-11 flex-wrap items-center gap-2 text-sm">
        <input type="checkbox" name={`documents.${i}.provided`} checked={provided} onChange={(e) => setProvided(e.target.checked)} className="size-5 accent-brand-600" />
        <span>{name}</span>
        <span className={provided ? "text-green-700" : "text-amber-700"} data-testid="document-status">{provided ? m.documentProvided : m.documentMissing}</span>
      </label>
      {provided ? null : (
        <div>
          <label className="mb-1 block text-sm font-medium" htmlFor={`due-${i}`}>{m.missingDue}</label>
          <input id={`due-${i}`} type="date" min={today} name={`documents.${i}.dueOn`} defaultValue={defaultDueOn} className="input" aria-describedby={`due-${i}-error`} />
          <FieldError id={`due-${i}-error`} errors={errors} />
        </div>
      )}
    </div>
  );
}

export function DocumentButtons({ applicationId, documentId, canReceive, canWaive }: { applicationId: number; documentId: number; canReceive: boolean; canWaive: boolean }) {
  const [waiving, setWaiving] = useState(false);
  return (
    <div className="flex flex-wrap items-start gap-2">
      {canReceive ? (
        <ActionForm action={receiveDocumentAction} className="inline">
          {() => (<>{hidden({ applicationId, documentId })}<SubmitButton label={m.receive} pendingLabel={t.common.saving} className="btn-secondary" /></>)}
        </ActionForm>
      ) : null}
      {canWaive ? (
        waiving ? (
          <ActionForm action={waiveDocumentAction} className="flex flex-wrap items-end gap-2">
            {({ errors }) => (
              <>
                {hidden({ applicationId, documentId })}
                <Field name="reason" label={m.waiveReason} errors={errors.reason} required>
                  {(a) => <input {...a} className="input" />}
                </Field>
                <SubmitButton label={m.waive} pendingLabel={t.common.saving} className="btn-secondary" />
              </>
            )}
          </ActionForm>
        ) : (
          <button type="button" className="btn-secondary" onClick={() => setWaiving(true)}>{m.waive}</button>
        )
      ) : null}
    </div>
  );
}

export function EconomicCheckForm({ applicationId, version, members, tekun }: { applicationId: number; version: number; members: { id: number; name: string }[]; tekun: boolean }) {
  return (
    <ActionForm action={economicCheckAction}>
      {({ errors, value }) => (
        <>
          {hidden({ applicationId, version })}
          <p className="text-xs text-stone-500">{m.checkHint}</p>
          <div className="grid gap-3 sm:grid-cols-2">
            {members.map((mb, i) => (
              <div key={mb.id}>
                <input type="hidden" name={`incomes.${i}.memberId`} value={mb.id} />
                <Field name={`incomes.${i}.monthlyIncome`} label={`${mb.name} · ${m.monthlyIncome}`} errors={errors[`incomes.${i}.monthlyIncome`]}>
                  {(a) => <input {...a} className="input" inputMode="decimal" defaultValue={value(`incomes.${i}.monthlyIncome`, "0")} />}
                </Field>
              </div>
            ))}
          </div>
          <Field name="assets" label={m.assets} errors={errors.assets}>
            {(a) => <textarea {...a} className="input min-h-16" defaultValue={value("assets")} />}
          </Field>
          {tekun ? (
            <label className="flex min-h-11 items-center gap-2 text-sm">
              <input type="checkbox" name="noSupporter" className="size-5 accent-brand-600" /> {m.noSupporter}
            </label>
          ) : null}
          <SubmitButton label={m.recordCheck} pendingLabel={t.common.saving} />
        </>
      )}
    </ActionForm>
  );
}

export function ProposalForm({ applicationId, version }: { applicationId: number; version: number }) {
  return (
    <ActionForm action={proposalAction}>
      {({ errors, value }) => (
        <>
          {hidden({ applicationId, version })}
          <fieldset className="flex gap-2">
            <legend className="mb-2 text-sm font-medium">{m.review}</legend>
            {(["GRANT", "REFUSE"] as const).map((p) => (
              <label key={p} className="flex min-h-11 flex-1 items-center gap-2 rounded-md border border-stone-300 bg-white px-3 text-sm has-[:checked]:border-brand-500 has-[:checked]:bg-brand-50">
                <input type="radio" name="proposal" value={p} defaultChecked={value("proposal", "GRANT") === p} className="accent-brand-600" /> {m.proposal[p]}
              </label>
            ))}
          </fieldset>
          <FieldError id="proposal-error" errors={errors.proposal} />
          <Field name="amount" label={m.proposedAmount} errors={errors.amount}>
            {(a) => <input {...a} className="input" inputMode="decimal" defaultValue={value("amount")} />}
          </Field>
          <Field name="reason" label={m.proposalReason} errors={errors.reason} required>
            {(a) => <textarea {...a} className="input min-h-20" defaultValue={value("reason")} />}
          </Field>
          <SubmitButton label={m.submitProposal} pendingLabel={t.common.saving} />
        </>
      )}
    </ActionForm>
  );
}

export function StartPublicityButton({ applicationId, version }: { applicationId: number; version: number }) {
  return (
    <ActionForm action={startPublicityAction} className="inline">
      {() => (<>{hidden({ applicationId, version })}<SubmitButton label={m.startPublicity} pendingLabel={t.common.saving} /></>)}
    </ActionForm>
  );
}

export function StartCountyPublicityButton({ applicationId, version }: { applicationId: number; version: number }) {
  return (
    <ActionForm action={startCountyPublicityAction} className="inline">
      {() => (<>{hidden({ applicationId, version })}<SubmitButton label={m.startCountyPublicity} pendingLabel={t.common.saving} /></>)}
    </ActionForm>
  );
}

export function ExtendButton({ applicationId, version }: { applicationId: number; version: number }) {
  return (
    <ActionForm action={extendDeadlineAction} className="inline">
      {() => (<>{hidden({ applicationId, version })}<SubmitButton label={m.extend} pendingLabel={t.common.saving} className="btn-secondary" /></>)}
    </ActionForm>
  );
}

export function ObjectionForm({ applicationId, version, today }: { applicationId: number; version: number; today: string }) {
  return (
    <ActionForm action={objectionAction}>
      {({ errors, value }) => (
        <>
          {hidden({ applicationId, version })}
          <div className="grid gap-3 sm:grid-cols-2">
            <Field name="receivedOn" label={m.objectionReceivedOn} errors={errors.receivedOn} required>
              {(a) => <input {...a} type="date" max={today} className="input" defaultValue={value("receivedOn", today)} />}
            </Field>
            <Field name="raisedBy" label={m.objectionRaisedBy} errors={errors.raisedBy}>
              {(a) => <input {...a} className="input" defaultValue={value("raisedBy")} />}
            </Field>
          </div>
          <Field name="content" label={m.objectionContent} errors={errors.content} required>
            {(a) => <textarea {...a} className="input min-h-20" defaultValue={value("content")} />}
          </Field>
          <SubmitButton label={m.objection} pendingLabel={t.common.saving} className="btn-secondary" />
        </>
      )}
    </ActionForm>
  );
}

export function ConfirmationForm({ applicationId, version, proposedAmount, defaultMonth }: { applicationId: number; version: number; proposedAmount: string; defaultMonth: string }) {
  return (
    <ActionForm action={confirmationAction}>
      {({ errors, value }) => (
        <>
          {hidden({ applicationId, version })}
          <div className="grid gap-3 sm:grid-cols-2">
            <Field name="amount" label={m.decidedAmount} errors={errors.amount}>
              {(a) => <input {...a} className="input" inputMode="decimal" defaultValue={value("amount", proposedAmount)} />}
            </Field>
            <Field name="startMonth" label={m.startMonth} errors={errors.startMonth}>
              {(a) => <input {...a} type="month" className="input" defaultValue={value("startMonth", defaultMonth)} />}
            </Field>
          </div>
          <Field name="reason" label={m.refusalReason} errors={errors.reason}>
            {(a) => <textarea {...a} className="input min-h-16" defaultValue={value("reason")} />}
          </Field>
          <div className="flex flex-wrap gap-2">
            <button type="submit" name="decision" value="APPROVE" className="btn-primary"
              onClick={(e) => { if (!window.confirm(m.confirmPrompt)) e.preventDefault(); }}>{m.approve}</button>
            <button type="submit" name="decision" value="REFUSE" className="btn-secondary"
              onClick={(e) => { if (!window.confirm(m.confirmPrompt)) e.preventDefault(); }}>{m.refuse}</button>
          </div>
        </>
      )}
    </ActionForm>
  );
}

export function AdvanceForm({ applicationId }: { applicationId: number }) {
  return (
    <ActionForm action={applicationAdvanceAction}>
      {({ errors, value }) => (
        <>
          {hidden({ applicationId })}
          <p className="text-xs text-stone-500">{m.advanceHint}</p>
          <div className="grid gap-3 sm:grid-cols-[10rem_1fr]">
            <Field name="amount" label={m.advanceAmount} errors={errors.amount} required>
              {(a) => <input {...a} className="input" inputMode="decimal" defaultValue={value("amount")} />}
            </Field>
            <Field name="reason" label={m.advanceReason} errors={errors.reason} required>
              {(a) => <input {...a} className="input" defaultValue={value("reason")} />}
            </Field>
          </div>
          <SubmitButton label={m.payAdvance} pendingLabel={t.common.saving} className="btn-secondary" />
        </>
      )}
    </ActionForm>
  );
}
