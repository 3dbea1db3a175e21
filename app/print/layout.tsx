import { requireActor } from "@/lib/auth/session";

export const dynamic = "force-dynamic";

/** Printable documents: A4, no navigation; the browser's print dialog does the rest. */
export default async function PrintLayout({ children }: { children: React.ReactNode }) {
  await requireActor();
  return <div className="mx-auto max-w-[210mm] bg-white p-8 text-black print:p-0">{children}</div>;
}
