/**
 * Demo only: take the demo's older problems to a resolution in the campaign's proportions
 * (seed report, Apr–Aug 2021: 7,987 at once, 1,402 transferred, 2,137 by temporary aid — about
 * 69% / 12% / 19%), so the problem lists, transfers, aid cases, fund ledgers and the roll-ups
 * show real history. Problems found in the last 20 days stay open, as do a few older ones
 * (overdue work for the demo). Rows are written as the commands would write them; the
 * database's triggers keep the roll-ups, so the demo satisfies the invariants the tests check.
 */
import type pg from "pg";

const OPEN_DAYS = 20;

export async function seedDemoResolutions(client: pg.Client, opts: { today: string }): Promise<string | null> {
  const demo = await client.query("select 1 from app_user where username = 'caseworker'");
  const resolved = await client.query("select 1 from problem where status <> 'OPEN' limit 1");
  const funded = await client.query("select 1 from fund where kind = 'CITY_FUND' and balance > 0 limit 1");
  if (demo.rowCount === 0 || resolved.rowCount !== 0 || funded.rowCount === 0) return null;

  await client.query("begin");
  try {
    // Which problems, and how: a stable bucket by id (0–99): 0–61 at once, 62–72 transferred,
    // 73–89 temporary aid, 90–99 left open.
    await client.query(`
      create temporary table demo_pick on commit drop as
      select p.id, p.region_code, p.household_id, p.category, p.found_on, p.created_by_id,
             least(p.found_on + (1 + p.id % 9), $1::date) as resolved_on,
             case when p.id % 100 < 62 then 'IMMEDIATE' when p.id % 100 < 73 then 'TRANSFER' when p.id % 100 < 90 then 'TEMP_AID' end as tier
      from problem p
      where p.found_on < $1::date - ${OPEN_DAYS} and p.id % 100 < 90`, [opts.today]);

    await client.query(`
      update problem p set status = 'RESOLVED', tier = 'IMMEDIATE', resolved_on = d.resolved_on, resolved_by_id = d.created_by_id,
        version = p.version + 1,
        resolution = case p.category
          when 'BASIC_LIVING' then '民政部门当场发放米面油和取暖物资，落实低保金按时发放'
          when 'MEDICAL' then '协助办理医疗救助“一站式”结算，联系家庭医生定期随访'
          when 'HOUSING' then '协调社区修缮漏雨屋顶，排除用电安全隐患'
          when 'ELDERLY_CARE' then '链接居家养老服务，安排助洁、助浴、代购'
          when 'CHILD_CARE' then '落实儿童督导员定期探访，协调学校关爱'
          else '民政干部现场宣讲政策并协助办理相关手续' end
      from demo_pick d where d.id = p.id and d.tier = 'IMMEDIATE'`);

    // Tier 2: a transfer answered by the department, by the problem's nature.
    await client.query(`
      insert into transfer (problem_id, region_code, department_code, request, due_on, status, answer, answered_by_id, answered_at, created_by_id, created_at, version)
      select d.id, d.region_code,
             case d.category when 'MEDICAL' then 'MEDICAL_INSURANCE' when 'SCHOOLING' then 'EDUCATION' when 'HOUSING' then 'HOUSING'
                             when 'EMPLOYMENT' then 'HUMAN_RESOURCES' when 'DISABILITY' then 'DISABLED_FEDERATION'
                             when 'ELDERLY_CARE' then 'SOCIAL_INSURANCE' else 'HEALTH' end,
             '请按政策研究解决', d.found_on + 15, 'RESOLVED', '已按政策办理完毕，结果已告知本人', d.created_by_id,
             d.resolved_on::timestamptz + interval '10 hours', d.created_by_id, d.found_on::timestamptz + interval '9 hours', 3
      from demo_pick d where d.tier = 'TRANSFER'`);
    await client.query(`
      update problem p set status = 'RESOLVED', tier = 'TRANSFER', resolved_on = d.resolved_on, resolved_by_id = d.created_by_id,
        version = p.version + 1, resolution = '已按政策办理完毕，结果已告知本人', resolution_department_code = t.department_code
      from demo_pick d join transfer t on t.problem_id = d.id
      where d.id = p.id and d.tier = 'TRANSFER'`);

    // Tier 3: case-conference aid signed off by the county (its demo supervisor where there is
    // one, else the administrator) and paid from the city fund.
    await client.query(`
      create temporary table demo_aid on commit drop as
      select d.*, f.id as fund_id, (500 + (d.id * 37 % 30) * 100)::numeric(14,2) as amount,
             coalesce((select u.id from app_user u where u.role = 'SUPERVISOR' and left(d.region_code, 6) = u.region_code limit 1),
                      (select u.id from app_user u where u.username = 'admin')) as signer
      from demo_pick d join fund f on f.kind = 'CITY_FUND' and f.region_code = left(d.region_code, 4)
      where d.tier = 'TEMP_AID'`);
    await client.query(`
      with inserted as (
        insert into aid_case (problem_id, household_id, region_code, kind, amount, reason, status, fund_id, conference_on, participants, minutes,
                              signed_off_by_id, signed_off_at, sign_off_note, created_by_id, created_at, version)
        select id, household_id, region_code, case when id % 2 = 0 then 'EXPENDITURE' else 'EMERGENCY' end::aid_kind, amount,
               '家庭遭遇突发困难，经走访核实确需临时救助', 'PAID', fund_id, found_on + 1, '乡镇民政办、村（社区）书记、网格员',
               '经集体研究，一致同意给予临时救助', signer, resolved_on::timestamptz + interval '15 hours', '同意', created_by_id,
               found_on::timestamptz + interval '9 hours', 2
        from demo_aid
        returning id, problem_id, fund_id, amount, household_id
      )
      insert into fund_entry (fund_id, kind, amount, balance_after, problem_id, household_id, aid_case_id, note, created_by_id, created_at)
      select i.fund_id, 'PAYMENT', -i.amount,
             f.balance - sum(i.amount) over (partition by i.fund_id order by i.id),
             i.problem_id, i.household_id, i.id, '临时救助“一事一议”支付（救助 #' || i.id || '）', a.signer, a.resolved_on::timestamptz + interval '16 hours'
      from inserted i join fund f on f.id = i.fund_id join demo_aid a on a.id = i.problem_id`);
    await client.query(`
      update fund f set balance = f.balance - s.total
      from (select fund_id, sum(amount) total from demo_aid group by fund_id) s where s.fund_id = f.id`);
    await client.query(`
      update problem p set status = 'RESOLVED', tier = 'TEMP_AID', resolved_on = d.resolved_on, resolved_by_id = d.signer,
        version = p.version + 1, resolution = '经“一事一议”、区县签批，发放临时救助 ' || d.amount || ' 元'
      from demo_aid d where d.id = p.id`);

    const figures = await client.query<{ tier: string; n: string }>(
      "select tier::text, count(*) n from problem where status = 'RESOLVED' group by 1 order by 1");
    const by = Object.fromEntries(figures.rows.map((r) => [r.tier, Number(r.n)]));
    await client.query(
      "insert into audit_log (actor_id, action, entity, after) values (null, 'seed.resolutions', 'system', $1)",
      [JSON.stringify(by)],
    );
    await client.query("commit");
    return `演示问题处理：即时解决 ${by.IMMEDIATE ?? 0} 件，转交解决 ${by.TRANSFER ?? 0} 件，临时救助 ${by.TEMP_AID ?? 0} 件`;
  } catch (error) {
    await client.query("rollback");
    throw error;
  }
}
