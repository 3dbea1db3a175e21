"use client";
/**
 * A masked ID number with, for permitted users, a deliberate "show" step: a confirmation that
 * says the reveal is audited, then the server action (which writes the audit row).
 */
import { useState, useTransition } from "react";
import type { ActionState } from "@/lib/action";
import { t } from "@/lib/i18n";

type Reveal = (state: ActionState<string>, input: unknown) => Promise<ActionState<string>>;

export function IdNumber({ memberId, masked, reveal }: { memberId: number; masked: string; reveal?: Reveal }) {
  const [full, setFull] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function onReveal() {
    if (!reveal || !window.confirm(t.member.revealConfirm)) return;
    startTransition(async () => {
      const res = await reveal(null, { memberId });
      if (res?.ok && typeof res.data === "string") setFull(res.data);
      else setError(res && !res.ok ? res.message : t.common.unexpected);
    });
  }

  return (
    <span className="inline-flex flex-wrap items-center gap-2">
      <span className="font-mono text-sm" data-testid="id-number">{full ?? masked}</span>
      {reveal ? (
        full ? (
          <button type="button" className="btn-link tap-target text-xs" onClick={() => setFull(null)}>{t.member.hide}</button>
        ) : (
          <button type="button" className="btn-link tap-target text-xs" onClick={onReveal} disabled={pending}>
            {pending ? t.member.revealing : t.member.reveal}
          </button>
        )
      ) : null}
      {error ? <span className="text-xs text-red-600">{error}</span> : null}
    </span>
  );
}
