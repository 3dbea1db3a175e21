/**
 * The dashboard's tables: the subregions (every figure opens that subregion, keeping the range),
 * transfers by department, temporary aid by fund, and applications by type and stage. Each
 * scrolls sideways inside its box on a phone, the region column staying in view.
 */
import { format, t } from "@/lib/i18n";
import {
  APPLICATION_STAGES, APPLICATION_TYPES, applicationMatrix, averageDecisionDays, coverageRatio, sumAmounts,
} from "@/lib/dashboard/export";
import type { Dashboard, Figures } from "@/lib/dashboard/types";
import { ScrollTable } from "./chart-frame";
import { dashboardHref, formatAmount, formatCount, formatDecimal, formatPercent, type Ranking } from "./format";

const m = t.dashboard;

const th = "stat-th";
const td = "stat-td";
const rowHead = "sticky left-0 z-10 px-3 py-1.5 text-left whitespace-nowrap";

function Section({ title, hint, children, testId }: { title: string; hint?: string; children: React.ReactNode; testId?: string }) {
  return (
    <section className="min-w-0 space-y-2" data-testid={testId}>
      <div className="flex flex-wrap items-baseline justify-between gap-x-3">
        <h2 className="text-lg font-semibold">{title}</h2>
        {hint ? <p className="text-xs text-stone-500">{hint}</p> : null}
      </div>
      {children}
    </section>
  );
}

const Empty = ({ text }: { text: string }) => <p className="card p-4 text-sm text-stone-600">{text}</p>;

/** The subregion columns: a label and how to show the figure. */
const CHILD_COLUMNS = (): { label: string; cell: (f: Figures) => string }[] => ([
  { label: m.staffActive, cell: (f) => formatCount(f.staffActive) },
  { label: m.householdsVisited, cell: (f) => formatCount(f.householdsVisited) },
  { label: m.visits, cell: (f) => formatCount(f.visits) },
  { label: m.questionnaires, cell: (f) => formatCount(f.questionnaires) },
  { label: m.coverageShort, cell: (f) => formatPercent(coverageRatio(f)) },
  { label: m.problemsFound, cell: (f) => formatCount(f.problemsFound) },
  { label: m.tiers.IMMEDIATE, cell: (f) => formatCount(f.resolved.IMMEDIATE) },
  { label: m.tiers.TRANSFER, cell: (f) => formatCount(f.resolved.TRANSFER) },
  { label: m.tiers.TEMP_AID, cell: (f) => formatCount(f.resolved.TEMP_AID) },
  { label: m.resolvedTotal, cell: (f) => formatCount(f.resolvedTotal) },
  { label: m.transfersOverdue, cell: (f) => formatCount(f.transfersOverdue) },
  { label: `${m.aidAmount}（${m.units.yuan}）`, cell: (f) => formatAmount(f.aidAmount) },
  { label: m.applications, cell: (f) => formatCount(f.applications) },
  { label: m.averageDaysShort, cell: (f) => formatDecimal(averageDecisionDays(f)) },
  { label: m.publicityRunning, cell: (f) => formatCount(f.publicityRunning) },
]);

export function ChildrenTable({ dashboard, rank }: { dashboard: Dashboard; rank?: Ranking }) {
  const level = dashboard.children[0]?.region.level;
  if (!level) return null;
  return (
    <Section title={format(m.childrenTitle, { level: m.levels[level as keyof typeof m.levels] })} hint={m.childrenHint} testId="children">
      <ScrollTable testId="children-table" label={m.sections.children}>
        <thead className="bg-stone-50 text-stone-600">
          <tr>
            <th scope="col" className={`${rowHead} bg-stone-50 font-medium`}>{m.region}</th>
            {CHILD_COLUMNS().map((c) => <th key={c.label} scope="col" className={th}>{c.label}</th>)}
          </tr>
        </thead>
        <tbody className="divide-y divide-stone-100">
          {dashboard.children.map((c) => {
            const href = dashboardHref(c.region.code, dashboard.range, rank);
            return (
              <tr key={c.region.code} className="hover:bg-stone-50">
                <th scope="row" className={`${rowHead} bg-white font-medium`}>
                  <a href={href} className="btn-link">{c.region.name}</a>
                </th>
                {CHILD_COLUMNS().map((col) => (
                  <td key={col.label} className={td}>
                    <a href={href} className="stat-link">{col.cell(c)}</a>
                  </td>
                ))}
              </tr>
            );
          })}
          <tr className="border-t-2 border-stone-200 bg-stone-50 font-medium">
            <th scope="row" className={`${rowHead} bg-stone-50`}>{m.total}</th>
            {CHILD_COLUMNS().map((col) => <td key={col.label} className={td}>{col.cell(dashboard.totals)}</td>)}
          </tr>
        </tbody>
      </ScrollTable>
    </Section>
  );
}

export function TransfersTable({ dashboard }: { dashboard: Dashboard }) {
  const rows = dashboard.transfers;
  const sum = (pick: (r: (typeof rows)[number]) => number) => formatCount(rows.reduce((s, r) => s + pick(r), 0));
  return (
    <Section title={m.transfersTitle} testId="transfers">
      {rows.length === 0 ? <Empty text={m.transfersEmpty} /> : (
        <ScrollTable testId="transfers-table" label={m.transfersTitle}>
          <thead className="bg-stone-50 text-stone-600">
            <tr>
              <th scope="col" className={`${rowHead} bg-stone-50 font-medium`}>{m.department}</th>
              <th scope="col" className={th}>{m.sent}</th>
              <th scope="col" className={th}>{m.transferResolved}</th>
              <th scope="col" className={th}>{m.returned}</th>
              <th scope="col" className={th}>{m.open}</th>
              <th scope="col" className={th}>{m.overdue}</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-stone-100">
            {rows.map((r) => (
              <tr key={r.departmentCode}>
                <th scope="row" className={`${rowHead} bg-white font-normal`}>{r.departmentName}</th>
                <td className={td}>{formatCount(r.sent)}</td>
                <td className={td}>{formatCount(r.resolved)}</td>
                <td className={td}>{formatCount(r.returned)}</td>
                <td className={td}>{formatCount(r.open)}</td>
                <td className={`${td} ${r.overdue > 0 ? "font-semibold text-red-700" : ""}`}>{formatCount(r.overdue)}</td>
              </tr>
            ))}
            <tr className="border-t-2 border-stone-200 bg-stone-50 font-medium">
              <th scope="row" className={`${rowHead} bg-stone-50`}>{m.total}</th>
              <td className={td}>{sum((r) => r.sent)}</td>
              <td className={td}>{sum((r) => r.resolved)}</td>
              <td className={td}>{sum((r) => r.returned)}</td>
              <td className={td}>{sum((r) => r.open)}</td>
              <td className={td}>{sum((r) => r.overdue)}</td>
            </tr>
          </tbody>
        </ScrollTable>
      )}
    </Section>
  );
}

export function FundsTable({ dashboard }: { dashboard: Dashboard }) {
  const rows = dashboard.aidByFund;
  return (
    <Section title={m.fundsTitle} testId="funds">
      {rows.length === 0 ? <Empty text={m.fundsEmpty} /> : (
        <ScrollTable testId="funds-table" label={m.fundsTitle}>
          <thead className="bg-stone-50 text-stone-600">
            <tr>
              <th scope="col" className={`${rowHead} bg-stone-50 font-medium`}>{m.fund}</th>
              <th scope="col" className={th}>{m.aidPayments}</th>
              <th scope="col" className={th}>{m.amount}</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-stone-100">
            {rows.map((r) => (
              <tr key={r.kind}>
                <th scope="row" className={`${rowHead} bg-white font-normal`}>{t.funds.kinds[r.kind]}</th>
                <td className={td}>{formatCount(r.payments)}</td>
                <td className={td}>{formatAmount(r.amount)}</td>
              </tr>
            ))}
            <tr className="border-t-2 border-stone-200 bg-stone-50 font-medium">
              <th scope="row" className={`${rowHead} bg-stone-50`}>{m.total}</th>
              <td className={td}>{formatCount(rows.reduce((s, r) => s + r.payments, 0))}</td>
              <td className={td}>{formatAmount(sumAmounts(rows.map((r) => r.amount)))}</td>
            </tr>
          </tbody>
        </ScrollTable>
      )}
    </Section>
  );
}

export function ApplicationsTable({ dashboard }: { dashboard: Dashboard }) {
  const matrix = applicationMatrix(dashboard);
  const typeTotal = (type: (typeof APPLICATION_TYPES)[number]) => APPLICATION_STAGES.reduce((n, s) => n + matrix[type][s], 0);
  const stageTotal = (s: (typeof APPLICATION_STAGES)[number]) => APPLICATION_TYPES.reduce((n, type) => n + matrix[type][s], 0);
  const all = APPLICATION_TYPES.reduce((n, type) => n + typeTotal(type), 0);
  return (
    <Section title={m.applicationsTitle} testId="applications">
      {all === 0 ? <Empty text={m.applicationsEmpty} /> : (
        <ScrollTable testId="applications-table" label={m.applicationsTitle}>
          <thead className="bg-stone-50 text-stone-600">
            <tr>
              <th scope="col" className={`${rowHead} bg-stone-50 font-medium`}>{m.type}</th>
              {APPLICATION_STAGES.map((s) => <th key={s} scope="col" className={th}>{t.applications.stages[s]}</th>)}
              <th scope="col" className={th}>{m.total}</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-stone-100">
            {APPLICATION_TYPES.map((type) => (
              <tr key={type}>
                <th scope="row" className={`${rowHead} bg-white font-normal`}>{t.applications.types[type]}</th>
                {APPLICATION_STAGES.map((s) => <td key={s} className={td}>{formatCount(matrix[type][s])}</td>)}
                <td className={`${td} font-medium`}>{formatCount(typeTotal(type))}</td>
              </tr>
            ))}
            <tr className="border-t-2 border-stone-200 bg-stone-50 font-medium">
              <th scope="row" className={`${rowHead} bg-stone-50`}>{m.total}</th>
              {APPLICATION_STAGES.map((s) => <td key={s} className={td}>{formatCount(stageTotal(s))}</td>)}
              <td className={td}>{formatCount(all)}</td>
            </tr>
          </tbody>
        </ScrollTable>
      )}
    </Section>
  );
}
