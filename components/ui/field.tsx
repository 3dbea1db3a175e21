"use client";
/**
 * A labelled form field with its error beside it: `aria-invalid`, `aria-describedby` and a live
 * region, so a screen reader hears the message and a sighted user sees it next to the input.
 */
import { createContext, useContext, type ReactNode } from "react";
import { t } from "@/lib/i18n";

/**
 * Prefix for field ids, so two forms on one page (a problem page has several) never share an
 * id and every label points at its own input. Forms that are alone on their page use none.
 */
export const FieldIdPrefix = createContext("");

export function FieldError({ id, errors }: { id: string; errors?: string[] }) {
  return (
    <div id={id} aria-live="polite" aria-atomic="true">
      {errors?.map((e) => (
        <p key={e} className="mt-1 text-sm text-red-600" data-testid="field-error">
          {e}
        </p>
      ))}
    </div>
  );
}

export function Field(props: {
  name: string;
  label: string;
  errors?: string[];
  required?: boolean;
  hint?: string;
  children: (aria: { id: string; name: string; "aria-invalid"?: boolean; "aria-describedby": string }) => ReactNode;
  className?: string;
}) {
  const id = `${useContext(FieldIdPrefix)}f-${props.name.replace(/\./g, "-")}`;
  const describedBy = `${id}-error`;
  return (
    <div className={props.className}>
      <label htmlFor={id} className="mb-1 block text-sm font-medium text-stone-700">
        {props.label}
        {props.required ? <span className="ml-0.5 text-red-600" aria-label={t.common.required}>*</span> : null}
      </label>
      {props.children({
        id,
        name: props.name,
        "aria-invalid": props.errors?.length ? true : undefined,
        "aria-describedby": describedBy,
      })}
      {props.hint ? <p className="mt-1 text-xs text-stone-500">{props.hint}</p> : null}
      <FieldError id={describedBy} errors={props.errors} />
    </div>
  );
}

export function FormMessage({ state }: { state: { ok: boolean; message?: string } | null }) {
  if (!state?.message) return null;
  return (
    <div
      role="status"
      aria-live="polite"
      data-testid="form-message"
      className={`rounded-md px-4 py-3 text-sm ${state.ok ? "bg-green-50 text-green-800" : "bg-red-50 text-red-700"}`}
    >
      {state.message}
    </div>
  );
}
