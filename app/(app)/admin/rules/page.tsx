import { forbidden } from "next/navigation";
import { requireActor } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { load } from "@/lib/page";
import { conversion } from "@/lib/discovery/queries";
import { t } from "@/lib/i18n";
import { Tag } from "@/components/ui/badges";
import { RuleForm } from "@/components/discovery/forms";
import { Flash } from "@/components/ui/flash";

const d = t.discovery;
export const generateMetadata = () => ({ title: d.rulesTitle });

export default async function RulesPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const actor = await requireActor();
  if (!can(actor, "manage:rule")) forbidden();
  const saved = (await searchParams).saved;
  const rules = await load(conversion(actor));
  return (
    <div className="space-y-4">
      <Flash message={saved ? d.saved : null} />
      <h1 className="text-xl font-bold">{d.rulesTitle}</h1>
      <ul className="space-y-2" data-testid="rules">
        {rules.map((r) => (
          <li key={r.code} className="card">
            <details>
              <summary className="flex cursor-pointer list-none flex-wrap items-center gap-2 px-4 py-3">
                <span className="font-medium">{r.name}</span>
                <span className="font-mono text-xs text-stone-500">{r.code}</span>
                {r.builtIn ? <Tag>{d.builtIn}</Tag> : null}
                {r.enabled ? null : <Tag tone="red">{d.disabled}</Tag>}
                <span className="ml-auto text-sm">{d.found} <strong className="tabular-nums">{r.found}</strong></span>
              </summary>
              <div className="border-t border-stone-100 p-4">
                <p className="mb-3 text-sm text-stone-600">{r.description}</p>
                <RuleForm rule={{ ...r.conditions, id: r.id, version: r.version, code: r.code, name: r.name, description: r.description, enabled: r.enabled }} />
              </div>
            </details>
          </li>
        ))}
      </ul>
      <section className="card p-4">
        <h2 className="mb-3 text-lg font-semibold">{d.newRule}</h2>
        <RuleForm />
      </section>
    </div>
  );
}
