import type { Metadata, Viewport } from "next";
import { connection } from "next/server";
import { currentLocale, t } from "@/lib/i18n";
import "@/lib/i18n/server";
import { ServiceWorkerRegistration } from "@/components/pwa/service-worker";
import "./globals.css";

// A function, not a constant: the title is in the language of the request (decision 030).
export function generateMetadata(): Metadata {
  return {
    title: { default: t.app.name, template: `%s · ${t.app.name}` },
    description: t.app.tagline,
    applicationName: t.app.name,
    icons: { icon: "/favicon.ico", apple: "/icons/apple-touch-icon.png" },
    appleWebApp: { capable: true, title: t.app.name, statusBarStyle: "default" },
  };
}

export const viewport: Viewport = { width: "device-width", initialScale: 1, themeColor: "#c94e2a" };

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Every page renders per request: Next puts this request's CSP nonce on its scripts only then
  // (a page prerendered at build time would carry none, and the browser would refuse its scripts).
  await connection();
  return (
    <html lang={currentLocale()}>
      <body className="min-h-screen">
        {children}
        <ServiceWorkerRegistration />
      </body>
    </html>
  );
}
