/**
 * The 14 city social-assistance funds and every township's temporary-aid reserve (reference
 * data, empty balances), the emergency-aid caps, and — with the demo — opening top-ups for the
 * demo users' cities and townships. Each part runs once: a table that has rows is left alone.
 * Bulk SQL straight through `pg`, like the region tree.
 */
import type pg from "pg";
import { formatYuan } from "../../lib/funds/money";
import { t } from "../../lib/i18n";

type Client = pg.Client | pg.PoolClient;

/**
 * Small-amount caps for emergency aid paid at once (小金额先行救助), per city from the campaign's
 * start; 盘锦 higher, and its 双台子区 higher still from July 2021 (a county rule beside a city
 * rule, so the county-then-city lookup has something to choose). Illustrative figures: each city
 * sets its own, and an admin keeps them as data.
 */
const CITY_CAP = { amount: "1000.00", from: "2021-04-01" };
const CAP_EXCEPTIONS = [
  { regionCode: "2111", amount: "2000.00", from: "2021-04-01" }, // 盘锦市 (instead of the default)
  { regionCode: "211102", amount: "3000.00", from: "2021-07-01" }, // 盘锦市双台子区
];

/** Demo top-ups: the city funds and township reserves where the demo users work. */
const DEMO_TOP_UPS = [
  ...["2111", "2101", "2106", "2108"].map((regionCode) => ({ kind: "CITY_FUND", regionCode, amount: "500000.00" })),
  ...["211102003", "210105013"].map((regionCode) => ({ kind: "TOWNSHIP_RESERVE", regionCode, amount: "50000.00" })),
];

const any = async (client: Client, table: "fund" | "aid_cap" | "fund_entry") =>
  (await client.query(`select exists (select 1 from ${table}) as any`)).rows[0].any as boolean;

export async function seedFunds(client: pg.Client, opts: { demo: boolean; today?: string }): Promise<string | null> {
  const parts: string[] = [];
  await client.query("begin");
  try {
    // Two seeds racing: the second waits here, then finds the rows and skips.
    await client.query("select pg_advisory_xact_lock(hashtext('nuanxin.seed.funds'))");

    if (!(await any(client, "fund"))) {
      const funds = await client.query<{ kind: string; n: string }>(
        `with made as (
           insert into fund (kind, region_code, name)
           select 'CITY_FUND'::fund_kind, code, name || '社会救助基金' from region where level = 2 and retired_at is null
           union all
           select 'TOWNSHIP_RESERVE'::fund_kind, code, name || '临时救助备用金' from region where level = 4 and retired_at is null
           returning kind)
         select kind::text, count(*) n from made group by kind`,
      );
      const n = (kind: string) => Number(funds.rows.find((r) => r.kind === kind)?.n ?? 0);
      parts.push(`市级社会救助基金 ${n("CITY_FUND")} 个、乡镇临时救助备用金 ${n("TOWNSHIP_RESERVE")} 个`);
    }

    if (!(await any(client, "aid_cap"))) {
      const caps = await client.query(
        `insert into aid_cap (region_code, emergency_cap, effective_from)
         select code, coalesce(x.amount, $1::numeric), coalesce(x.effective_from, $2::date)
         from region r
         left join unnest($3::varchar[], $4::numeric[], $5::date[]) as x(region_code, amount, effective_from) on x.region_code = r.code
         where r.level = 2 and r.retired_at is null
         union all
         select x.region_code, x.amount, x.effective_from
         from unnest($3::varchar[], $4::numeric[], $5::date[]) as x(region_code, amount, effective_from)
         join region r on r.code = x.region_code and r.level > 2`,
        [
          CITY_CAP.amount,
          CITY_CAP.from,
          CAP_EXCEPTIONS.map((c) => c.regionCode),
          CAP_EXCEPTIONS.map((c) => c.amount),
          CAP_EXCEPTIONS.map((c) => c.from),
        ],
      );
      parts.push(`小额先行救助限额 ${caps.rowCount} 条`);
    }

    if (opts.demo && !(await any(client, "fund_entry"))) {
      const admin = await client.query<{ id: number }>("select id from app_user where username = 'admin'");
      if (admin.rows[0]) {
        // 09:00 China time on the seed's day, so a given `today` always makes the same ledger.
        const at = opts.today ? `${opts.today}T01:00:00.000Z` : null;
        const entries = await client.query<{ id: number; amount: string }>(
          `with top_up as (
             select * from unnest($1::fund_kind[], $2::varchar[], $3::numeric[]) as t(kind, region_code, amount)),
           credited as (
             update fund f set balance = f.balance + t.amount
             from top_up t where f.kind = t.kind and f.region_code = t.region_code
             returning f.id, f.balance, t.amount)
           insert into fund_entry (fund_id, kind, amount, balance_after, note, created_by_id, created_at)
           select id, 'TOP_UP', amount, balance, $4, $5, coalesce($6::timestamptz, now()) from credited order by id
           returning id, amount::text`,
          [
            DEMO_TOP_UPS.map((x) => x.kind),
            DEMO_TOP_UPS.map((x) => x.regionCode),
            DEMO_TOP_UPS.map((x) => x.amount),
            t.funds.seedTopUpNote,
            admin.rows[0].id,
            at,
          ],
        );
        const total = (await client.query<{ total: string }>("select coalesce(sum(amount), 0)::text total from fund_entry")).rows[0].total;
        await client.query(
          `insert into audit_log (actor_id, action, entity, after) values ($1, 'seed.funds', 'system', $2)`,
          [admin.rows[0].id, JSON.stringify({ topUps: entries.rowCount, total })],
        );
        parts.push(`演示拨入 ${entries.rowCount} 笔，共 ${formatYuan(total)}`);
      }
    }
    await client.query("commit");
  } catch (e) {
    await client.query("rollback");
    throw e;
  }
  return parts.length ? `资金：${parts.join("；")}` : null;
}
