"use client";
/**
 * Create / edit a household with its members. Field names are dotted paths (`members.0.name`),
 * matching the server's field-error keys; after a refused submit the form is rebuilt from the
 * values the server sends back, so nothing typed is lost.
 */
import { useActionState, useMemo, useState } from "react";
import Link from "next/link";
import type { ActionState } from "@/lib/action";
import type { FormValues } from "@/lib/form-data";
import { format, t } from "@/lib/i18n";
import { CATEGORIES, LABOUR_CAPACITIES, RELATIONS } from "@/lib/households/schema";
import { Field, FieldError, FormMessage } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { VillageOptions, type VillageGroup } from "@/components/ui/village-options";

type MemberValues = Record<string, string | undefined> & { maskedId?: string };
export type HouseholdFormValues = {
  id?: string;
  leadId?: string;
  version?: string;
  regionCode?: string;
  address?: string;
  phone?: string;
  category?: string;
  note?: string;
  members: MemberValues[];
};
type Action = (state: ActionState, form: FormData) => Promise<ActionState>;

const str = (v: unknown) => (typeof v === "string" ? v : undefined);

function fromServer(values: FormValues | undefined, initial: HouseholdFormValues): HouseholdFormValues {
  if (!values) return initial;
  const members = Array.isArray(values.members) ? (values.members as Record<string, unknown>[]) : [];
  return {
    id: str(values.id),
    leadId: str(values.leadId),
    version: str(values.version),
    regionCode: str(values.regionCode),
    address: str(values.address),
    phone: str(values.phone),
    category: str(values.category) ?? initial.category, // an edit does not send it
    note: str(values.note),
    members: members.map((m) => {
      const row: MemberValues = {};
      for (const [k, v] of Object.entries(m)) row[k] = str(v);
      // Keep showing the masked number of an existing member after a refused submit.
      row.maskedId = initial.members.find((x) => x.id && x.id === row.id)?.maskedId;
      return row;
    }),
  };
}

export function HouseholdForm(props: {
  action: Action;
  villages: VillageGroup[];
  initial: HouseholdFormValues;
  cancelHref: string;
}) {
  const [state, formAction] = useActionState(props.action, null);
  const values = useMemo(
    () => fromServer(state && !state.ok ? state.values : undefined, props.initial),
    [state, props.initial],
  );
  const errors = (state && !state.ok && state.fieldErrors) || {};
  return (
    <form action={formAction} className="space-y-6" noValidate>
      <FormMessage state={state} />
      {/* Rebuilt on every answer from the server so defaults are the values just submitted. */}
      <HouseholdFields key={JSON.stringify(values)} values={values} villages={props.villages} errors={errors} />
      <div className="flex flex-wrap gap-3">
        <SubmitButton label={t.common.save} pendingLabel={t.common.saving} />
        <Link href={props.cancelHref} className="btn-secondary">{t.common.cancel}</Link>
      </div>
    </form>
  );
}

let rowSeq = 0;

function HouseholdFields({ values, villages, errors }: { values: HouseholdFormValues; villages: VillageGroup[]; errors: Record<string, string[]> }) {
  const [rows, setRows] = useState(() =>
    (values.members.length ? values.members : [{ relation: "HEAD" }]).map((m) => ({ key: ++rowSeq, values: m })),
  );
  const e = (path: string) => errors[path];
  return (
    <>
      {values.id ? <input type="hidden" name="id" value={values.id} /> : null}
      {values.version ? <input type="hidden" name="version" value={values.version} /> : null}
      {values.leadId ? <input type="hidden" name="leadId" value={values.leadId} /> : null}
      <section className="card grid gap-4 p-4 sm:grid-cols-2">
        <Field name="regionCode" label={t.household.village} errors={e("regionCode")} required>
          {(a) => (
            <select {...a} className="input" defaultValue={values.regionCode ?? ""}>
              <option value="">{t.household.chooseVillage}</option>
              <VillageOptions groups={villages} />
            </select>
          )}
        </Field>
        {/* Neither a registration nor an edit sets the category (issue 15): a new family is 未纳入,
            later categories come from a confirmed application or a cessation. Shown, not sent. */}
        <div data-testid="category-fixed">
          <span className="mb-1 block text-sm font-medium">{t.household.category}</span>
          <p className="flex min-h-11 items-center text-sm">{values.id ? t.enums.category[values.category as (typeof CATEGORIES)[number]] ?? values.category : t.enums.category.NONE}</p>
          <p className="text-xs text-stone-500">{values.id ? t.household.categoryFixedHint : t.household.categoryNewHint}</p>
          <FieldError id="category-error" errors={e("category")} />
        </div>
        <Field name="address" label={t.household.address} errors={e("address")} required className="sm:col-span-2">
          {(a) => <input {...a} className="input" defaultValue={values.address ?? ""} autoComplete="street-address" />}
        </Field>
        <Field name="phone" label={t.household.phone} errors={e("phone")}>
          {(a) => <input {...a} className="input" type="tel" inputMode="tel" defaultValue={values.phone ?? ""} />}
        </Field>
        <Field name="note" label={t.household.note} errors={e("note")} className="sm:col-span-2">
          {(a) => <textarea {...a} className="input min-h-20" defaultValue={values.note ?? ""} />}
        </Field>
      </section>

      <section className="space-y-3">
        <h2 className="text-lg font-semibold">{t.household.members}</h2>
        <FieldError id="members-error" errors={e("members")} />
        {rows.map((row, i) => (
          <MemberFields
            key={row.key}
            index={i}
            values={row.values}
            errors={errors}
            onRemove={rows.length > 1 ? () => setRows(rows.filter((r) => r.key !== row.key)) : undefined}
          />
        ))}
        <button type="button" className="btn-secondary" onClick={() => setRows([...rows, { key: ++rowSeq, values: { relation: "" } }])}>
          + {t.household.addMember}
        </button>
      </section>
    </>
  );
}

function MemberFields({ index, values, errors, onRemove }: { index: number; values: MemberValues; errors: Record<string, string[]>; onRemove?: () => void }) {
  const p = (field: string) => `members.${index}.${field}`;
  const e = (field: string) => errors[p(field)];
  const existing = !!values.id;
  return (
    <fieldset className="card grid gap-4 p-4 sm:grid-cols-3" data-testid="member-row">
      <legend className="sr-only">{format(t.household.memberN, { n: index + 1 })}</legend>
      <div className="flex items-center justify-between sm:col-span-3">
        <span className="text-sm font-semibold text-stone-700">{format(t.household.memberN, { n: index + 1 })}</span>
        {onRemove ? (
          <button type="button" className="btn-link tap-target text-sm" onClick={onRemove}>{t.household.removeMember}</button>
        ) : null}
      </div>
      {existing ? <input type="hidden" name={p("id")} value={values.id} /> : null}
      <Field name={p("name")} label={t.member.name} errors={e("name")} required>
        {(a) => <input {...a} className="input" defaultValue={values.name ?? ""} />}
      </Field>
      <Field
        name={p("idNumber")}
        label={t.member.idNumber}
        errors={e("idNumber")}
        required={!existing}
        hint={existing ? format(t.common.keepBlank, { masked: values.maskedId ?? "" }) : undefined}
      >
        {(a) => (
          <input {...a} className="input font-mono" defaultValue={values.idNumber ?? ""} autoComplete="off" inputMode="text" spellCheck={false} />
        )}
      </Field>
      <Field name={p("relation")} label={t.member.relation} errors={e("relation")} required>
        {(a) => (
          <select {...a} className="input" defaultValue={values.relation ?? ""}>
            <option value="">{t.common.choose}</option>
            {RELATIONS.map((r) => (
              <option key={r} value={r}>{t.enums.relation[r]}</option>
            ))}
          </select>
        )}
      </Field>
      <Field name={p("disabilityGrade")} label={t.member.disabilityGrade} errors={e("disabilityGrade")}>
        {(a) => (
          <select {...a} className="input" defaultValue={values.disabilityGrade ?? ""}>
            <option value="">{t.member.noDisability}</option>
            {[1, 2, 3, 4].map((g) => (
              <option key={g} value={g}>{format(t.member.gradeN, { grade: g })}</option>
            ))}
          </select>
        )}
      </Field>
      <Field name={p("labourCapacity")} label={t.member.labourCapacity} errors={e("labourCapacity")}>
        {(a) => (
          <select {...a} className="input" defaultValue={values.labourCapacity ?? "NOT_ASSESSED"}>
            {LABOUR_CAPACITIES.map((c) => (
              <option key={c} value={c}>{t.enums.labourCapacity[c]}</option>
            ))}
          </select>
        )}
      </Field>
      <div className="flex flex-col gap-2 text-sm sm:pt-6">
        {(
          [
            ["majorIllness", t.member.majorIllness],
            ["postCompulsoryStudent", t.member.postCompulsoryStudent],
            ["unsupportedChild", t.member.unsupportedChild],
          ] as const
        ).map(([field, label]) => (
          <label key={field} className="flex min-h-8 items-center gap-2">
            <input type="checkbox" name={p(field)} defaultChecked={values[field] === "on" || values[field] === "true"} className="size-5 accent-brand-600" />
            {label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
