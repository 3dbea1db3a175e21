import Link from "next/link";
import { requireActor } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { isInScope } from "@/lib/auth/scope";
import { load } from "@/lib/page";
import { listStandards } from "@/lib/standards/queries";
import { AREA_KINDS, STANDARD_TYPES, standardSearchSchema } from "@/lib/standards/schema";
import { addStandardAction } from "@/lib/standards/actions";
import { t } from "@/lib/i18n";
import { CityStandards } from "@/components/standards/city-standards";
import { AddStandardForm } from "@/components/standards/add-standard-form";

export const generateMetadata = () => ({ title: t.standards.title });

/**
 * 救助标准: every city's standards (public reference data) for anyone who handles applications,
 * and the add form for admins. Filters are plain GET parameters, so a filtered view is a link.
 */
export default async function StandardsPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const actor = await requireActor();
  const search = standardSearchSchema.parse(await searchParams);
  const page = await load(listStandards(actor, { cityCode: search.city, type: search.type, area: search.area }));
  const s = t.standards;
  // The form offers only the cities the admin keeps (the command refuses the others anyway).
  const ownCities = can(actor, "manage:standard") ? page.cities.filter((c) => isInScope(actor, c.code)) : [];
  const canAdd = ownCities.length > 0;
  // Not Map.groupBy: the app supports Node 20, which lacks it.
  const byCity = new Map<string, typeof page.groups>();
  for (const g of page.groups) byCity.set(g.cityCode, [...(byCity.get(g.cityCode) ?? []), g]);
  const hasDemo = page.groups.some((g) => g.history.some((r) => r.demo));

  return (
    <div className="space-y-4">
      <div className="flex items-start justify-between gap-3">
        <div>
          <h1 className="text-xl font-bold">{s.title}</h1>
          <p className="mt-1 max-w-3xl text-sm text-stone-600">{s.subtitle}</p>
        </div>
        {canAdd ? <a href="#add-standard" className="btn-secondary shrink-0 md:hidden">{s.toAddForm}</a> : null}
      </div>

      <form className="card grid gap-3 p-3 sm:grid-cols-[repeat(3,minmax(0,12rem))_auto] sm:items-end" action="/admin/standards">
        <div>
          <label htmlFor="city" className="mb-1 block text-sm font-medium">{s.cityFilter}</label>
          <select id="city" name="city" defaultValue={search.city ?? ""} className="input">
            <option value="">{s.allCities}</option>
            {page.cities.map((c) => <option key={c.code} value={c.code}>{c.name}</option>)}
          </select>
        </div>
        <div className="grid grid-cols-2 gap-3 sm:contents">
          <div>
            <label htmlFor="type" className="mb-1 block text-sm font-medium">{s.typeFilter}</label>
            <select id="type" name="type" defaultValue={search.type ?? ""} className="input">
              <option value="">{s.allTypes}</option>
              {STANDARD_TYPES.map((k) => <option key={k} value={k}>{s.types[k]}</option>)}
            </select>
          </div>
          <div>
            <label htmlFor="area" className="mb-1 block text-sm font-medium">{s.areaFilter}</label>
            <select id="area" name="area" defaultValue={search.area ?? ""} className="input">
              <option value="">{s.allAreas}</option>
              {AREA_KINDS.map((k) => <option key={k} value={k}>{s.areas[k]}</option>)}
            </select>
          </div>
        </div>
        <div className="flex gap-2">
          <button type="submit" className="btn-primary">{t.common.search}</button>
          <Link href="/admin/standards" className="btn-secondary">{t.common.reset}</Link>
        </div>
      </form>

      {hasDemo ? (
        <p className="rounded-md bg-amber-50 px-4 py-3 text-sm text-amber-900" role="note" data-testid="demo-notice">{s.demoNotice}</p>
      ) : null}

      <div className={`grid items-start gap-4 ${canAdd ? "md:grid-cols-[1fr_20rem]" : ""}`}>
        <div className="space-y-3" data-testid="standards">
          {byCity.size === 0 ? (
            <p className="card p-6 text-center text-stone-600">{s.empty}</p>
          ) : (
            [...byCity.entries()].map(([code, groups]) => <CityStandards key={code} cityName={groups[0].cityName} groups={groups} />)
          )}
        </div>

        {canAdd ? (
          <section id="add-standard" className="card scroll-mt-4 p-4 md:sticky md:top-4" aria-labelledby="add-standard-title">
            <h2 id="add-standard-title" className="text-lg font-semibold">{s.addTitle}</h2>
            <p className="mb-3 mt-1 text-xs text-stone-500">{s.addIntro}</p>
            <AddStandardForm
              action={addStandardAction}
              cities={ownCities}
              defaults={{ cityCode: search.city && ownCities.some((c) => c.code === search.city) ? search.city : undefined, area: search.area, type: search.type }}
            />
          </section>
        ) : null}
      </div>
    </div>
  );
}
