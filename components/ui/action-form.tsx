"use client";
/**
 * A form bound to a server action through `useActionState`: shows the action's message, hands
 * field errors and the values just submitted to its fields (so a refused submit keeps what was
 * typed; the fields are re-mounted with those values as defaults).
 */
import { useActionState, useEffect, useId, type ReactNode } from "react";
import type { ActionState } from "@/lib/action";
import type { FormValues } from "@/lib/form-data";
import { FieldIdPrefix, FormMessage } from "./field";

type Action = (state: ActionState, form: FormData) => Promise<ActionState>;
export type FormBag = {
  errors: Record<string, string[]>;
  /** The submitted value of a field after a refused submit, else the given default. */
  value: (name: string, fallback?: string) => string;
};

export function ActionForm({ action, children, className = "space-y-4", onSuccess }: {
  action: Action;
  children: (bag: FormBag) => ReactNode;
  className?: string;
  /** Called once per accepted submission (a form that closes itself when done). */
  onSuccess?: () => void;
}) {
  const [state, formAction] = useActionState(action, null);
  useEffect(() => {
    if (state?.ok) onSuccess?.();
    // Only a new answer from the server counts, not a new callback identity.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [state]);
  const prefix = useId().replace(/[^a-zA-Z0-9]/g, "");
  const values = (state && !state.ok && state.values) || ({} as FormValues);
  const bag: FormBag = {
    errors: (state && !state.ok && state.fieldErrors) || {},
    value: (name, fallback = "") => {
      const v = values[name];
      return typeof v === "string" ? v : fallback;
    },
  };
  return (
    <form action={formAction} className={className} noValidate>
      <FormMessage state={state} />
      <FieldIdPrefix.Provider value={prefix}>
        <div key={JSON.stringify(values)} className={className}>{children(bag)}</div>
      </FieldIdPrefix.Provider>
    </form>
  );
}
