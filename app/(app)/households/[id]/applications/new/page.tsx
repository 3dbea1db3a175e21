import { forbidden } from "next/navigation";
import { requireActor } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { load, routeId } from "@/lib/page";
import { getHousehold } from "@/lib/households/queries";
import { todayInChina } from "@/lib/dates";
import { addDays } from "@/lib/dates";
import { t } from "@/lib/i18n";
import { OpenApplicationForm } from "@/components/applications/forms";

export const generateMetadata = () => ({ title: t.applications.newTitle });

export default async function NewApplicationPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requireActor();
  const household = await load(getHousehold(actor, routeId((await params).id)));
  if (!can(actor, "open:application")) forbidden();
  const today = todayInChina();
  return (
    <div className="mx-auto max-w-3xl space-y-4">
      <div>
        <h1 className="text-xl font-bold">{t.applications.newTitle}</h1>
        <p className="text-sm text-stone-600">{household.headName} · {household.villageFullName} · {household.address}</p>
      </div>
      <section className="card p-4">
        <OpenApplicationForm householdId={household.id} defaultDueOn={addDays(today, 15)} today={today} />
      </section>
    </div>
  );
}
