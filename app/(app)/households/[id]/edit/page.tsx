import { forbidden } from "next/navigation";
import { requireActor } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { load, routeId } from "@/lib/page";
import { getHousehold, villagesInScope } from "@/lib/households/queries";
import { updateHouseholdAction } from "@/lib/households/actions";
import { t } from "@/lib/i18n";
import { PersonalDataNotice } from "@/components/households/personal-data-notice";
import { HouseholdForm, type HouseholdFormValues } from "@/components/households/household-form";

export const generateMetadata = () => ({ title: t.household.editTitle });

export default async function EditHouseholdPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requireActor();
  const id = routeId((await params).id);
  const household = await load(getHousehold(actor, id));
  if (!can(actor, "write:household")) forbidden();
  // The form shows what it saves: a masked family must be revealed first (decision 016), or
  // saving would write the masked name and an empty address over the real ones.
  if (household.masked) {
    return (
      <div className="mx-auto max-w-4xl space-y-4">
        <h1 className="text-xl font-bold">{t.household.editTitle} · {household.headName}</h1>
        <p className="text-sm text-stone-600">{t.household.revealToEdit}</p>
        <PersonalDataNotice actor={actor} householdId={id} masked revealedUntil={null} returnTo={`/households/${id}/edit`} />
      </div>
    );
  }
  const villages = await villagesInScope(actor);
  const flag = (b: boolean) => (b ? "on" : undefined);
  const initial: HouseholdFormValues = {
    id: String(household.id),
    version: String(household.version),
    regionCode: household.regionCode,
    address: household.address,
    phone: household.phone ?? undefined,
    category: household.category,
    note: household.note ?? undefined,
    members: household.members.map((m) => ({
      id: String(m.id),
      maskedId: m.idNumberMasked,
      name: m.name,
      relation: m.relation,
      disabilityGrade: m.disabilityGrade ? String(m.disabilityGrade) : undefined,
      labourCapacity: m.labourCapacity,
      majorIllness: flag(m.majorIllness),
      postCompulsoryStudent: flag(m.postCompulsoryStudent),
      unsupportedChild: flag(m.unsupportedChild),
    })),
  };
  return (
    <div className="mx-auto max-w-4xl space-y-4">
      <h1 className="text-xl font-bold">{t.household.editTitle} · {household.headName}</h1>
      <HouseholdForm action={updateHouseholdAction} villages={villages} initial={initial} cancelHref={`/households/${id}`} />
    </div>
  );
}
