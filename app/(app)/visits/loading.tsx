import { t } from "@/lib/i18n";

/**
 * Shown while the roster loads (a slow village connection should see that something happens).
 * Only here: a loading boundary streams the page, so a notFound() below it would answer 200, not
 * 404 — pages that read records by id keep their status codes by having none.
 */
export default function Loading() {
  return (
    <div className="flex items-center gap-3 py-10 text-stone-600" role="status" aria-live="polite">
      <span className="inline-block size-5 animate-spin rounded-full border-2 border-stone-300 border-t-brand-600" aria-hidden />
      {t.common.loading}
    </div>
  );
}
