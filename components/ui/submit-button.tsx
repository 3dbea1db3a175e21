"use client";
/** A submit button that says it is working and cannot be pressed twice while the form is pending. */
import { useFormStatus } from "react-dom";

export function SubmitButton({ label, pendingLabel, className = "btn-primary" }: { label: string; pendingLabel: string; className?: string }) {
  const { pending } = useFormStatus();
  return (
    <button type="submit" className={className} disabled={pending} aria-disabled={pending}>
      {pending ? (
        <>
          <span className="inline-block size-4 animate-spin rounded-full border-2 border-white/40 border-t-white" aria-hidden />
          {pendingLabel}
        </>
      ) : (
        label
      )}
    </button>
  );
}
