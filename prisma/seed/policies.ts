/**
 * The policy library (政策库) for every database, and — with the demo only — a few demo resources
 * (资源库). Plain-language summaries of national and Liaoning policies; the amounts differ by
 * city and year, so they say where to look rather than quoting a figure. Each part runs only
 * when its table is empty; admins edit both afterwards.
 */
import type pg from "pg";
import { policyConditionsSchema, type PolicyConditions } from "../../lib/policies/match";

type SeedPolicy = { code: string; title: string; whoQualifies: string; benefit: string; department: string; conditions: PolicyConditions };

export const SEED_POLICIES: SeedPolicy[] = [
  {
    code: "MEDICAL_AID", title: "医疗救助", department: "医疗保障局",
    whoQualifies: "家中有重大疾病患者，特别是低保、特困、低保边缘家庭成员，以及看病花费大、影响基本生活的家庭。",
    benefit: "资助参加城乡居民医保；住院和门诊慢特病费用经医保报销后，个人负担部分再按比例救助（一站式结算）。",
    conditions: { memberFlags: ["majorIllness"] },
  },
  {
    code: "TEMP_AID", title: "临时救助", department: "民政局（乡镇、街道）",
    whoQualifies: "因火灾、交通事故、突发重病等意外，或看病、上学等必需开支太大，导致基本生活暂时出现严重困难的家庭或个人。",
    benefit: "一次性发放救助金或实物；情况紧急的可先救助、后补手续，金额较大的由县级“一事一议”。",
    conditions: {},
  },
  {
    code: "DISABLED_LIVING_SUBSIDY", title: "困难残疾人生活补贴", department: "残联、民政局",
    whoQualifies: "低保家庭或低保边缘家庭中持有第二代残疾人证的残疾人（任一等级）。",
    benefit: "每月发放生活补贴，补助因残疾产生的额外生活支出；标准由各市确定。",
    conditions: { memberFlags: ["anyDisability"], categories: ["DIBAO", "DIBAO_EDGE"] },
  },
  {
    code: "SEVERE_DISABILITY_CARE", title: "重度残疾人护理补贴", department: "残联、民政局",
    whoQualifies: "残疾等级为一级、二级，需要长期照护的重度残疾人，不看家庭收入。",
    benefit: "每月发放护理补贴，补助长期照护支出；可与困难残疾人生活补贴同时享受。",
    conditions: { memberFlags: ["severeDisability"] },
  },
  {
    code: "HIGH_SCHOOL_GRANT", title: "高中阶段国家助学金", department: "教育局",
    whoQualifies: "家庭经济困难的普通高中、中职在校生（低保、特困、低保边缘、刚性支出困难家庭的学生优先）；大学生可申请国家助学金和生源地助学贷款。",
    benefit: "按学期发放助学金，低保、特困等家庭学生同时免除学费；向学校学生资助部门申请。",
    conditions: { memberFlags: ["postCompulsoryStudent"], categories: ["DIBAO", "TEKUN", "DIBAO_EDGE", "RIGID_EXPENSE"] },
  },
  {
    code: "UNSUPPORTED_CHILD_SUPPORT", title: "事实无人抚养儿童基本生活保障", department: "民政局",
    whoQualifies: "父母双方都因重残、重病、服刑、失联等原因不能履行抚养责任的儿童，或一方如此、另一方死亡或失联的儿童。",
    benefit: "参照当地孤儿标准按月发放基本生活补贴，并落实医疗、教育等帮扶；由监护人向乡镇（街道）申请。",
    conditions: { memberFlags: ["unsupportedChild"] },
  },
  {
    code: "ELDERLY_ALLOWANCE", title: "高龄津贴（80岁以上）", department: "民政局",
    whoQualifies: "年满 80 周岁的本地户籍老年人，不看家庭收入。",
    benefit: "按月发放高龄津贴，年龄越高标准越高；由本人或家属向村（社区）申请，一般每年核验一次。",
    conditions: { minAge: 80 },
  },
  {
    code: "BRIGHT_AID", title: "光明救助（白内障等眼病）", department: "卫生健康委、残联",
    whoQualifies: "低保、特困、低保边缘家庭中患有白内障等致盲眼病的人，多见于 50 岁以上老人；入户时请询问视力情况。",
    benefit: "到定点医院免费或减免费用做白内障复明手术等眼病治疗，医保报销后的自付部分由救助资金承担。",
    conditions: { categories: ["DIBAO", "TEKUN", "DIBAO_EDGE"], minAge: 50 },
  },
  {
    code: "SUNSHINE_AID", title: "阳光救助（严重精神障碍）", department: "卫生健康委、民政局",
    whoQualifies: "低保、特困、低保边缘家庭中患有精神分裂症等严重精神障碍的患者（多已登记为重大疾病或精神残疾）。",
    benefit: "免费服用基本抗精神病药物，住院治疗费用给予救助，社区定期随访；病情稳定后可参加社区康复。",
    conditions: { memberFlags: ["majorIllness", "anyDisability"], categories: ["DIBAO", "TEKUN", "DIBAO_EDGE"] },
  },
  {
    code: "HOME_CARE", title: "居家养老服务（助洁、助浴、助医、代购）", department: "民政局（养老服务科）",
    whoQualifies: "75 岁以上老年人，特别是独居、空巢、失能的老人；低保、特困老人由政府购买服务。",
    benefit: "服务人员上门打扫卫生（助洁）、帮助洗澡（助浴）、陪同看病取药（助医）、代买生活用品（代购）。",
    conditions: { memberFlags: ["elderly75"] },
  },
];

/** Demo resources only: names say so. 盘锦 2111 / 双台子区 211102 / 建设街道 211102003, 沈阳 2101, 丹东 2106. */
const DEMO_RESOURCES = [
  { name: "（演示）建设街道居家养老服务站", kind: "HOME_CARE", services: "助洁、助浴、助医、代购，上门服务", regionCodes: ["211102003"], capacity: 40, contact: "0427-0000001（演示）" },
  { name: "（演示）双台子区助老志愿服务队", kind: "VOLUNTEER", services: "陪伴聊天、代购、陪同就医、节日探访", regionCodes: ["211102"], capacity: 60, contact: "0427-0000002（演示）" },
  { name: "（演示）盘锦市阳光救助定点医院", kind: "HOSPITAL", services: "阳光救助：严重精神障碍门诊用药、住院治疗", regionCodes: ["2111"], capacity: null, contact: "0427-0000003（演示）" },
  { name: "（演示）沈阳市社区助餐助洁服务中心", kind: "HOME_CARE", services: "助餐、助洁、助浴", regionCodes: ["2101"], capacity: 100, contact: "024-0000004（演示）" },
  { name: "（演示）丹东市光明救助定点眼科医院", kind: "HOSPITAL", services: "光明救助：白内障复明手术、眼病筛查", regionCodes: ["2106"], capacity: 200, contact: "0415-0000005（演示）" },
];

export async function seedPolicies(client: pg.Client, opts: { demo: boolean }): Promise<string | null> {
  const lines: string[] = [];
  const { rows: [{ n: policies }] } = await client.query<{ n: string }>("select count(*) as n from policy");
  if (Number(policies) === 0) {
    const inserted = await client.query(
      `insert into policy (code, title, who_qualifies, benefit, department, conditions, active)
       select code, title, who, benefit, department, conditions::jsonb, true
       from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) as p(code, title, who, benefit, department, conditions)`,
      [
        SEED_POLICIES.map((p) => p.code),
        SEED_POLICIES.map((p) => p.title),
        SEED_POLICIES.map((p) => p.whoQualifies),
        SEED_POLICIES.map((p) => p.benefit),
        SEED_POLICIES.map((p) => p.department),
        SEED_POLICIES.map((p) => JSON.stringify(policyConditionsSchema.parse(p.conditions))),
      ],
    );
    lines.push(`写入政策 ${inserted.rowCount} 条`);
  }
  if (opts.demo) {
    const { rows: [{ n: resources }] } = await client.query<{ n: string }>("select count(*) as n from resource");
    if (Number(resources) === 0) {
      for (const r of DEMO_RESOURCES) {
        await client.query(
          `insert into resource (name, kind, services, region_codes, capacity, contact, active) values ($1, $2, $3, $4::text[], $5, $6, true)`,
          [r.name, r.kind, r.services, r.regionCodes, r.capacity, r.contact],
        );
      }
      lines.push(`写入演示资源 ${DEMO_RESOURCES.length} 个`);
    }
  }
  return lines.length ? `政策库与资源库：${lines.join("，")}` : null;
}
