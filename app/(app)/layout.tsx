import { requireActor } from "@/lib/auth/session";
import { regionName } from "@/lib/regions/queries";
import { AppShell } from "@/components/layout/app-shell";

// Every signed-in page reads the session and the database: never prerendered.
export const dynamic = "force-dynamic";

export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const actor = await requireActor();
  return (
    <AppShell actor={actor} regionLabel={await regionName(actor.regionCode)}>
      {children}
    </AppShell>
  );
}
