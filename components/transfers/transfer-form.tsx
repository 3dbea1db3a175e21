"use client";
/**
 * 转交其他部门: department, what the department is asked to do, and by when. Posts to
 * `transferProblemAction`; on success the action opens the new transfer's page. After a refused
 * submit the form is rebuilt from the values the server sends back, so nothing typed is lost.
 */
import { useActionState } from "react";
import type { ActionState } from "@/lib/action";
import type { FormValues } from "@/lib/form-data";
import { todayInChina } from "@/lib/dates";
import { t } from "@/lib/i18n";
import { transferProblemAction } from "@/lib/transfers/actions";
import { Field, FormMessage } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";

const str = (v: unknown) => (typeof v === "string" ? v : undefined);

export function TransferForm(props: { problemId: number; departments: { code: string; name: string }[]; defaultDueOn: string }) {
  const [state, formAction] = useActionState<ActionState, FormData>(transferProblemAction, null);
  const values: FormValues = (state && !state.ok && state.values) || {};
  const errors = (state && !state.ok && state.fieldErrors) || {};
  const today = todayInChina();
  return (
    <form action={formAction} className="space-y-4" noValidate data-testid="transfer-form">
      <FormMessage state={state} />
      <input type="hidden" name="problemId" value={props.problemId} />
      {/* Keyed by the returned values so a refused submit shows what was typed. */}
      <div key={JSON.stringify(values)} className="grid gap-4 sm:grid-cols-[1fr_12rem]">
        <Field name="departmentCode" label={t.transfers.department} errors={errors.departmentCode} required>
          {(a) => (
            <select {...a} className="input" defaultValue={str(values.departmentCode) ?? ""}>
              <option value="">{t.transfers.chooseDepartment}</option>
              {props.departments.map((d) => (
                <option key={d.code} value={d.code}>{d.name}</option>
              ))}
            </select>
          )}
        </Field>
        <Field name="dueOn" label={t.transfers.dueOnLabel} errors={errors.dueOn} required>
          {(a) => <input {...a} type="date" min={today} className="input" defaultValue={str(values.dueOn) ?? props.defaultDueOn} />}
        </Field>
        <Field name="request" label={t.transfers.request} errors={errors.request} required hint={t.transfers.requestHint} className="sm:col-span-2">
          {(a) => <textarea {...a} className="input min-h-24" maxLength={2000} defaultValue={str(values.request) ?? ""} />}
        </Field>
      </div>
      {errors.problemId ? <p className="text-sm text-red-600">{errors.problemId.join(" ")}</p> : null}
      <SubmitButton label={t.transfers.submitTransfer} pendingLabel={t.transfers.submittingTransfer} className="btn-primary w-full sm:w-auto" />
    </form>
  );
}
