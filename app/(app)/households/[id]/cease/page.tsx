import Link from "next/link";
import { forbidden } from "next/navigation";
import { requireActor } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { load, routeId } from "@/lib/page";
import { getHousehold } from "@/lib/households/queries";
import { format, t } from "@/lib/i18n";
import { CategoryBadge } from "@/components/ui/badges";
import { CeaseForm } from "@/components/households/cease-form";

export const generateMetadata = () => ({ title: t.household.ceaseTitle });

/** 停保 of one household (issue 15): a county supervisor's decision, with its reason and a confirmation. */
export default async function CeasePage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requireActor();
  const id = routeId((await params).id);
  const household = await load(getHousehold(actor, id));
  if (!can(actor, "cease:assistance")) forbidden();
  const h = t.household;
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <Link href={`/households/${id}`} className="btn-link tap-target text-sm">‹ {h.ceaseBack}</Link>
      <h1 className="flex flex-wrap items-center gap-2 text-xl font-bold">
        {h.ceaseTitle} · {household.headName} <CategoryBadge category={household.category} />
      </h1>
      {household.category === "NONE" ? (
        <p className="card p-4 text-sm text-stone-600">{h.ceaseNotOnRegister}</p>
      ) : (
        <section className="card space-y-4 p-4">
          <p className="text-sm text-stone-700">{format(h.ceaseIntro, { category: t.enums.category[household.category] })}</p>
          <CeaseForm householdId={household.id} version={household.version} />
        </section>
      )}
    </div>
  );
}
