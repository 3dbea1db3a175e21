"use client";
/**
 * 签发令牌: name, region and last day, posted to the issue action. On success the secret comes
 * back in the action state and is shown here, once, with a copy button — it is in no URL and no
 * page the server renders again. A refused submit keeps what was typed.
 */
import { useActionState, useRef, useState } from "react";
import type { ActionState } from "@/lib/action";
import type { FormValues } from "@/lib/form-data";
import { t } from "@/lib/i18n";
import { Field, FormMessage } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";

export type IssuedSecret = { id: number; prefix: string; secret: string };
type Action = (state: ActionState<IssuedSecret>, form: FormData) => Promise<ActionState<IssuedSecret>>;

const a = t.api;

function SecretBox({ secret }: { secret: string }) {
  const box = useRef<HTMLTextAreaElement>(null);
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied(true);
    } catch {
      // No clipboard API (plain http on a LAN): select the text for the admin to copy.
      box.current?.select();
    }
  };
  return (
    <div className="space-y-2 rounded-md border border-amber-300 bg-amber-50 p-3" data-testid="issued-secret">
      <p className="text-sm font-semibold text-amber-900">{a.secretTitle}</p>
      {/* Shown whole (it wraps) and selected on a tap, for phones without a working copy button. */}
      <textarea
        ref={box}
        readOnly
        rows={2}
        value={secret}
        aria-label={a.secretTitle}
        className="input resize-none break-all font-mono text-xs"
        onFocus={(e) => e.currentTarget.select()}
        data-testid="secret"
      />
      <button type="button" className="btn-secondary" onClick={copy}>{copied ? a.copied : a.copy}</button>
      <p className="text-xs text-amber-900">{a.secretWarning}</p>
    </div>
  );
}

export function IssueTokenForm(props: {
  action: Action;
  regions: { code: string; fullName: string }[];
  defaultRegion: string;
  defaultExpiry: string;
  minExpiry: string;
  maxExpiry: string;
}) {
  const [state, formAction] = useActionState(props.action, null);
  const values: FormValues = (state && !state.ok && state.values) || {};
  const errors = (state && !state.ok && state.fieldErrors) || {};
  const value = (name: string, fallback = "") => {
    const v = values[name];
    return typeof v === "string" ? v : fallback;
  };
  const secret = state?.ok ? state.data?.secret : undefined;

  return (
    <div className="space-y-3">
      <form action={formAction} className="space-y-3" noValidate>
        <FormMessage state={state} />
        {secret ? <SecretBox key={secret} secret={secret} /> : null}
        {/* Re-mounted with the submitted values after a refusal (React resets a submitted form). */}
        <div key={JSON.stringify(values)} className="space-y-3">
          <Field name="name" label={a.name} errors={errors.name} hint={a.nameHint} required>
            {(f) => <input {...f} className="input" maxLength={100} autoComplete="off" defaultValue={value("name")} />}
          </Field>
          <Field name="regionCode" label={a.regionCode} errors={errors.regionCode} hint={a.regionHint} required>
            {(f) => (
              <>
                <input
                  {...f}
                  className="input tabular-nums"
                  inputMode="numeric"
                  autoComplete="off"
                  list="token-regions"
                  maxLength={9}
                  defaultValue={value("regionCode", props.defaultRegion)}
                />
                <datalist id="token-regions">
                  {props.regions.map((r) => <option key={r.code} value={r.code}>{r.fullName}</option>)}
                </datalist>
              </>
            )}
          </Field>
          <Field name="expiresOn" label={a.expiresOn} errors={errors.expiresOn} hint={a.expiresHint} required>
            {(f) => (
              <input {...f} type="date" className="input tabular-nums" min={props.minExpiry} max={props.maxExpiry} defaultValue={value("expiresOn", props.defaultExpiry)} />
            )}
          </Field>
        </div>
        <SubmitButton label={a.issueSubmit} pendingLabel={a.issuePending} />
      </form>
    </div>
  );
}
