/**
 * Departments a problem can be transferred to (reference data: 医保, 社保, 教育 … — the campaign's
 * "转交医保、社保、教育等部门解决"), and demo department users. Departments are inserted when missing
 * and never overwritten, so a renamed or deactivated department stays as an administrator left it.
 */
import type pg from "pg";
import { hashPassword } from "../../lib/users/password";
import { DEMO_PASSWORD } from "./demo";

/** In the order a caseworker most often needs them (the seed report names 医保, 社保, 教育 first). */
export const DEPARTMENTS: { code: string; name: string; sort: number }[] = [
  { code: "MEDICAL_INSURANCE", name: "医保局", sort: 10 },
  { code: "SOCIAL_INSURANCE", name: "社保中心", sort: 20 },
  { code: "EDUCATION", name: "教育局", sort: 30 },
  { code: "HEALTH", name: "卫健局", sort: 40 },
  { code: "HOUSING", name: "住建局", sort: 50 },
  { code: "HUMAN_RESOURCES", name: "人社局", sort: 60 },
  { code: "DISABLED_FEDERATION", name: "残联", sort: 70 },
];

/** A city's 医保局 answers for the whole city; a district's 教育局 for its district only. */
export const DEMO_DEPARTMENT_USERS: { username: string; name: string; departmentCode: string; regionCode: string; description: string }[] = [
  { username: "yibao", name: "马丽", departmentCode: "MEDICAL_INSURANCE", regionCode: "2111", description: "盘锦市医保局经办人" },
  { username: "jiaoyu", name: "周杰", departmentCode: "EDUCATION", regionCode: "211102", description: "盘锦市双台子区教育局经办人" },
];

export async function seedDepartments(client: pg.Client, opts: { demo: boolean }): Promise<string | null> {
  const inserted = await client.query(
    `insert into department (code, name, sort, active)
     select code, name, sort, true from unnest($1::varchar[], $2::varchar[], $3::smallint[]) as d(code, name, sort)
     on conflict (code) do nothing`,
    [DEPARTMENTS.map((d) => d.code), DEPARTMENTS.map((d) => d.name), DEPARTMENTS.map((d) => d.sort)],
  );
  const lines = [inserted.rowCount ? `部门：写入 ${inserted.rowCount} 个部门` : "部门：已存在，跳过"];
  if (opts.demo) {
    const users = await seedDemoDepartmentUsers(client);
    if (users > 0) lines.push(`演示部门用户 ${users} 个（${DEMO_DEPARTMENT_USERS.map((u) => u.username).join("、")}）`);
  }
  return lines.join("；");
}

/**
 * Demo department users, only beside the demo data (its user `caseworker` exists) and only while
 * no department user exists: a real deployment never gets accounts with a known password.
 */
async function seedDemoDepartmentUsers(client: pg.Client): Promise<number> {
  const wanted = async () =>
    (
      await client.query(
        `select exists (select 1 from app_user where username = 'caseworker')
            and not exists (select 1 from app_user where role = 'DEPARTMENT') as wanted`,
      )
    ).rows[0].wanted as boolean;
  if (!(await wanted())) return 0;
  // Hashing is the slow part (bcrypt); do it before the transaction holds any lock.
  const hashes = await Promise.all(DEMO_DEPARTMENT_USERS.map(() => hashPassword(DEMO_PASSWORD)));
  await client.query("begin");
  try {
    await client.query("select pg_advisory_xact_lock(hashtext('nuanxin.seed.departments'))");
    if (!(await wanted())) {
      await client.query("rollback");
      return 0;
    }
    const res = await client.query(
      `insert into app_user (username, name, password_hash, role, region_code, department_code)
       select username, name, hash, 'DEPARTMENT'::role, region_code, department_code
       from unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::varchar[], $5::varchar[])
         as u(username, name, hash, region_code, department_code)
       on conflict (username) do nothing`,
      [
        DEMO_DEPARTMENT_USERS.map((u) => u.username),
        DEMO_DEPARTMENT_USERS.map((u) => u.name),
        hashes,
        DEMO_DEPARTMENT_USERS.map((u) => u.regionCode),
        DEMO_DEPARTMENT_USERS.map((u) => u.departmentCode),
      ],
    );
    await client.query("commit");
    return res.rowCount ?? 0;
  } catch (e) {
    await client.query("rollback");
    throw e;
  }
}
