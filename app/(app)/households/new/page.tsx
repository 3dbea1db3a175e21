import { requireActor } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { forbidden } from "next/navigation";
import { villagesInScope } from "@/lib/households/queries";
import { createHouseholdAction } from "@/lib/households/actions";
import { format, t } from "@/lib/i18n";
import { leadForForm } from "@/lib/discovery/leads";
import { HouseholdForm } from "@/components/households/household-form";

export const generateMetadata = () => ({ title: t.household.newTitle });

export default async function NewHouseholdPage({ searchParams }: { searchParams: Promise<{ lead?: string }> }) {
  const actor = await requireActor();
  if (!can(actor, "write:household")) forbidden();
  const villages = await villagesInScope(actor);
  const leadId = Number((await searchParams).lead);
  const lead = Number.isInteger(leadId) && leadId > 0 ? await leadForForm(actor, leadId) : null;
  return (
    <div className="mx-auto max-w-4xl space-y-4">
      <h1 className="text-xl font-bold">{t.household.newTitle}</h1>
      {lead ? (
        <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="from-lead">
          {format(t.discovery.fromLead, { name: lead.familyName, source: t.enums.problemSource[lead.source] })}：{lead.situation}
        </p>
      ) : null}
      <HouseholdForm
        action={createHouseholdAction}
        villages={villages}
        initial={
          lead
            ? { leadId: String(lead.id), regionCode: lead.regionCode, address: lead.address, phone: lead.phone ?? undefined, members: [{ relation: "HEAD", name: lead.familyName }] }
            : { members: [{ relation: "HEAD" }], regionCode: villages.length === 1 && villages[0].villages.length === 1 ? villages[0].villages[0].code : undefined }
        }
        cancelHref="/households"
      />
    </div>
  );
}
