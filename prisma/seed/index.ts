/**
 * The seed: region tree, questionnaire, and (unless `demo: false`) the demo data. Each part runs
 * only when its table is empty, so running the seed again changes nothing.
 */
import pg from "pg";
import { todayInChina } from "../../lib/dates";
import { seedDemo, seedQuestionnaire } from "./demo";
import { seedRegions } from "./regions";
import { seedDepartments } from "./departments";
import { seedFunds } from "./funds";
import { seedDemoResolutions } from "./resolutions";
import { seedCalendar } from "./calendar";
import { seedStandards } from "./standards";
import { seedDiscoveryRules } from "./discovery";
import { seedPolicies } from "./policies";
import { projectIdKeys } from "../../lib/crypto/key-file";
import type { IdKeys } from "../../lib/crypto/keyring";

export async function seed(
  url: string,
  /** idKeys: for the demo members' ID numbers (default: the environment's, or .data/id-keys.json for the embedded database). */
  opts: { demo?: boolean; households?: number; today?: string; log?: (s: string) => void; idKeys?: () => IdKeys } = {},
) {
  const log = opts.log ?? console.log;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    let t = performance.now();
    const regions = await seedRegions(client);
    const ms = () => `${Math.round(performance.now() - t)} ms`;
    log(regions > 0 ? `区划：导入辽宁省行政区划 ${regions} 条（${ms()}）` : "区划：已存在，跳过");

    log((await seedQuestionnaire(client)) ? "问卷：已写入走访调查问卷第 1、2 版" : "问卷：第 1、2 版已存在，跳过");
    const calendarLine = await seedCalendar(client);
    if (calendarLine) log(calendarLine);
    const standardsLine = await seedStandards(client, { demo: opts.demo !== false });
    if (standardsLine) log(standardsLine);
    const rulesLine = await seedDiscoveryRules(client);
    if (rulesLine) log(rulesLine);
    const policiesLine = await seedPolicies(client, { demo: opts.demo !== false });
    if (policiesLine) log(policiesLine);

    // Departments and funds: reference rows always; their demo users and top-ups with the demo.
    // Each returns a line to log, or null when it had nothing to do. They run after seedDemo
    // (below) for demo data, so they see the demo users.
    const demo = opts.demo !== false;
    if (!demo) {
      for (const line of [await seedDepartments(client, { demo }), await seedFunds(client, { demo, today: opts.today })]) {
        if (line) log(line);
      }
      return;
    }
    t = performance.now();
    const s = await seedDemo(client, { households: opts.households, today: opts.today, idKeys: opts.idKeys ?? projectIdKeys });
    log(
      s.skipped
        ? "演示数据：已有用户，跳过"
        : `演示数据：用户 ${s.users} 个，家庭 ${s.households} 户，成员 ${s.members} 人，走访 ${s.visits} 次，问题 ${s.problems} 件（${ms()}）`,
    );
    for (const line of [await seedDepartments(client, { demo }), await seedFunds(client, { demo, today: opts.today })]) {
      if (line) log(line);
    }
    const resolved = await seedDemoResolutions(client, { today: opts.today ?? todayInChina() });
    if (resolved) log(resolved);
  } finally {
    await client.end();
  }
}
