/**
 * The language choice (decision 030): one button per language, posting to /api/locale, which
 * comes back to `next`. Works without script; the current language is shown pressed.
 */
import { currentLocale, LOCALE_NAMES, LOCALES } from "@/lib/i18n";

export function LanguageSwitch({ next, label }: { next: string; label: string }) {
  const active = currentLocale();
  return (
    <form method="post" action="/api/locale" className="flex flex-wrap items-center justify-center gap-2" data-testid="language-switch">
      <span className="text-sm text-stone-600">{label}</span>
      <input type="hidden" name="next" value={next} />
      {LOCALES.map((locale) => (
        <button
          key={locale}
          type="submit"
          name="locale"
          value={locale}
          lang={locale}
          aria-pressed={locale === active}
          className={`min-h-11 rounded-md border px-3 text-sm ${locale === active ? "border-brand-600 bg-brand-50 font-medium text-brand-700" : "border-stone-300 bg-white text-stone-700"}`}
        >
          {LOCALE_NAMES[locale]}
        </button>
      ))}
    </form>
  );
}
