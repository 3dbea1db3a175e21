"use client";
/**
 * The last resort: a failure of the root layout itself. It replaces the whole document, so it
 * brings its own <html>, <body>, title and styles — and still speaks the user's language (issue 12; the browser's `<html lang>` until it is replaced).
 */
import { Fault } from "@/components/ui/fault";
import { currentLocale, t } from "@/lib/i18n";
import "./globals.css";

export default function GlobalError({ error, retry }: { error: Error & { digest?: string }; retry: () => void }) {
  return (
    <html lang={currentLocale()}>
      <body className="min-h-screen">
        <title>{`${t.faults.unexpectedTitle} · ${t.app.name}`}</title>
        <Fault error={error} retry={retry} framed />
      </body>
    </html>
  );
}
