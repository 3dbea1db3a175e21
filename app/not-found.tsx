import Link from "next/link";
import { t } from "@/lib/i18n";

export default function NotFound() {
  return (
    <div className="mx-auto max-w-md px-4 py-16 text-center">
      <h1 className="text-xl font-bold" data-testid="not-found">{t.common.notFoundTitle}</h1>
      <p className="mt-2 text-stone-600">{t.common.notFound}</p>
      <Link href="/" className="btn-secondary mt-6">{t.common.backHome}</Link>
    </div>
  );
}
