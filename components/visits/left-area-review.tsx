"use client";
/**
 * The supervisor's confirmation of one visit synced after its household had left the recorder's
 * area (decision 021): one button, the action's answer beside it.
 */
import type { ActionState } from "@/lib/action";
import { t } from "@/lib/i18n";
import { ActionForm } from "@/components/ui/action-form";
import { SubmitButton } from "@/components/ui/submit-button";

type Action = (state: ActionState, form: FormData) => Promise<ActionState>;

export function LeftAreaReview({ id, action }: { id: number; action: Action }) {
  return (
    <ActionForm action={action} className="flex items-center gap-2">
      {() => (
        <>
          <input type="hidden" name="id" value={id} />
          <SubmitButton label={t.roster.leftAreaConfirm} pendingLabel={t.roster.leftAreaConfirming} className="btn-secondary" />
        </>
      )}
    </ActionForm>
  );
}
