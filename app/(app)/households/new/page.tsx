import { requireActor } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { forbidden } from "next/navigation";
import { villagesInScope } from "@/lib/households/queries";
import { createHouseholdAction } from "@/lib/households/actions";
import { t } from "@/lib/i18n";
import { HouseholdForm } from "@/components/households/household-form";

export const metadata = { title: t.household.newTitle };

export default async function NewHouseholdPage() {
  const actor = await requireActor();
  if (!can(actor, "write:household")) forbidden();
  const villages = await villagesInScope(actor);
  return (
    <div className="mx-auto max-w-4xl space-y-4">
      <h1 className="text-xl font-bold">{t.household.newTitle}</h1>
      <HouseholdForm
        action={createHouseholdAction}
        villages={villages}
        initial={{ members: [{ relation: "HEAD" }], regionCode: villages.length === 1 && villages[0].villages.length === 1 ? villages[0].villages[0].code : undefined }}
        cancelHref="/households"
      />
    </div>
  );
}
