/**
 * The household page's section of the policy and resource libraries: the policies its members
 * may qualify for (and why), the services in its area, and what has been offered. Server-rendered;
 * only the offer forms are client components.
 */
import { format, formatDate, t } from "@/lib/i18n";
import type { HouseholdMatches as Data } from "@/lib/policies/queries";
import type { ResourceKind, TakenUp } from "@/lib/policies/match";
import { Tag } from "@/components/ui/badges";
import { OfferDisclosure, OfferStatusForm } from "./offer-form";

const p = t.policies;
const TONE: Record<TakenUp, "green" | "stone" | "amber"> = { YES: "green", NO: "stone", PENDING: "amber" };

function LastOffer({ offer }: { offer: { offeredOn: Date; takenUp: TakenUp } | null }) {
  if (!offer) return null;
  return <Tag tone={TONE[offer.takenUp]}>{format(p.lastOffer, { date: formatDate(offer.offeredOn), status: p.takenUpOptions[offer.takenUp] })}</Tag>;
}

function Offer({ canOffer, householdId, policyId, resourceId }: { canOffer: boolean; householdId: number; policyId?: number; resourceId?: number }) {
  if (!canOffer) return null;
  return <OfferDisclosure householdId={householdId} policyId={policyId} resourceId={resourceId} />;
}

export function HouseholdMatches({ data, canOffer }: { data: Data; canOffer: boolean }) {
  return (
    <section aria-labelledby="matches-title" className="space-y-3" data-testid="household-matches">
      <div>
        <h2 id="matches-title" className="text-lg font-semibold">{p.sectionTitle}</h2>
        <p className="text-sm text-stone-600">{p.sectionHint}</p>
      </div>

      <div className="card">
        <h3 className="border-b border-stone-100 px-4 py-2 font-medium">{p.matchedPolicies}</h3>
        {data.policies.length === 0 ? (
          <p className="p-4 text-sm text-stone-600">{p.noPolicies}</p>
        ) : (
          <ul className="divide-y divide-stone-100" data-testid="matched-policies">
            {data.policies.map((pol) => (
              <li key={pol.id} className="px-4 py-3">
                <div className="flex flex-wrap items-center gap-2">
                  <span className="font-medium">{pol.title}</span>
                  <Tag tone="sky">{pol.department}</Tag>
                  <LastOffer offer={pol.lastOffer} />
                </div>
                {pol.reasons.length ? (
                  <p className="mt-1 text-xs text-brand-700">{format(p.because, { reasons: pol.reasons.map((r) => p.flags[r]).join("、") })}</p>
                ) : null}
                <p className="mt-1 text-sm"><span className="text-stone-500">{p.whoQualifies}：</span>{pol.whoQualifies}</p>
                <p className="mt-1 text-sm"><span className="text-stone-500">{p.benefit}：</span>{pol.benefit}</p>
                <Offer canOffer={canOffer} householdId={data.householdId} policyId={pol.id} />
              </li>
            ))}
          </ul>
        )}
      </div>

      <div className="card">
        <h3 className="border-b border-stone-100 px-4 py-2 font-medium">{p.resources}</h3>
        {data.resources.length === 0 ? (
          <p className="p-4 text-sm text-stone-600">{p.noResources}</p>
        ) : (
          <ul className="divide-y divide-stone-100" data-testid="matched-resources">
            {data.resources.map((r) => (
              <li key={r.id} className="px-4 py-3">
                <div className="flex flex-wrap items-center gap-2">
                  <span className="font-medium">{r.name}</span>
                  <Tag>{p.kinds[r.kind as ResourceKind] ?? r.kind}</Tag>
                  <LastOffer offer={r.lastOffer} />
                </div>
                <p className="mt-1 text-sm"><span className="text-stone-500">{p.services}：</span>{r.services}</p>
                <p className="mt-1 text-xs text-stone-500">
                  {r.capacity !== null ? format(p.capacityUsed, { capacity: r.capacity, used: r.used }) : null}
                  {r.capacity !== null && r.contact ? " · " : null}
                  {r.contact ? `${p.contact}：${r.contact}` : null}
                </p>
                <Offer canOffer={canOffer} householdId={data.householdId} resourceId={r.id} />
              </li>
            ))}
          </ul>
        )}
      </div>

      <div className="card">
        <h3 className="border-b border-stone-100 px-4 py-2 font-medium">{p.offers}</h3>
        {data.offers.length === 0 ? (
          <p className="p-4 text-sm text-stone-600">{p.noOffers}</p>
        ) : (
          <ul className="divide-y divide-stone-100" data-testid="offers">
            {data.offers.map((o) => (
              <li key={o.id} className="flex flex-col gap-2 px-4 py-3 sm:flex-row sm:items-center">
                <div className="flex-1 text-sm">
                  <div className="flex flex-wrap items-center gap-2">
                    <span className="font-medium">{o.what}</span>
                    <Tag tone={TONE[o.takenUp]}>{p.takenUpOptions[o.takenUp]}</Tag>
                  </div>
                  <p className="text-xs text-stone-500">{formatDate(o.offeredOn)} · {o.by}{o.note ? ` · ${o.note}` : ""}</p>
                </div>
                {canOffer ? <OfferStatusForm offerId={o.id} takenUp={o.takenUp} /> : null}
              </li>
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}
