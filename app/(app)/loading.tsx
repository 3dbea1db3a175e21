import { t } from "@/lib/i18n";

/** Shown while a page's data loads (a slow village connection should see that something happens). */
export default function Loading() {
  return (
    <div className="flex items-center gap-3 py-10 text-stone-600" role="status" aria-live="polite">
      <span className="inline-block size-5 animate-spin rounded-full border-2 border-stone-300 border-t-brand-600" aria-hidden />
      {t.common.loading}
    </div>
  );
}
