/**
 * Assistance standards (救助标准) for the 14 cities of Liaoning, urban and rural, with effective
 * dates: 低保 from 2021-01-01 (closed 2021-07-01) and from 2021-07-01 (open-ended), and the
 * 特困 and 低保边缘 standards derived from them.
 *
 * DEMONSTRATION FIGURES, NOT THE OFFICIAL TABLES. They are modelled on the July 2021 raise (低保
 * up 7.4% on average across the province; 沈阳 and 大连 highest; urban 640–800 and rural 480–620
 * yuan a month after the raise) so the application checks have plausible numbers to compare with.
 * Each row's `note` says so, and an admin replaces them with the cities' published figures by
 * adding new standards on the standards page (history is kept, nothing is edited).
 *
 * Seeded for every database, demo or not: without a standard no application can be checked.
 * Runs once: a table that has rows is left alone (an admin's figures are never overwritten).
 */
import type pg from "pg";
import { t } from "../../lib/i18n";

/** 低保 per person per month (yuan): [from 2021-01-01, from 2021-07-01]. Demonstration figures. */
const DIBAO_2021: { code: string; urban: [number, number]; rural: [number, number] }[] = [
  { code: "2101", urban: [745, 800], rural: [575, 618] }, // 沈阳
  { code: "2102", urban: [740, 795], rural: [570, 612] }, // 大连
  { code: "2103", urban: [650, 698], rural: [500, 537] }, // 鞍山
  { code: "2104", urban: [630, 677], rural: [470, 505] }, // 抚顺
  { code: "2105", urban: [640, 687], rural: [480, 516] }, // 本溪
  { code: "2106", urban: [620, 666], rural: [460, 494] }, // 丹东
  { code: "2107", urban: [620, 666], rural: [460, 494] }, // 锦州
  { code: "2108", urban: [640, 687], rural: [490, 526] }, // 营口
  { code: "2109", urban: [600, 644], rural: [450, 483] }, // 阜新
  { code: "2110", urban: [620, 666], rural: [470, 505] }, // 辽阳
  { code: "2111", urban: [680, 730], rural: [520, 558] }, // 盘锦
  { code: "2112", urban: [600, 644], rural: [450, 483] }, // 铁岭
  { code: "2113", urban: [600, 644], rural: [450, 483] }, // 朝阳
  { code: "2114", urban: [600, 644], rural: [450, 483] }, // 葫芦岛
];

/** The two periods of 2021: the July raise closes the January standard (exclusive end). */
const PERIODS = [
  { from: "2021-01-01", to: "2021-07-01" as string | null },
  { from: "2021-07-01", to: null },
] as const;

/** Yuan amounts in fen (integers), so no float rounding reaches the numeric column. */
const yuan = (fen: number) => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, "0")}`;

/**
 * The three standards of one 低保 figure (whole yuan): 特困 basic living = 1.3 × 低保, rounded to
 * the yuan (Liaoning sets it at no less than 1.3 times the local 低保 standard); 低保边缘 income
 * threshold = 1.5 × 低保 (docs/domain.md: "commonly up to 1.5×").
 */
function derived(dibao: number) {
  return [
    { type: "DIBAO", amount: yuan(dibao * 100) },
    { type: "TEKUN", amount: yuan(Math.round((dibao * 13) / 10) * 100) },
    { type: "DIBAO_EDGE", amount: yuan(dibao * 150) },
  ];
}

export function demoStandardRows() {
  return DIBAO_2021.flatMap((city) =>
    (["URBAN", "RURAL"] as const).flatMap((area) =>
      PERIODS.flatMap((period, i) =>
        derived((area === "URBAN" ? city.urban : city.rural)[i]).map((d) => ({
          cityCode: city.code,
          area,
          type: d.type,
          amount: d.amount,
          from: period.from,
          to: period.to,
        })),
      ),
    ),
  );
}

// `opts.demo` is accepted like every seed part's, but standards are reference data: seeded always.
export async function seedStandards(client: pg.Client, _opts: { demo: boolean }): Promise<string | null> {
  await client.query("begin");
  try {
    // Two seeds racing: the second waits here, then finds the rows and skips.
    await client.query("select pg_advisory_xact_lock(hashtext('nuanxin.seed.standards'))");
    const existing = await client.query<{ any: boolean }>("select exists (select 1 from assistance_standard) as any");
    if (existing.rows[0].any) {
      await client.query("commit");
      return "救助标准：已存在，跳过";
    }
    const rows = demoStandardRows();
    // Only cities the region tree knows (codes are data): a missing city is left out, not invented.
    const inserted = await client.query<{ city_code: string }>(
      `insert into assistance_standard (city_code, area, type, monthly_amount, effective_from, effective_to, note)
       select x.city_code, x.area::area_kind, x.type::application_type, x.amount, x.effective_from, x.effective_to, $7
       from unnest($1::varchar[], $2::text[], $3::text[], $4::numeric[], $5::date[], $6::date[])
              as x(city_code, area, type, amount, effective_from, effective_to)
       join region r on r.code = x.city_code and r.level = 2
       returning city_code`,
      [
        rows.map((r) => r.cityCode),
        rows.map((r) => r.area),
        rows.map((r) => r.type),
        rows.map((r) => r.amount),
        rows.map((r) => r.from),
        rows.map((r) => r.to),
        t.standards.seedNote,
      ],
    );
    await client.query("commit");
    const cities = new Set(inserted.rows.map((r) => r.city_code)).size;
    return `救助标准：${cities} 个市城乡低保、特困供养、低保边缘标准 ${inserted.rowCount} 条（2021 年 1 月、7 月两期；演示数据，并非官方标准，请管理员替换）`;
  } catch (error) {
    await client.query("rollback");
    throw error;
  }
}
