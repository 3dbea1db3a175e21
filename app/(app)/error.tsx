"use client";
/** An unexpected failure while rendering a page: say so plainly, offer a retry, show no internals. */
import Link from "next/link";
import { t } from "@/lib/i18n";

export default function AppError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="mx-auto max-w-md py-16 text-center">
      <h1 className="text-xl font-bold">{t.common.errorTitle}</h1>
      <p className="mt-2 text-stone-600">{t.common.unexpected}</p>
      <div className="mt-6 flex justify-center gap-3">
        <button type="button" className="btn-primary" onClick={() => reset()}>{t.common.retry}</button>
        <Link href="/" className="btn-secondary">{t.common.backHome}</Link>
      </div>
    </div>
  );
}
