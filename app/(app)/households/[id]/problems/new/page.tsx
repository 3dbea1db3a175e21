import { forbidden } from "next/navigation";
import { requireActor } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { load, routeId } from "@/lib/page";
import { getHousehold } from "@/lib/households/queries";
import { todayInChina } from "@/lib/dates";
import { t } from "@/lib/i18n";
import { RecordProblemForm } from "@/components/problems/problem-forms";

export const generateMetadata = () => ({ title: t.problems.recordTitle });

export default async function NewProblemPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requireActor();
  const household = await load(getHousehold(actor, routeId((await params).id)));
  if (!can(actor, "record:problem")) forbidden();
  return (
    <div className="mx-auto max-w-3xl space-y-4">
      <div>
        <h1 className="text-xl font-bold">{t.problems.recordTitle}</h1>
        <p className="text-sm text-stone-600">{household.headName} · {household.villageFullName} · {household.address}</p>
      </div>
      <section className="card p-4">
        <RecordProblemForm householdId={household.id} today={todayInChina()} />
      </section>
    </div>
  );
}
