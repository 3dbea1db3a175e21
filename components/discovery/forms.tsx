"use client";
/** Discovery forms: the outcome of a screening visit; an admin's rule. */
import { useState } from "react";
import { t } from "@/lib/i18n";
import { closeLeadAction, recordLeadAction, saveRuleAction, screenHouseholdAction } from "@/lib/discovery/actions";
import { MEMBER_FLAGS } from "@/lib/discovery/rules";
import { APPLICATION_TYPES } from "@/lib/applications/rules";
import { PROBLEM_CATEGORIES } from "@/lib/visits/schema";
import { ActionForm } from "@/components/ui/action-form";
import { Field, FieldError } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { VillageOptions } from "@/components/ui/village-options";

const d = t.discovery;

export function ScreeningForm({ householdId }: { householdId: number }) {
  const [outcome, setOutcome] = useState("APPLIED");
  return (
    <ActionForm action={screenHouseholdAction} className="space-y-3">
      {({ errors, value }) => (
        <>
          <input type="hidden" name="householdId" value={householdId} />
          <fieldset>
            <legend className="mb-2 text-sm font-medium">{d.outcome}</legend>
            <div className="grid gap-2 sm:grid-cols-3">
              {(["APPLIED", "NOT_ELIGIBLE", "OTHER_HELP"] as const).map((o) => (
                <label key={o} className="flex min-h-11 items-center gap-2 rounded-md border border-stone-300 bg-white px-3 text-sm has-[:checked]:border-brand-500 has-[:checked]:bg-brand-50">
                  <input type="radio" name="outcome" value={o} defaultChecked={value("outcome", outcome) === o} onChange={() => setOutcome(o)} className="accent-brand-600" />
                  {d.outcomes[o]}
                </label>
              ))}
            </div>
          </fieldset>
          {outcome === "APPLIED" ? (
            <Field name="type" label={d.applicationType} errors={errors.type} required>
              {(a) => (
                <select {...a} className="input" defaultValue={value("type", "DIBAO")}>
                  {APPLICATION_TYPES.map((ty) => <option key={ty} value={ty}>{t.applications.types[ty]}</option>)}
                </select>
              )}
            </Field>
          ) : null}
          {outcome === "OTHER_HELP" ? (
            <Field name="category" label={d.problemCategory} errors={errors.category} required>
              {(a) => (
                <select {...a} className="input" defaultValue={value("category")}>
                  <option value="">{t.common.choose}</option>
                  {PROBLEM_CATEGORIES.map((c) => <option key={c} value={c}>{t.enums.problemCategory[c]}</option>)}
                </select>
              )}
            </Field>
          ) : null}
          <Field name="reason" label={d.reason} errors={errors.reason} required>
            {(a) => <textarea {...a} className="input min-h-16" defaultValue={value("reason")} />}
          </Field>
          <SubmitButton label={d.submit} pendingLabel={t.common.saving} />
        </>
      )}
    </ActionForm>
  );
}

export type RuleValues = {
  id?: number; version?: number; code: string; name: string; description: string; memberFlags: string[];
  minAge: number | null; maxAge: number | null; incomeBelowRatio: number | null; enabled: boolean; builtIn?: boolean;
};

export function RuleForm({ rule }: { rule?: RuleValues }) {
  return (
    <ActionForm action={saveRuleAction} className="space-y-3">
      {({ errors, value }) => (
        <>
          {rule?.id ? <input type="hidden" name="id" value={rule.id} /> : null}
          {rule?.version ? <input type="hidden" name="version" value={rule.version} /> : null}
          <div className="grid gap-3 sm:grid-cols-2">
            <Field name="code" label={d.code} errors={errors.code} required>
              {(a) => <input {...a} className="input font-mono" defaultValue={value("code", rule?.code ?? "")} readOnly={!!rule?.id} />}
            </Field>
            <Field name="name" label={d.name} errors={errors.name} required>
              {(a) => <input {...a} className="input" defaultValue={value("name", rule?.name ?? "")} />}
            </Field>
          </div>
          <Field name="description" label={d.description} errors={errors.description} required>
            {(a) => <input {...a} className="input" defaultValue={value("description", rule?.description ?? "")} />}
          </Field>
          <fieldset>
            <legend className="mb-1 text-sm font-medium">{d.memberFlags}</legend>
            <div className="grid gap-1 sm:grid-cols-2">
              {MEMBER_FLAGS.map((f) => (
                <label key={f} className="flex min-h-9 items-center gap-2 text-sm">
                  <input type="checkbox" name="memberFlags" value={f} defaultChecked={rule?.memberFlags.includes(f)} className="size-5 accent-brand-600" /> {d.flags[f]}
                </label>
              ))}
            </div>
            <FieldError id="memberFlags-error" errors={errors.memberFlags} />
          </fieldset>
          <div className="grid gap-3 sm:grid-cols-3">
            <Field name="minAge" label={d.minAge} errors={errors.minAge}>
              {(a) => <input {...a} className="input" inputMode="numeric" defaultValue={value("minAge", rule?.minAge?.toString() ?? "")} />}
            </Field>
            <Field name="maxAge" label={d.maxAge} errors={errors.maxAge}>
              {(a) => <input {...a} className="input" inputMode="numeric" defaultValue={value("maxAge", rule?.maxAge?.toString() ?? "")} />}
            </Field>
            <Field name="incomeBelowRatio" label={d.incomeBelowRatio} errors={errors.incomeBelowRatio}>
              {(a) => <input {...a} className="input" inputMode="decimal" defaultValue={value("incomeBelowRatio", rule?.incomeBelowRatio?.toString() ?? "")} />}
            </Field>
          </div>
          <label className="flex min-h-9 items-center gap-2 text-sm">
            <input type="checkbox" name="enabled" defaultChecked={rule?.enabled ?? true} className="size-5 accent-brand-600" /> {d.enabled}
          </label>
          <SubmitButton label={d.save} pendingLabel={t.common.saving} />
        </>
      )}
    </ActionForm>
  );
}

export function LeadForm({ villages }: { villages: { township: string; villages: { code: string; name: string }[] }[] }) {
  return (
    <ActionForm action={recordLeadAction} className="space-y-3">
      {({ errors, value }) => (
        <>
          <div className="grid gap-3 sm:grid-cols-2">
            <Field name="regionCode" label={t.household.village} errors={errors.regionCode} required>
              {(a) => (
                <select {...a} className="input" defaultValue={value("regionCode")}>
                  <option value="">{t.household.chooseVillage}</option>
                  <VillageOptions groups={villages} />
                </select>
              )}
            </Field>
            <Field name="source" label={d.leadSource} errors={errors.source} required>
              {(a) => (
                <select {...a} className="input" defaultValue={value("source", "GRID")}>
                  {(["GRID", "HOTLINE"] as const).map((s) => <option key={s} value={s}>{t.enums.problemSource[s]}</option>)}
                </select>
              )}
            </Field>
            <Field name="familyName" label={d.familyName} errors={errors.familyName} required>
              {(a) => <input {...a} className="input" defaultValue={value("familyName")} />}
            </Field>
            <Field name="reporter" label={d.leadReporter} errors={errors.reporter}>
              {(a) => <input {...a} className="input" defaultValue={value("reporter")} />}
            </Field>
            <Field name="address" label={d.leadAddress} errors={errors.address} required>
              {(a) => <input {...a} className="input" defaultValue={value("address")} />}
            </Field>
            <Field name="phone" label={d.leadPhone} errors={errors.phone}>
              {(a) => <input {...a} className="input" type="tel" defaultValue={value("phone")} />}
            </Field>
          </div>
          <Field name="situation" label={d.situation} errors={errors.situation} required>
            {(a) => <textarea {...a} className="input min-h-16" defaultValue={value("situation")} />}
          </Field>
          <SubmitButton label={d.recordLead} pendingLabel={t.common.saving} />
        </>
      )}
    </ActionForm>
  );
}

export function CloseLeadForm({ leadId, version }: { leadId: number; version: number }) {
  return (
    <ActionForm action={closeLeadAction} className="flex flex-wrap items-end gap-2">
      {({ errors }) => (
        <>
          <input type="hidden" name="leadId" value={leadId} />
          <input type="hidden" name="version" value={version} />
          <Field name="reason" label={d.closeReason} errors={errors.reason} required>
            {(a) => <input {...a} className="input" />}
          </Field>
          <SubmitButton label={d.closeLead} pendingLabel={t.common.saving} className="btn-secondary" />
        </>
      )}
    </ActionForm>
  );
}
