import { forbidden } from "next/navigation";
import { requireActor } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { load } from "@/lib/page";
import { listLibrary } from "@/lib/policies/queries";
import type { PolicyConditions, ResourceKind } from "@/lib/policies/match";
import { format, t } from "@/lib/i18n";
import { Tag } from "@/components/ui/badges";
import { PolicyForm, ResourceForm } from "@/components/policies/library-forms";
import { Flash } from "@/components/ui/flash";

const p = t.policies;
export const generateMetadata = () => ({ title: p.libraryTitle });

function conditionsText(c: PolicyConditions): string {
  const parts: string[] = [];
  if (c.memberFlags?.length) parts.push(c.memberFlags.map((f) => p.flags[f]).join(" / "));
  if (c.categories?.length) parts.push(c.categories.map((k) => t.enums.category[k]).join(" / "));
  if (c.minAge != null || c.maxAge != null) parts.push(format(p.ageRange, { range: `${c.minAge ?? 0}–${c.maxAge ?? ""}` }));
  return parts.length ? parts.join("；") : p.noConditions;
}

export default async function PolicyLibraryPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const actor = await requireActor();
  if (!can(actor, "manage:policy")) forbidden();
  const saved = (await searchParams).saved;
  const { policies, resources } = await load(listLibrary(actor));
  return (
    <div className="space-y-5">
      <Flash message={saved ? p.saved : null} />
      <h1 className="text-xl font-bold">{p.libraryTitle}</h1>

      <section className="space-y-2">
        <h2 className="text-lg font-semibold">{p.policiesTitle}</h2>
        <ul className="space-y-2" data-testid="policies">
          {policies.map((pol) => (
            <li key={pol.id} className="card">
              <details>
                <summary className="flex cursor-pointer list-none flex-wrap items-center gap-2 px-4 py-3">
                  <span className="font-medium">{pol.title}</span>
                  <Tag tone="sky">{pol.department}</Tag>
                  {pol.active ? null : <Tag tone="red">{p.disabled}</Tag>}
                  <span className="w-full text-xs text-stone-500">{p.conditions}：{conditionsText(pol.conditions)}</span>
                </summary>
                <div className="border-t border-stone-100 p-4">
                  <PolicyForm policy={pol} />
                </div>
              </details>
            </li>
          ))}
        </ul>
        <details className="card">
          <summary className="cursor-pointer px-4 py-3 font-medium">{p.newPolicy}</summary>
          <div className="border-t border-stone-100 p-4"><PolicyForm /></div>
        </details>
      </section>

      <section className="space-y-2">
        <h2 className="text-lg font-semibold">{p.resourcesTitle}</h2>
        <ul className="space-y-2" data-testid="resources">
          {resources.map((r) => (
            <li key={r.id} className="card">
              <details>
                <summary className="flex cursor-pointer list-none flex-wrap items-center gap-2 px-4 py-3">
                  <span className="font-medium">{r.name}</span>
                  <Tag>{p.kinds[r.kind as ResourceKind] ?? r.kind}</Tag>
                  {r.active ? null : <Tag tone="red">{p.disabled}</Tag>}
                  <span className="w-full text-xs text-stone-500">
                    {p.serves}：<span className="font-mono">{r.regionCodes.join(" ")}</span>
                    {r.capacity !== null ? ` · ${format(p.capacityUsed, { capacity: r.capacity, used: r.used })}` : ""}
                  </span>
                </summary>
                <div className="border-t border-stone-100 p-4">
                  <ResourceForm resource={r} />
                </div>
              </details>
            </li>
          ))}
        </ul>
        <details className="card">
          <summary className="cursor-pointer px-4 py-3 font-medium">{p.newResource}</summary>
          <div className="border-t border-stone-100 p-4"><ResourceForm /></div>
        </details>
      </section>
    </div>
  );
}
