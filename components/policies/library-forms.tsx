"use client";
/** Admin forms of the policy and resource libraries: one policy, one resource (create or edit). */
import { t } from "@/lib/i18n";
import { savePolicyAction, saveResourceAction } from "@/lib/policies/actions";
import { CATEGORIES, POLICY_FLAGS, RESOURCE_KINDS, type PolicyConditions } from "@/lib/policies/match";
import { ActionForm } from "@/components/ui/action-form";
import { Field, FieldError } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";

const p = t.policies;

export type PolicyValues = {
  id: number; code: string; title: string; whoQualifies: string; benefit: string; department: string; conditions: PolicyConditions; active: boolean;
};

function Checkboxes({ name, legend, options, checked, errors }: { name: string; legend: string; options: { value: string; label: string }[]; checked: string[]; errors?: string[] }) {
  return (
    <fieldset>
      <legend className="mb-1 text-sm font-medium">{legend}</legend>
      <div className="grid gap-1 sm:grid-cols-2">
        {options.map((o) => (
          <label key={o.value} className="flex min-h-9 items-center gap-2 text-sm">
            <input type="checkbox" name={name} value={o.value} defaultChecked={checked.includes(o.value)} className="size-5 accent-brand-600" /> {o.label}
          </label>
        ))}
      </div>
      <FieldError id={`${name}-error`} errors={errors} />
    </fieldset>
  );
}

export function PolicyForm({ policy }: { policy?: PolicyValues }) {
  const c = policy?.conditions ?? {};
  return (
    <ActionForm action={savePolicyAction} className="space-y-3">
      {({ errors, value }) => (
        <>
          {policy ? <input type="hidden" name="id" value={policy.id} /> : null}
          <div className="grid gap-3 sm:grid-cols-3">
            <Field name="code" label={p.code} errors={errors.code} required>
              {(a) => <input {...a} className="input font-mono" defaultValue={value("code", policy?.code ?? "")} readOnly={!!policy} />}
            </Field>
            <Field name="title" label={p.title} errors={errors.title} required>
              {(a) => <input {...a} className="input" defaultValue={value("title", policy?.title ?? "")} />}
            </Field>
            <Field name="department" label={p.department} errors={errors.department} required>
              {(a) => <input {...a} className="input" defaultValue={value("department", policy?.department ?? "")} />}
            </Field>
          </div>
          <Field name="whoQualifies" label={p.whoQualifies} errors={errors.whoQualifies} required>
            {(a) => <textarea {...a} className="input min-h-16" defaultValue={value("whoQualifies", policy?.whoQualifies ?? "")} />}
          </Field>
          <Field name="benefit" label={p.benefit} errors={errors.benefit} required>
            {(a) => <textarea {...a} className="input min-h-16" defaultValue={value("benefit", policy?.benefit ?? "")} />}
          </Field>
          <Checkboxes name="memberFlags" legend={p.memberFlags} errors={errors.memberFlags} checked={c.memberFlags ?? []}
            options={POLICY_FLAGS.map((f) => ({ value: f, label: p.flags[f] }))} />
          <Checkboxes name="categories" legend={p.categories} errors={errors.categories} checked={c.categories ?? []}
            options={CATEGORIES.map((k) => ({ value: k, label: t.enums.category[k] }))} />
          <div className="grid grid-cols-2 gap-3">
            <Field name="minAge" label={p.minAge} errors={errors.minAge}>
              {(a) => <input {...a} className="input" inputMode="numeric" defaultValue={value("minAge", c.minAge?.toString() ?? "")} />}
            </Field>
            <Field name="maxAge" label={p.maxAge} errors={errors.maxAge}>
              {(a) => <input {...a} className="input" inputMode="numeric" defaultValue={value("maxAge", c.maxAge?.toString() ?? "")} />}
            </Field>
          </div>
          <label className="flex min-h-9 items-center gap-2 text-sm">
            <input type="checkbox" name="active" defaultChecked={policy?.active ?? true} className="size-5 accent-brand-600" /> {p.active}
          </label>
          <SubmitButton label={p.savePolicy} pendingLabel={t.common.saving} />
        </>
      )}
    </ActionForm>
  );
}

export type ResourceValues = {
  id: number; name: string; kind: string; services: string; regionCodes: string[]; capacity: number | null; contact: string | null; active: boolean;
};

export function ResourceForm({ resource }: { resource?: ResourceValues }) {
  return (
    <ActionForm action={saveResourceAction} className="space-y-3">
      {({ errors, value }) => (
        <>
          {resource ? <input type="hidden" name="id" value={resource.id} /> : null}
          <div className="grid gap-3 sm:grid-cols-2">
            <Field name="name" label={p.name} errors={errors.name} required>
              {(a) => <input {...a} className="input" defaultValue={value("name", resource?.name ?? "")} />}
            </Field>
            <Field name="kind" label={p.kind} errors={errors.kind} required>
              {(a) => (
                <select {...a} className="input" defaultValue={value("kind", resource?.kind ?? "HOME_CARE")}>
                  {RESOURCE_KINDS.map((k) => <option key={k} value={k}>{p.kinds[k]}</option>)}
                </select>
              )}
            </Field>
          </div>
          <Field name="services" label={p.services} errors={errors.services} required>
            {(a) => <input {...a} className="input" defaultValue={value("services", resource?.services ?? "")} />}
          </Field>
          <Field name="regionCodes" label={p.regionCodes} errors={errors.regionCodes} hint={p.regionCodesHint} required>
            {(a) => <input {...a} className="input font-mono" inputMode="numeric" defaultValue={value("regionCodes", resource?.regionCodes.join(" ") ?? "")} />}
          </Field>
          <div className="grid grid-cols-2 gap-3">
            <Field name="capacity" label={p.capacity} errors={errors.capacity}>
              {(a) => <input {...a} className="input" inputMode="numeric" defaultValue={value("capacity", resource?.capacity?.toString() ?? "")} />}
            </Field>
            <Field name="contact" label={p.contact} errors={errors.contact}>
              {(a) => <input {...a} className="input" defaultValue={value("contact", resource?.contact ?? "")} />}
            </Field>
          </div>
          <label className="flex min-h-9 items-center gap-2 text-sm">
            <input type="checkbox" name="active" defaultChecked={resource?.active ?? true} className="size-5 accent-brand-600" /> {p.active}
          </label>
          <SubmitButton label={p.saveResource} pendingLabel={t.common.saving} />
        </>
      )}
    </ActionForm>
  );
}
