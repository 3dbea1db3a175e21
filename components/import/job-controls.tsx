"use client";
/**
 * The job page's moving parts: a progress bar that follows the job while it runs (the page is
 * re-rendered from the server every second, so a reload shows the same bar), and the buttons
 * that start the import or cancel, each asking for confirmation first.
 */
import { useActionState, useEffect } from "react";
import { useRouter } from "next/navigation";
import type { ActionState } from "@/lib/action";
import { format, t } from "@/lib/i18n";
import { FormMessage } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";

type Action = (state: ActionState, form: FormData) => Promise<ActionState>;

export function ProgressBar({ done, total, running }: { done: number; total: number; running: boolean }) {
  const router = useRouter();
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => router.refresh(), 1000);
    return () => clearInterval(timer);
  }, [running, router]);
  const percent = total > 0 ? Math.min(100, Math.round((done / total) * 100)) : running ? 0 : 100;
  return (
    <div className="space-y-1">
      <div
        className="h-4 w-full overflow-hidden rounded-full bg-stone-200" role="progressbar" aria-label={t.imports.progress}
        aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} data-testid="import-progress"
      >
        <div className="h-full rounded-full bg-emerald-600 transition-all" style={{ width: `${percent}%` }} />
      </div>
      <p className="text-sm text-stone-600" data-testid="import-progress-text">{format(t.imports.progress, { done, total })}（{percent}%）</p>
    </div>
  );
}

/** A one-button form for an action on the job, confirmed with the given question. */
export function ConfirmButton({ action, jobId, label, pendingLabel, question, className }: {
  action: Action; jobId: number; label: string; pendingLabel: string; question: string; className?: string;
}) {
  const [state, formAction] = useActionState(action, null);
  return (
    <form
      action={formAction}
      onSubmit={(e) => { if (!window.confirm(question)) e.preventDefault(); }}
      className="space-y-2"
    >
      <FormMessage state={state && !state.ok ? state : null} />
      <input type="hidden" name="jobId" value={jobId} />
      <SubmitButton label={label} pendingLabel={pendingLabel} className={className} />
    </form>
  );
}
