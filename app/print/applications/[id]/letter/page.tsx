import { notFound } from "next/navigation";
import { load, routeId } from "@/lib/page";
import { requireActor } from "@/lib/auth/session";
import { getApplication } from "@/lib/applications/queries";
import { db } from "@/lib/db/client";
import { format, formatDate, t } from "@/lib/i18n";
import { PrintButton } from "@/components/ui/print-button";
import { PersonalDataNotice } from "@/components/households/personal-data-notice";

const m = t.applications;
export const generateMetadata = () => ({ title: m.letterTitle });

/** The written refusal with its reason, as the household must receive it. */
export default async function LetterPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requireActor();
  const a = await load(getApplication(actor, routeId((await params).id)));
  if (a.stage !== "REFUSED" || !a.decidedOn) notFound();
  // A letter to the family must carry its name: a user who sees it masked reveals it first.
  if (a.masked) {
    return (
      <div className="space-y-4 text-sm" data-testid="letter-masked">
        <p>{m.letterMasked}</p>
        <PersonalDataNotice actor={actor} householdId={a.household.id} masked revealedUntil={null} returnTo={`/print/applications/${a.id}/letter`} />
      </div>
    );
  }
  const county = await db.region.findUnique({ where: { code: a.regionCode.slice(0, 6) }, select: { name: true } });
  return (
    <article className="space-y-6 text-[15px] leading-7" data-testid="letter">
      <div className="flex justify-end"><PrintButton /></div>
      <h1 className="text-center text-2xl font-bold">{m.letterTitle}</h1>
      <p>{a.household.headName}：</p>
      <p className="indent-8">
        {format(m.letterBody, { date: formatDate(a.acceptedOn), type: m.types[a.type], reason: a.decisionReason ?? "" })}
      </p>
      <p className="text-right">{format(m.letterFooter, { county: county?.name ?? "", date: formatDate(a.decidedOn) })}</p>
    </article>
  );
}
