/**
 * The dashboard's figures for one region and a range of months. Pure types: pages, the export,
 * the data-exchange API and the benchmark all read this shape (lib/dashboard/queries.ts fills it
 * from the roll-ups; lib/dashboard/naive.ts fills it from the raw tables, for the benchmark and
 * the tests that prove the two equal).
 *
 * Months are `YYYY-MM`, days `YYYY-MM-DD` (China time). Money is a decimal string in yuan.
 */

export type MonthRange = { from: string; to: string };

export type RegionRef = {
  code: string;
  name: string;
  /** 1 province, 2 city, 3 county, 4 township. */
  level: number;
};

export type TierName = "IMMEDIATE" | "TRANSFER" | "TEMP_AID";

/** One region's figures over the range (and, where named "now", as of today). */
export type Figures = {
  /** Users who recorded at least one visit in the range (each once, where first active). */
  staffActive: number;
  /** Distinct households visited in the range (each once, where first visited in it). */
  householdsVisited: number;
  visits: number;
  /** Visits with the questionnaire filled in. */
  questionnaires: number;
  /** Now: households on the monthly roster (category ≠ NONE). */
  rosterRegistered: number;
  /** Roster households visited this calendar month (the month of `today`). */
  rosterVisited: number;
  problemsFound: number;
  /** Problems resolved in the range, by the tier that resolved them. */
  resolved: Record<TierName, number>;
  resolvedTotal: number;
  transfersSent: number;
  /** Now: transfers sent or accepted whose due day has passed. */
  transfersOverdue: number;
  /** Temporary aid paid in the range, net of reversals. */
  aidAmount: string;
  aidPayments: number;
  /** Applications accepted in the range. */
  applications: number;
  /** Decisions in the range. */
  approved: number;
  refused: number;
  /** Σ working days from acceptance to decision over the decisions in the range (avg = sum / (approved + refused)). */
  decisionWorkingDays: number;
  /** Now: publicity running (outcome RUNNING and its last day not passed). */
  publicityRunning: number;
};

export type TrendPoint = {
  month: string;
  /** Distinct households visited in that month. */
  householdsVisited: number;
  visits: number;
  questionnaires: number;
  problemsFound: number;
  resolvedTotal: number;
  aidAmount: string;
};

export type TransferRow = {
  departmentCode: string;
  departmentName: string;
  sent: number;
  resolved: number;
  returned: number;
  /** Now. */
  open: number;
  /** Now. */
  overdue: number;
};

export type FundRow = { kind: "CITY_FUND" | "TOWNSHIP_RESERVE"; amount: string; payments: number };

export type ApplicationStageName = "ACCEPTED" | "PROPOSED" | "IN_PUBLICITY" | "APPROVED" | "REFUSED";
export type ApplicationTypeName = "DIBAO" | "TEKUN" | "DIBAO_EDGE";
/** Applications accepted in the range, by type and the stage they are in now. */
export type StageRow = { type: ApplicationTypeName; stage: ApplicationStageName; count: number };

export type Dashboard = {
  region: RegionRef;
  /** Province … region. `linkable` is false above the user's own region. */
  breadcrumb: (RegionRef & { linkable: boolean })[];
  range: MonthRange;
  /** The day "now" figures are measured on (China time). */
  today: string;
  totals: Figures;
  /** One row per subregion one level down (cities, counties or townships), by code; [] for a township. */
  children: (Figures & { region: RegionRef })[];
  /** One point per month of the range. */
  trend: TrendPoint[];
  transfers: TransferRow[];
  aidByFund: FundRow[];
  applicationsByStage: StageRow[];
};

export type DashboardQuery = { regionCode: string; range: MonthRange; today?: string };
