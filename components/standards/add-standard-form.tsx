"use client";
/**
 * 新增标准: city, urban/rural, type, amount, effective date and the document it comes from, posted
 * to the add action. City, area and type start from the page's filters, so an admin who has
 * narrowed the page to one city adds that city's standard. A refused submit keeps what was typed.
 */
import type { ActionState } from "@/lib/action";
import { t } from "@/lib/i18n";
import { AREA_KINDS, STANDARD_TYPES } from "@/lib/standards/schema";
import { ActionForm } from "@/components/ui/action-form";
import { Field } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";

type Action = (state: ActionState, form: FormData) => Promise<ActionState>;

export function AddStandardForm(props: {
  action: Action;
  cities: { code: string; name: string }[];
  defaults: { cityCode?: string; area?: string; type?: string };
}) {
  const s = t.standards;
  return (
    <ActionForm action={props.action} className="space-y-3">
      {({ errors, value }) => (
        <>
          <Field name="cityCode" label={s.city} errors={errors.cityCode} required>
            {(a) => (
              <select {...a} className="input" defaultValue={value("cityCode", props.defaults.cityCode ?? "")}>
                <option value="">{t.common.choose}</option>
                {props.cities.map((c) => <option key={c.code} value={c.code}>{c.name}</option>)}
              </select>
            )}
          </Field>
          <div className="grid grid-cols-2 gap-3">
            <Field name="area" label={s.area} errors={errors.area} required>
              {(a) => (
                <select {...a} className="input" defaultValue={value("area", props.defaults.area ?? "")}>
                  <option value="">{t.common.choose}</option>
                  {AREA_KINDS.map((k) => <option key={k} value={k}>{s.areas[k]}</option>)}
                </select>
              )}
            </Field>
            <Field name="type" label={s.type} errors={errors.type} required>
              {(a) => (
                <select {...a} className="input" defaultValue={value("type", props.defaults.type ?? "")}>
                  <option value="">{t.common.choose}</option>
                  {STANDARD_TYPES.map((k) => <option key={k} value={k}>{s.types[k]}</option>)}
                </select>
              )}
            </Field>
          </div>
          <div className="grid grid-cols-2 gap-3">
            <Field name="monthlyAmount" label={s.monthlyAmount} errors={errors.monthlyAmount} required>
              {(a) => <input {...a} className="input tabular-nums" inputMode="decimal" autoComplete="off" placeholder="0.00" defaultValue={value("monthlyAmount")} />}
            </Field>
            <Field name="effectiveFrom" label={s.effectiveFrom} errors={errors.effectiveFrom} required>
              {(a) => <input {...a} type="date" className="input tabular-nums" defaultValue={value("effectiveFrom")} />}
            </Field>
          </div>
          <Field name="note" label={s.noteLabel} errors={errors.note} hint={s.noteHint} required>
            {(a) => <input {...a} className="input" maxLength={200} defaultValue={value("note")} />}
          </Field>
          <SubmitButton label={s.addSubmit} pendingLabel={s.addPending} />
        </>
      )}
    </ActionForm>
  );
}
