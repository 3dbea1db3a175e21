/** A row of pill links choosing one filter of a list page; scrolls sideways on a phone. */
import Link from "next/link";
import { t } from "@/lib/i18n";

export function FilterTabs({ tabs, current }: { tabs: { key: string; href: string; label: string }[]; current: string }) {
  return (
    <nav className="flex gap-2 overflow-x-auto" aria-label={t.roster.filter}>
      {tabs.map((tab) => (
        <Link
          key={tab.key}
          href={tab.href}
          aria-current={current === tab.key ? "page" : undefined}
          className={`whitespace-nowrap rounded-full border px-3 py-1.5 text-sm ${current === tab.key ? "border-brand-600 bg-brand-600 text-white" : "border-stone-300 bg-white"}`}
        >
          {tab.label}
        </Link>
      ))}
    </nav>
  );
}
