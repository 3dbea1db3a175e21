"use client";
/** 受理: one button; a refusal (someone answered first) shows beside it. */
import { useActionState } from "react";
import type { ActionState } from "@/lib/action";
import { t } from "@/lib/i18n";
import { acceptTransferAction } from "@/lib/transfers/actions";
import { FormMessage } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";

export function AcceptForm({ transferId, version }: { transferId: number; version: number }) {
  const [state, formAction] = useActionState<ActionState, FormData>(acceptTransferAction, null);
  return (
    <form action={formAction} className="space-y-3" data-testid="accept-form">
      <FormMessage state={state} />
      <input type="hidden" name="transferId" value={transferId} />
      <input type="hidden" name="version" value={version} />
      <div className="flex flex-col gap-2 sm:flex-row sm:items-center sm:gap-3">
        <SubmitButton label={t.transfers.accept} pendingLabel={t.transfers.accepting} className="btn-primary w-full sm:w-auto" />
        <span className="text-sm text-stone-600">{t.transfers.acceptHint}</span>
      </div>
    </form>
  );
}
