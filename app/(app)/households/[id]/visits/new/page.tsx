import { randomUUID } from "node:crypto";
import { requireActor } from "@/lib/auth/session";
import { load, routeId } from "@/lib/page";
import { visitFormData } from "@/lib/visits/queries";
import { logHomeVisitAction } from "@/lib/visits/actions";
import { todayInChina } from "@/lib/dates";
import { format, t } from "@/lib/i18n";
import { VisitForm } from "@/components/visits/visit-form";

export const generateMetadata = () => ({ title: t.visit.title });

export default async function NewVisitPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requireActor();
  const id = routeId((await params).id);
  const { household, template } = await load(visitFormData(actor, id));
  return (
    <div className="mx-auto max-w-3xl space-y-4">
      <div>
        <h1 className="text-xl font-bold">{t.visit.title}</h1>
        <p className="text-sm text-stone-600">{format(t.visit.forHousehold, { name: household.headName, address: household.address })}</p>
      </div>
      <VisitForm
        action={logHomeVisitAction}
        householdId={household.id}
        idempotencyKey={randomUUID()}
        today={todayInChina()}
        defaultVisitors={actor.name}
        questionnaire={template}
        cancelHref={`/households/${id}`}
        userId={actor.id}
        householdName={household.headName}
      />
    </div>
  );
}
