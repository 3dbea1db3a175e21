/**
 * The region's totals as cards: each a label, the figure with its unit, and where it helps a
 * line of detail (both numbers of a ratio, the split by tier). Two across on a phone.
 */
import { format, t } from "@/lib/i18n";
import { averageDecisionDays, coverageRatio, TIERS } from "@/lib/dashboard/export";
import type { Figures } from "@/lib/dashboard/types";
import { formatAmount, formatCount, formatDecimal, formatPercent } from "./format";

const m = t.dashboard;
const u = m.units;

function Card({ label, value, unit, detail, testId, tone }: {
  label: string;
  value: string;
  unit?: string;
  detail?: React.ReactNode;
  testId: string;
  tone?: "alert";
}) {
  return (
    <div className="card flex flex-col gap-1 p-3" data-testid={`figure-${testId}`}>
      <dt className="text-sm text-stone-600">{label}</dt>
      <dd className="flex items-baseline gap-1">
        <span className={`text-2xl font-bold tabular-nums ${tone === "alert" ? "text-red-700" : "text-stone-900"}`} data-testid={`value-${testId}`}>{value}</span>
        {unit ? <span className="text-sm text-stone-500">{unit}</span> : null}
      </dd>
      {detail ? <dd className="text-xs text-stone-600">{detail}</dd> : null}
    </div>
  );
}

export function FigureCards({ figures: f }: { figures: Figures }) {
  const coverage = coverageRatio(f);
  const average = averageDecisionDays(f);
  return (
    <dl className="grid grid-cols-2 gap-2 sm:gap-3 md:grid-cols-4">
      <Card testId="staff" label={m.staffActive} value={formatCount(f.staffActive)} unit={u.people} />
      <Card testId="households" label={m.householdsVisited} value={formatCount(f.householdsVisited)} unit={u.households} />
      <Card testId="visits" label={m.visits} value={formatCount(f.visits)} unit={u.times} />
      <Card testId="questionnaires" label={m.questionnaires} value={formatCount(f.questionnaires)} unit={u.copies} />
      <Card
        testId="coverage"
        label={m.coverage}
        value={formatPercent(coverage)}
        detail={format(m.coverageDetail, { visited: formatCount(f.rosterVisited), registered: formatCount(f.rosterRegistered) })}
      />
      <Card testId="problems" label={m.problemsFound} value={formatCount(f.problemsFound)} unit={u.items} />
      <Card
        testId="resolved"
        label={m.resolved}
        value={formatCount(f.resolvedTotal)}
        unit={u.items}
        detail={
          <span className="flex flex-col">
            {TIERS.map((tier) => (
              <span key={tier} data-testid={`resolved-${tier}`} className="flex justify-between gap-2">
                <span>{m.tiers[tier]}</span><b className="tabular-nums">{formatCount(f.resolved[tier])}</b>
              </span>
            ))}
          </span>
        }
      />
      <Card
        testId="overdue"
        label={m.transfersOverdue}
        value={formatCount(f.transfersOverdue)}
        unit={u.cases}
        tone={f.transfersOverdue > 0 ? "alert" : undefined}
        detail={format(m.transfersOverdueDetail, { sent: formatCount(f.transfersSent) })}
      />
      <Card
        testId="aid"
        label={m.aidAmount}
        value={formatAmount(f.aidAmount)}
        unit={u.yuan}
        detail={format(m.aidPaymentsDetail, { count: formatCount(f.aidPayments) })}
      />
      <Card testId="applications" label={m.applications} value={formatCount(f.applications)} unit={u.cases} />
      <Card
        testId="average-days"
        label={m.averageDays}
        value={formatDecimal(average)}
        unit={average === null ? undefined : u.workingDays}
        detail={format(m.averageDaysDetail, { decided: formatCount(f.approved + f.refused), approved: formatCount(f.approved), refused: formatCount(f.refused) })}
      />
      <Card testId="publicity" label={m.publicityRunning} value={formatCount(f.publicityRunning)} unit={u.cases} />
    </dl>
  );
}
