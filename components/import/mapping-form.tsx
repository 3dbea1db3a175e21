"use client";
/** 确认列对应: for each field of the template, the file's column it is read from. */
import type { ActionState } from "@/lib/action";
import { t } from "@/lib/i18n";
import { ActionForm } from "@/components/ui/action-form";
import { SubmitButton } from "@/components/ui/submit-button";
import { FIELDS, REQUIRED_FIELDS, headerOf, type Mapping } from "@/lib/import/columns";

type Action = (state: ActionState, form: FormData) => Promise<ActionState>;

export function MappingForm({ action, jobId, headers, mapping }: { action: Action; jobId: number; headers: string[]; mapping: Mapping }) {
  return (
    <ActionForm action={action}>
      {({ errors }) => (
        <>
          <input type="hidden" name="jobId" value={jobId} />
          <div className="grid gap-3 sm:grid-cols-2">
            {FIELDS.map((f) => {
              const error = errors[`mapping.${f}`]?.[0];
              return (
                <div key={f}>
                  <label htmlFor={`map-${f}`} className="mb-1 block text-sm font-medium">
                    {headerOf(f)}{REQUIRED_FIELDS.includes(f) ? <span className="text-red-700"> *</span> : null}
                  </label>
                  <select
                    id={`map-${f}`} name={`mapping.${f}`} defaultValue={mapping[f] ?? ""} className="input min-h-11"
                    aria-invalid={error ? true : undefined} aria-describedby={error ? `map-${f}-error` : undefined}
                  >
                    <option value="">{t.imports.notInFile}</option>
                    {headers.filter((h) => h !== "").map((h) => <option key={h} value={h}>{h}</option>)}
                  </select>
                  {error ? <p id={`map-${f}-error`} className="mt-1 text-sm text-red-700" aria-live="polite">{error}</p> : null}
                </div>
              );
            })}
          </div>
          <SubmitButton label={t.imports.validate} pendingLabel={t.imports.validating} />
        </>
      )}
    </ActionForm>
  );
}
