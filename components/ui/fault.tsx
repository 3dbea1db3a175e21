"use client";
/**
 * What the error pages show (app/error.tsx, app/(app)/error.tsx, app/global-error.tsx): in
 * Chinese, never the error's text or stack. While the database is unreachable — the server marks
 * such errors by their digest (lib/db/errors.ts) — it says the service is briefly unavailable
 * and to retry; otherwise that the page failed. The digest appears small, as a reference number
 * an administrator finds in the server's log.
 */
import { isUnavailableDigest, UNAVAILABLE_DIGEST_PREFIX } from "@/lib/db/errors";
import { format, t } from "@/lib/i18n";

const f = t.faults;

function digestOf(error: unknown): string | null {
  const digest = error && typeof error === "object" ? (error as { digest?: unknown }).digest : undefined;
  return typeof digest === "string" && digest ? digest : null;
}

export function Fault({ error, retry, framed = false }: { error: unknown; retry: () => void; framed?: boolean }) {
  const digest = digestOf(error);
  const unavailable = isUnavailableDigest(digest);
  const reference = digest && (unavailable ? digest.slice(UNAVAILABLE_DIGEST_PREFIX.length) : digest);
  return (
    <div className={framed ? "flex min-h-screen items-center justify-center bg-gradient-to-b from-brand-50 to-stone-50 px-4 py-10" : "px-4 py-12"}>
      <div className="card mx-auto w-full max-w-md p-6 text-center sm:p-8" role="alert" data-testid={unavailable ? "fault-unavailable" : "fault-unexpected"}>
        {framed ? (
          <div className="mx-auto mb-4 flex size-12 items-center justify-center rounded-2xl bg-brand-600 text-xl font-bold text-white shadow" aria-hidden="true">暖</div>
        ) : null}
        <h1 className="text-xl font-bold">{unavailable ? f.unavailableTitle : f.unexpectedTitle}</h1>
        <p className="mt-3 text-sm leading-relaxed text-stone-600">{unavailable ? f.unavailable : f.unexpected}</p>
        <div className="mt-6 flex flex-col justify-center gap-3 sm:flex-row">
          <button type="button" className="btn-primary" onClick={() => retry()}>{f.retry}</button>
          {/* A plain link, not next/link: a full load is what recovers a page whose layout failed. */}
          {/* eslint-disable-next-line @next/next/no-html-link-for-pages */}
          <a href="/" className="btn-secondary">{f.backHome}</a>
        </div>
        {reference ? (
          <p className="mt-6 text-xs text-stone-400" title={f.referenceHint}>{format(f.reference, { digest: reference })}</p>
        ) : null}
      </div>
    </div>
  );
}
