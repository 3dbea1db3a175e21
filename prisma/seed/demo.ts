/**
 * Demo data: the users of every role, the questionnaire, ~3,000 households with members in four
 * cities (盘锦, 沈阳, 丹东, 营口), six months of home visits and the problems they found.
 * Runs only on a database without users. Deterministic for a given `today` (seeded PRNG), so tests
 * can rely on what it makes. Written straight with `pg` in bulk: one statement per few thousand rows.
 */
import type pg from "pg";
import { ageOn, monthBounds, todayInChina } from "../../lib/dates";
import { checkCharacter, maskIdNumber } from "../../lib/households/id-number";
import { blindIndex, blindIndexCandidates, sealIdNumber } from "../../lib/crypto/id-number-cipher";
import type { IdKeys } from "../../lib/crypto/keyring";
import { dueOnFor, RESOLUTION_DAYS } from "../../lib/problems/rules";
import { isoFromDate } from "../../lib/dates";
import { hashPassword } from "../../lib/users/password";
import { QUESTIONNAIRE_V1, QUESTIONNAIRE_V2 } from "../../lib/visits/questionnaire";

type Client = pg.Client | pg.PoolClient;
type Role = "CASEWORKER" | "SUPERVISOR" | "PROVINCIAL" | "ADMIN";
type Category = "NONE" | "DIBAO" | "TEKUN" | "DIBAO_EDGE" | "RIGID_EXPENSE";
type Relation = "HEAD" | "SPOUSE" | "CHILD" | "PARENT" | "GRANDCHILD" | "GRANDPARENT" | "SIBLING" | "OTHER";
type ProblemCategory = "BASIC_LIVING" | "MEDICAL" | "SCHOOLING" | "HOUSING" | "EMPLOYMENT" | "ELDERLY_CARE" | "DISABILITY" | "CHILD_CARE";

export const DEMO_PASSWORD = "demo1234";

const JIANSHE = "211102003"; // 盘锦市双台子区建设街道
const ZHANQIAN = "211102003001"; // 建设街道站前社区: the report's Ms Sun lives here
const HUASHAN = "210105013"; // 沈阳市皇姑区华山街道

export const DEMO_USERS: { username: string; name: string; role: Role; regionCode: string; description: string }[] = [
  { username: "caseworker", name: "王芳", role: "CASEWORKER", regionCode: JIANSHE, description: "民政干部，盘锦市双台子区建设街道" },
  { username: "caseworker2", name: "李强", role: "CASEWORKER", regionCode: HUASHAN, description: "民政干部，沈阳市皇姑区华山街道" },
  { username: "villageworker", name: "赵敏", role: "CASEWORKER", regionCode: ZHANQIAN, description: "社区社工，仅限建设街道站前社区" },
  { username: "supervisor", name: "刘洋", role: "SUPERVISOR", regionCode: "211102", description: "审核确认人员，盘锦市双台子区民政局" },
  { username: "supervisor2", name: "陈静", role: "SUPERVISOR", regionCode: "210105", description: "审核确认人员，沈阳市皇姑区民政局" },
  { username: "province", name: "张伟", role: "PROVINCIAL", regionCode: "21", description: "省民政厅，全省只读" },
  { username: "admin", name: "系统管理员", role: "ADMIN", regionCode: "21", description: "系统管理员，全省" },
];

export type DemoSummary = { skipped: boolean; users: number; households: number; members: number; visits: number; problems: number };

// ---------------------------------------------------------------------------------------------
// Randomness: mulberry32, so the same `today` always gives the same data.

function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function makeRandom(seed: number) {
  const next = mulberry32(seed);
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const chance = (p: number) => next() < p;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)];
  const weighted = <T>(table: readonly (readonly [T, number])[]): T => {
    let r = next() * table.reduce((s, [, w]) => s + w, 0);
    for (const [v, w] of table) if ((r -= w) < 0) return v;
    return table[table.length - 1][0];
  };
  const uuid = () => {
    const hex = Array.from({ length: 32 }, () => Math.floor(next() * 16).toString(16));
    hex[12] = "4";
    hex[16] = "89ab"[Math.floor(next() * 4)];
    const s = hex.join("");
    return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
  };
  return { next, int, chance, pick, weighted, uuid };
}
type Random = ReturnType<typeof makeRandom>;

// ---------------------------------------------------------------------------------------------
// People

// Common surnames, most frequent first; drawn with a bias towards the front (as in real life).
const SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段钱汤尹黎易常武乔贺赖龚文关佟";
// Given-name characters by generation: born before 1975, and after.
const GIVEN = {
  oldMale: ["建国志永德振福长宝庆海玉广春明文立成树金凤洪", "国军强刚明华生林山平民成祥良发财贵忠义才"],
  oldFemale: ["秀淑桂玉凤丽素春金红冬亚晓艳", "英兰珍芳华琴霞梅云荣杰娟敏丽萍"],
  youngMale: ["浩子宇俊梓博一天嘉晨思明文睿鑫振家", "轩然涵宇杰辰泽航豪博阳霖鹏磊伟"],
  youngFemale: ["欣梓雨佳思诗可梦一语晓雅婷", "涵萱怡琪彤琳妍瑶然悦婷雪莹"],
};

function personName(r: Random, surname: string, male: boolean, birthYear: number): string {
  const pool = birthYear < 1975 ? (male ? GIVEN.oldMale : GIVEN.oldFemale) : male ? GIVEN.youngMale : GIVEN.youngFemale;
  const first = [...pool[0]];
  const second = [...pool[1]];
  return r.chance(0.2) ? surname + r.pick(second) : surname + r.pick(first) + r.pick(second);
}

const surname = (r: Random) => SURNAMES[Math.floor(r.next() ** 2 * SURNAMES.length)];

type PersonSpec = { relation: Relation; age: number; male: boolean };
type Member = {
  name: string; idNumber: string; birthDate: string; male: boolean; relation: Relation; age: number;
  majorIllness: boolean; disabilityGrade: number | null; student: boolean; unsupportedChild: boolean;
  labour: "NOT_ASSESSED" | "FULL" | "PARTIAL" | "NONE";
};

/** Who lives in a household, by age and relation to the head. Ages keep relations plausible. */
function composition(r: Random, category: Category): PersonSpec[] {
  const headMale = r.chance(0.6);
  const head = (min: number, max: number): PersonSpec => ({ relation: "HEAD", age: r.int(min, max), male: headMale });
  const spouse = (h: PersonSpec): PersonSpec => ({ relation: "SPOUSE", age: Math.max(20, h.age + r.int(-5, 5)), male: !h.male });
  const child = (h: PersonSpec): PersonSpec => ({ relation: "CHILD", age: r.int(Math.max(0, h.age - 40), h.age - 22), male: r.chance(0.5) });
  const minorChild = (h: PersonSpec): PersonSpec => {
    const hi = Math.min(17, h.age - 22);
    return { relation: "CHILD", age: r.int(Math.min(hi, Math.max(0, h.age - 40)), hi), male: r.chance(0.5) };
  };
  const adultChild = (h: PersonSpec): PersonSpec => ({ relation: "CHILD", age: r.int(22, h.age - 24), male: r.chance(0.5) });
  const parent = (h: PersonSpec): PersonSpec => ({ relation: "PARENT", age: Math.min(96, h.age + r.int(22, 34)), male: r.chance(0.4) });
  // A grandchild is at least 20 years younger than its parent (the head's child) or, with no
  // child in the household, 46 years younger than the head.
  const grandchild = (h: PersonSpec, parentAge = h.age - 26): PersonSpec =>
    ({ relation: "GRANDCHILD", age: r.int(Math.max(0, h.age - 70), Math.min(17, parentAge - 20)), male: r.chance(0.5) });

  // 特困: lives alone, old (60+) or unable to work.
  if (category === "TEKUN") return [r.chance(0.8) ? head(60, 92) : head(25, 59)];
  const size = r.weighted([[1, 22], [2, 28], [3, 25], [4, 15], [5, 10]] as const);
  if (size === 1) return [head(22, 88)];
  if (size === 2) {
    const kind = r.weighted([["couple", 60], ["singleParent", 25], ["withParent", 15]] as const);
    if (kind === "couple") { const h = head(28, 85); return [h, spouse(h)]; }
    if (kind === "singleParent") { const h = head(30, 55); return [h, child(h)]; }
    const h = head(28, 62); return [h, parent(h)];
  }
  if (size === 3) {
    const kind = r.weighted([["family", 70], ["withParent", 15], ["grandparents", 15]] as const);
    if (kind === "family") { const h = head(26, 60); return [h, spouse(h), child(h)]; }
    if (kind === "withParent") { const h = head(28, 62); return [h, spouse(h), parent(h)]; }
    const h = head(56, 78); return [h, spouse(h), grandchild(h)];
  }
  if (size === 4) {
    const kind = r.weighted([["twoChildren", 60], ["withParent", 25], ["threeGenerations", 15]] as const);
    if (kind === "twoChildren") { const h = head(28, 55); return [h, spouse(h), child(h), minorChild(h)]; }
    if (kind === "withParent") { const h = head(28, 62); return [h, spouse(h), child(h), parent(h)]; }
    const h = head(48, 68); const c = adultChild(h); return [h, spouse(h), c, grandchild(h, c.age)];
  }
  if (r.chance(0.5)) { const h = head(30, 57); return [h, spouse(h), child(h), minorChild(h), parent(h)]; }
  const h = head(48, 68); const c = adultChild(h);
  return [h, spouse(h), c, grandchild(h, c.age), grandchild(h, c.age)];
}

function isoDate(y: number, m: number, d: number): string {
  return new Date(Date.UTC(y, m - 1, d)).toISOString().slice(0, 10);
}

/** A birth date `age` full years before `today`, on a random day within that year of age. */
function birthDateFor(r: Random, age: number, today: string): string {
  const [y, m, d] = today.split("-").map(Number);
  return isoDate(y - age, m, d - r.int(0, 364));
}

// ---------------------------------------------------------------------------------------------
// Households

type Village = { code: string; name: string; rural: boolean };
type Household = {
  id: number; village: Village; address: string; phone: string | null; category: Category;
  note: string | null; members: Member[]; lapsed: boolean;
};

function address(r: Random, v: Village): string {
  if (v.rural) return `${v.name} ${r.int(1, 260)}号`;
  return `${v.name} ${r.int(1, 36)}号楼${r.int(1, 6)}单元${r.int(1, 7)}0${r.int(1, 4)}`;
}

function phone(r: Random): string | null {
  if (r.chance(0.1)) return null; // some elderly households have no mobile phone
  return `1${r.pick([..."3456789"])}${String(r.int(0, 999_999_999)).padStart(9, "0")}`;
}

/**
 * ID numbers, unique across the province (and against rows already in the table, known by their
 * blind index only: `taken` holds hex blind indexes under every index key).
 */
function idIssuer(r: Random, taken: Set<string>, keys: IdKeys) {
  return (countyCode: string, birthDate: string, male: boolean): string => {
    for (;;) {
      const seq = male ? 2 * r.int(0, 499) + 1 : 2 * r.int(1, 499);
      const first17 = countyCode + birthDate.replaceAll("-", "") + String(seq).padStart(3, "0");
      const id = first17 + checkCharacter(first17);
      const indexes = blindIndexCandidates(keys, id).map((b) => b.toString("hex"));
      if (!indexes.some((x) => taken.has(x))) {
        for (const x of indexes) taken.add(x);
        return id;
      }
    }
  };
}

function makeMembers(r: Random, specs: PersonSpec[], village: Village, today: string, issue: ReturnType<typeof idIssuer>): Member[] {
  const headSpec = specs[0];
  const headSurname = surname(r);
  // Children carry the father's surname: the head's if he is the father, else the spouse's.
  const spouseSurname = surname(r);
  const childSurname = headSpec.male ? headSurname : specs.some((s) => s.relation === "SPOUSE") ? spouseSurname : headSurname;
  return specs.map((s) => {
    const birthDate = birthDateFor(r, s.age, today);
    const family =
      s.relation === "HEAD" ? headSurname
        : s.relation === "SPOUSE" ? spouseSurname
        : s.relation === "CHILD" || s.relation === "GRANDCHILD" ? childSurname
        : s.relation === "PARENT" && s.male ? headSurname
        : surname(r);
    const age = ageOn(birthDate, today);
    const disabled = r.chance(0.065);
    const disabilityGrade = disabled ? (r.chance(0.5) ? r.int(1, 2) : r.int(3, 4)) : null;
    const majorIllness = r.chance(age >= 40 ? 0.075 : age >= 18 ? 0.03 : 0.01);
    const student = age >= 16 && age <= 22 && r.chance(age <= 18 ? 0.75 : 0.45);
    // Labour capacity is assessed only where it matters for eligibility: working-age adults with
    // an illness or disability, and a sample of the others.
    let labour: Member["labour"] = "NOT_ASSESSED";
    if (age >= 18 && age < 60 && !student) {
      if (disabilityGrade !== null && disabilityGrade <= 2) labour = "NONE";
      else if (disabilityGrade !== null || majorIllness) labour = r.chance(0.5) ? "PARTIAL" : r.chance(0.3) ? "NONE" : "NOT_ASSESSED";
      else if (r.chance(0.08)) labour = "FULL";
    }
    return {
      name: personName(r, family, s.male, Number(birthDate.slice(0, 4))),
      idNumber: issue(village.code.slice(0, 6), birthDate, s.male),
      birthDate, male: s.male, relation: s.relation, age,
      majorIllness, disabilityGrade, student, unsupportedChild: false, labour,
    };
  });
}

function makeHousehold(r: Random, village: Village, category: Category, today: string, issue: ReturnType<typeof idIssuer>): Household {
  const members = makeMembers(r, composition(r, category), village, today, issue);
  const head = members[0];
  if (category === "TEKUN") {
    // 特困 needs no work capacity: under-60 ones are severely disabled.
    if (head.age < 60) { head.disabilityGrade = r.int(1, 2); head.labour = "NONE"; }
  }
  if (category === "RIGID_EXPENSE" && !members.some((m) => m.majorIllness || m.student)) head.majorIllness = true;
  // Grandparents raising a grandchild: some of these children are de facto unsupported (事实无人抚养).
  const parentsAbsent = !members.some((m) => m.relation === "CHILD");
  for (const m of members) if (m.relation === "GRANDCHILD" && m.age < 18 && parentsAbsent && r.chance(0.35)) m.unsupportedChild = true;
  return { id: 0, village, address: address(r, village), phone: phone(r), category, note: null, members, lapsed: false };
}

const CATEGORY_MIX = [["DIBAO", 45], ["TEKUN", 10], ["DIBAO_EDGE", 15], ["RIGID_EXPENSE", 10], ["NONE", 20]] as const;

/** Where the households live: share of the total, and a filter on village codes. */
const AREAS: { share: number; min?: number; match: (code: string) => boolean; spread?: boolean }[] = [
  // 建设街道, every community: the caseworker's and the village worker's roster.
  { share: 0.09, min: 1, match: (c) => c.startsWith(JIANSHE), spread: true },
  { share: 0.31, match: (c) => c.startsWith("2111") && !c.startsWith(JIANSHE) },
  // 华山街道, caseworker2's roster.
  { share: 0.06, min: 1, match: (c) => c.startsWith(HUASHAN), spread: true },
  { share: 0.04, match: (c) => c.startsWith("210105") && !c.startsWith(HUASHAN) },
  { share: 0.2, match: (c) => c.startsWith("2101") && !c.startsWith("210105") },
  { share: 0.15, match: (c) => c.startsWith("2106") },
  { share: 0.15, match: (c) => c.startsWith("2108") },
];

function placeHouseholds(r: Random, villages: Village[], total: number): Village[] {
  const placed: Village[] = [];
  const counts = AREAS.map((a) => Math.max(a.min ?? 0, Math.floor(a.share * total)));
  counts[1] += Math.max(0, total - counts.reduce((s, n) => s + n, 0)); // rounding remainder to 盘锦
  AREAS.forEach((area, i) => {
    const pool = villages.filter((v) => area.match(v.code));
    if (pool.length === 0) throw new Error(`区划表中没有演示地区的村（社区），请先导入区划 (no villages for demo area ${i})`);
    if (area.spread) {
      for (let k = 0; k < counts[i]; k++) placed.push(pool[k % pool.length]);
      return;
    }
    // Elsewhere households cluster in some villages (about ten each), as on a real roster.
    const chosen = Array.from({ length: Math.max(1, Math.min(pool.length, Math.round(counts[i] / 10))) }, () => r.pick(pool));
    for (let k = 0; k < counts[i]; k++) placed.push(r.pick(chosen));
  });
  return placed.slice(0, total);
}

/** The two families the 2021 report tells of, so a demo can follow their stories. */
function storyHouseholds(r: Random, villages: Map<string, Village>, today: string, issue: ReturnType<typeof idIssuer>): Household[] {
  const year = Number(today.slice(0, 4));
  const zhanqian = villages.get(ZHANQIAN)!;
  const sunBirth = "1972-03-16";
  const sunId = issue(ZHANQIAN.slice(0, 6), sunBirth, false);
  const daughterBirth = isoDate(2004, 9, 3);
  const sun: Household = {
    id: 0, village: zhanqian, address: "站前社区 3号楼2单元501", phone: "13904275316", category: "DIBAO",
    note: "专项行动中走访主动发现：突发疾病后情绪低落、不爱与人交流；已纳入低保并给予临时救助。",
    lapsed: false,
    members: [
      { name: "孙丽华", idNumber: sunId, birthDate: sunBirth, male: false, relation: "HEAD", age: ageOn(sunBirth, today),
        majorIllness: true, disabilityGrade: null, student: false, unsupportedChild: false, labour: "PARTIAL" },
      { name: "刘佳怡", idNumber: issue(ZHANQIAN.slice(0, 6), daughterBirth, false), birthDate: daughterBirth, male: false,
        relation: "CHILD", age: ageOn(daughterBirth, today), majorIllness: false, disabilityGrade: null,
        student: ageOn(daughterBirth, today) <= 22, unsupportedChild: false, labour: "NOT_ASSESSED" },
    ],
  };
  // 小馨 of 皇姑区: her mother died, her father has oesophageal cancer; she is 6.
  const huashan = [...villages.values()].find((v) => v.code.startsWith(HUASHAN))!;
  const fatherBirth = isoDate(year - 40, 5, 12);
  const girlBirth = isoDate(year - 6, 2, 20);
  const xin: Household = {
    id: 0, village: huashan, address: address(r, huashan), phone: phone(r) ?? "13840211688", category: "DIBAO",
    note: "母亲病逝，父亲确诊食道癌；经劳动能力鉴定提高救助水平，认定事实无人抚养儿童，爱心人士一对一帮扶。",
    lapsed: false,
    members: [
      { name: "高志刚", idNumber: issue(HUASHAN.slice(0, 6), fatherBirth, true), birthDate: fatherBirth, male: true, relation: "HEAD",
        age: ageOn(fatherBirth, today), majorIllness: true, disabilityGrade: null, student: false, unsupportedChild: false, labour: "PARTIAL" },
      { name: "高馨", idNumber: issue(HUASHAN.slice(0, 6), girlBirth, false), birthDate: girlBirth, male: false, relation: "CHILD",
        age: ageOn(girlBirth, today), majorIllness: false, disabilityGrade: null, student: false, unsupportedChild: true, labour: "NOT_ASSESSED" },
    ],
  };
  return [sun, xin];
}

// ---------------------------------------------------------------------------------------------
// Visits and problems

type Answers = Record<string, string>;
type Finding = { category: ProblemCategory; answer: [string, string]; texts: string[] };

const FINDINGS: Record<string, Finding> = {
  lostJob: { category: "EMPLOYMENT", answer: ["incomeChange", "lostJob"], texts: ["家庭成员近期失业，收入明显减少，需就业帮扶", "务工收入中断，家庭生活困难，希望推荐公益性岗位"] },
  income: { category: "BASIC_LIVING", answer: ["incomeChange", "decreased"], texts: ["家庭收入下降，基本生活困难，需评估救助水平", "冬季取暖费用负担重，基本生活困难"] },
  medical: { category: "MEDICAL", answer: ["health", "heavyCost"], texts: ["家庭成员住院治疗，自付医疗费用负担重，需医疗救助", "慢性病长期服药，医疗费用负担重"] },
  newIllness: { category: "MEDICAL", answer: ["health", "newIllness"], texts: ["家庭成员新患重病，需申请医疗救助和临时救助", "户主突发疾病住院，家中无人照应"] },
  schooling: { category: "SCHOOLING", answer: ["schooling", "costBurden"], texts: ["子女学费、生活费困难，需教育救助", "高中学生住宿费困难，申请助学金"] },
  housing: { category: "HOUSING", answer: ["housing", "risk"], texts: ["房屋年久失修，屋顶漏雨，存在安全隐患", "房屋墙体开裂，需危房鉴定"] },
  elderly: { category: "ELDERLY_CARE", answer: ["careNeeds", "unmet"], texts: ["高龄老人行动不便，无人照料，需居家养老服务", "老人独居，需助洁、助餐服务"] },
  disability: { category: "DISABILITY", answer: ["careNeeds", "unmet"], texts: ["重度残疾人缺乏照护，需申请护理补贴", "残疾人辅具损坏，需协调残联更换"] },
  child: { category: "CHILD_CARE", answer: ["careNeeds", "unmet"], texts: ["儿童放学后无人照料，需协调社区托管", "未成年人监护缺失，需评估是否为事实无人抚养儿童"] },
};

const QUIET_FINDINGS = ["家庭情况稳定，救助金按时发放", "生活基本稳定，已宣讲最新救助政策", "家中整洁，身体状况平稳", "收入无明显变化，无新增困难", "已核实家庭人口和收入情况，无变化"];
const REQUESTS = ["希望了解医疗救助报销政策", "希望增加取暖补贴", "咨询残疾人两项补贴办理", "希望帮助孩子申请助学金", "询问低保年审材料"];

function householdTraits(h: Household) {
  return {
    hasStudent: h.members.some((m) => (m.age >= 6 && m.age <= 15) || m.student),
    hasElderly: h.members.some((m) => m.age >= 75),
    hasSevereDisability: h.members.some((m) => m.disabilityGrade !== null && m.disabilityGrade <= 2),
    hasDisability: h.members.some((m) => m.disabilityGrade !== null),
    hasYoungChild: h.members.some((m) => m.age < 14),
    hasIllness: h.members.some((m) => m.majorIllness),
    hasWorkingAge: h.members.some((m) => m.age >= 18 && m.age < 60),
  };
}

/** Answers valid for QUESTIONNAIRE_V1, mostly quiet; with a finding, the answer that reveals it. */
function visitAnswers(r: Random, t: ReturnType<typeof householdTraits>, finding: Finding | null): Answers {
  const answers: Answers = {
    incomeChange: r.weighted([["none", 90], ["increased", 6], ["decreased", 4]] as const),
    health: t.hasIllness && r.chance(0.15) ? "heavyCost" : "stable",
    schooling: t.hasStudent ? "ok" : "na",
    housing: "safe",
    careNeeds: t.hasElderly || t.hasSevereDisability || t.hasYoungChild ? "met" : "none",
    policyAwareness: r.weighted([["good", 60], ["partial", 30], ["none", 10]] as const),
    livingChange: r.weighted([["none", 80], ["better", 12], ["worse", 8]] as const),
    requests: r.chance(0.08) ? r.pick(REQUESTS) : "",
  };
  if (finding) {
    answers[finding.answer[0]] = finding.answer[1];
    answers.livingChange = r.chance(0.6) ? "worse" : "none";
  }
  return answers;
}

function possibleFindings(t: ReturnType<typeof householdTraits>): Finding[] {
  const out = [FINDINGS.income, FINDINGS.medical, FINDINGS.newIllness, FINDINGS.housing];
  if (t.hasWorkingAge) out.push(FINDINGS.lostJob);
  if (t.hasStudent) out.push(FINDINGS.schooling);
  if (t.hasElderly) out.push(FINDINGS.elderly);
  if (t.hasDisability) out.push(FINDINGS.disability);
  if (t.hasYoungChild) out.push(FINDINGS.child);
  return out;
}

function daysInMonth(monthStart: string): number {
  const [y, m] = monthStart.split("-").map(Number);
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** The first days of the six months up to `today`, oldest first. */
function lastSixMonths(today: string): string[] {
  const months = [monthBounds(today).start];
  while (months.length < 6) months.unshift(monthBounds(months[0]).previous);
  return months;
}

// ---------------------------------------------------------------------------------------------
// Writing

/**
 * Multi-row insert as one statement over parallel arrays (`unnest`), in chunks: thousands of rows
 * per round trip and no 65,535-parameter limit.
 */
async function bulkInsert(client: Client, table: string, columns: [name: string, type: string][], rows: unknown[][], chunk = 5000) {
  const names = columns.map(([n]) => `"${n}"`).join(", ");
  const arrays = columns.map(([, t], i) => `$${i + 1}::${t}[]`).join(", ");
  for (let start = 0; start < rows.length; start += chunk) {
    const part = rows.slice(start, start + chunk);
    await client.query(
      `insert into "${table}" (${names}) select * from unnest(${arrays})`,
      columns.map((_, i) => part.map((row) => row[i])),
    );
  }
}

/** Ids from the table's own sequence, taken up front so children can point at parents. */
async function reserveIds(client: Client, table: string, count: number): Promise<number[]> {
  const res = await client.query<{ id: number }>(
    "select nextval(pg_get_serial_sequence($1, 'id'))::int as id from generate_series(1, $2)",
    [table, count],
  );
  return res.rows.map((row) => row.id);
}

/**
 * Stores questionnaire versions 1 and 2 (2 adds the mood item, decision 029) when missing; true
 * when it inserted any. The demo's past visits answered version 1; a visit logged now gets 2 (or
 * whatever an administrator published since).
 */
export async function seedQuestionnaire(client: Client): Promise<boolean> {
  let inserted = false;
  for (const q of [QUESTIONNAIRE_V1, QUESTIONNAIRE_V2]) {
    const res = await client.query(
      `insert into questionnaire_template (version, title, questions, active) values ($1, $2, $3, true)
       on conflict (version) do nothing`,
      [q.version, q.title, JSON.stringify(q.questions)],
    );
    inserted ||= res.rowCount === 1;
  }
  return inserted;
}

export async function seedDemo(client: Client, opts: { households?: number; today?: string; idKeys: () => IdKeys }): Promise<DemoSummary> {
  const total = Math.max(2, opts.households ?? 3000);
  const today = opts.today ?? todayInChina();
  const skipped: DemoSummary = { skipped: true, users: 0, households: 0, members: 0, visits: 0, problems: 0 };
  if ((await client.query("select exists (select 1 from app_user) as any")).rows[0].any) return skipped;

  // Hashing is the slow part (bcrypt); do it before the transaction holds any lock.
  const hashes = await Promise.all(DEMO_USERS.map(() => hashPassword(DEMO_PASSWORD)));

  await client.query("begin");
  try {
    await client.query("select pg_advisory_xact_lock(hashtext('nuanxin.seed.demo'))");
    if ((await client.query("select exists (select 1 from app_user) as any")).rows[0].any) {
      await client.query("rollback");
      return skipped;
    }
    await seedQuestionnaire(client);
    const r = makeRandom(20210401);

    const userRows = await client.query<{ id: number; username: string }>(
      `insert into app_user (username, name, password_hash, role, region_code)
       select * from unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::role[], $5::varchar[]) returning id, username`,
      [DEMO_USERS.map((u) => u.username), DEMO_USERS.map((u) => u.name), hashes, DEMO_USERS.map((u) => u.role), DEMO_USERS.map((u) => u.regionCode)],
    );
    const userId = new Map(userRows.rows.map((u) => [u.username, u.id]));
    const caseworkers = DEMO_USERS.filter((u) => u.role === "CASEWORKER").map((u) => ({ ...u, id: userId.get(u.username)! }));
    const adminId = userId.get("admin")!;

    const villageRows = await client.query<Village>(
      `select code, name, rural from region
       where level = 5 and retired_at is null and left(code, 4) = any($1) order by code`,
      [["2101", "2106", "2108", "2111"]],
    );
    const villages = villageRows.rows;
    const byCode = new Map(villages.map((v) => [v.code, v]));
    if (!byCode.has(ZHANQIAN)) throw new Error("区划表中没有站前社区 211102003001，请先导入区划");

    const keys = opts.idKeys();
    const taken = new Set((await client.query<{ x: string }>("select encode(id_index, 'hex') as x from member")).rows.map((row) => row.x));
    const issue = idIssuer(r, taken, keys);
    const stories = storyHouseholds(r, byCode, today, issue);
    const households = [
      ...stories,
      ...placeHouseholds(r, villages, total - stories.length).map((v) =>
        makeHousehold(r, v, r.weighted(CATEGORY_MIX), today, issue)),
    ];
    // Some registered households were missed last month and so far this month: overdue on the roster.
    for (const h of households.slice(stories.length)) h.lapsed = h.category !== "NONE" && r.chance(0.06);

    const householdIds = await reserveIds(client, "household", households.length);
    households.forEach((h, i) => (h.id = householdIds[i]));
    await bulkInsert(
      client, "household",
      [["id", "int"], ["region_code", "varchar"], ["address", "varchar"], ["phone", "varchar"], ["category", "assistance_category"],
        ["head_name", "varchar"], ["member_count", "smallint"], ["note", "varchar"], ["updated_at", "timestamptz"]],
      households.map((h) => [h.id, h.village.code, h.address, h.phone, h.category, h.members[0].name, h.members.length, h.note, "now"]),
    );
    const memberRows = households.flatMap((h) =>
      h.members.map((m) => [
        h.id, h.village.code, m.name, sealIdNumber(keys, m.idNumber), blindIndex(keys, m.idNumber), maskIdNumber(m.idNumber), m.birthDate, m.male, m.relation,
        m.majorIllness, m.disabilityGrade, m.student, m.unsupportedChild, m.labour, "now",
      ]));
    await bulkInsert(
      client, "member",
      [["household_id", "int"], ["region_code", "varchar"], ["name", "varchar"], ["id_cipher", "bytea"], ["id_index", "bytea"], ["id_number_masked", "bpchar"],
        ["birth_date", "date"], ["male", "boolean"], ["relation", "relation"], ["major_illness", "boolean"], ["disability_grade", "smallint"],
        ["post_compulsory_student", "boolean"], ["unsupported_child", "boolean"], ["labour_capacity", "labour_capacity"], ["updated_at", "timestamptz"]],
      memberRows,
    );

    // Visits: monthly to every registered household (每月入户一次), ~85% done in past months,
    // ~40% so far in the current one.
    const months = lastSixMonths(today);
    const todayDay = Number(today.slice(8, 10));
    const localStaff = new Map<string, string>(); // township → a staff name for visits no demo user made
    const visits: unknown[][] = [];
    const problems: unknown[][] = [];
    const pendingProblems: { visitIndex: number; row: unknown[] }[] = [];
    for (const h of households) {
      if (h.category === "NONE") continue;
      const traits = householdTraits(h);
      const options = possibleFindings(traits);
      const covering = caseworkers.filter((c) => h.village.code.startsWith(c.regionCode));
      const isSun = h === stories[0];
      months.forEach((month, mi) => {
        const current = mi === months.length - 1;
        const last = mi === months.length - 2;
        if (h.lapsed && (current || last)) return;
        if (!isSun && !r.chance(current ? 0.4 : 0.85)) return;
        if (isSun && current) return;
        const day = r.int(1, current ? todayDay : daysInMonth(month));
        const visitedOn = `${month.slice(0, 8)}${String(day).padStart(2, "0")}`;
        // Ms Sun: her sudden illness was found on the first visit of the period.
        const finding = isSun ? (mi === 0 ? FINDINGS.newIllness : null) : r.chance(0.08) ? r.pick(options) : null;
        const answers = visitAnswers(r, traits, finding);
        const recorder = covering.length > 0 ? r.pick(covering) : null;
        const recordedById = recorder?.id ?? adminId;
        const township = h.village.code.slice(0, 9);
        if (!localStaff.has(township)) localStaff.set(township, personName(r, surname(r), r.chance(0.5), 1985));
        const helper = h.village.rural ? "村干部" : r.pick(["社区干部", "网格员"]);
        const visitors = `${recorder?.name ?? localStaff.get(township)}、${helper}`;
        const met = h.members.length > 1 && r.chance(0.35) ? `${h.members[0].name}、${h.members[1].name}` : h.members[0].name;
        const description = finding ? (isSun ? "突发疾病后情绪低落，不爱与人交流，医疗费用负担重，需纳入低保并给予临时救助" : r.pick(finding.texts)) : null;
        visits.push([
          h.id, h.village.code, visitedOn, visitors, met, QUESTIONNAIRE_V1.version, JSON.stringify(answers),
          description ?? r.pick(QUIET_FINDINGS), r.uuid(), recordedById,
        ]);
        if (finding) {
          const urgency = isSun ? "HIGH" : r.weighted([["HIGH", 20], ["MEDIUM", 55], ["LOW", 25]] as const);
          pendingProblems.push({
            visitIndex: visits.length - 1,
            row: [h.id, h.village.code, "VISIT", finding.category, description, urgency, "OPEN", visitedOn,
              isoFromDate(dueOnFor(visitedOn, urgency as keyof typeof RESOLUTION_DAYS)), recordedById],
          });
        }
      });
    }
    const visitIds = await reserveIds(client, "visit", visits.length);
    visits.forEach((v, i) => v.unshift(visitIds[i]));
    await bulkInsert(
      client, "visit",
      [["id", "int"], ["household_id", "int"], ["region_code", "varchar"], ["visited_on", "date"], ["visitors", "varchar"], ["people_met", "varchar"],
        ["questionnaire_version", "int"], ["answers", "jsonb"], ["findings", "varchar"], ["idempotency_key", "uuid"], ["recorded_by_id", "int"]],
      visits,
    );
    for (const p of pendingProblems) problems.push([visitIds[p.visitIndex], ...p.row]);
    await bulkInsert(
      client, "problem",
      [["visit_id", "int"], ["household_id", "int"], ["region_code", "varchar"], ["source", "problem_source"], ["category", "problem_category"],
        ["description", "varchar"], ["urgency", "urgency"], ["status", "problem_status"], ["found_on", "date"], ["due_on", "date"], ["created_by_id", "int"]],
      problems,
    );

    const summary: DemoSummary = {
      skipped: false, users: DEMO_USERS.length, households: households.length, members: memberRows.length,
      visits: visits.length, problems: problems.length,
    };
    await client.query(
      `insert into audit_log (actor_id, action, entity, after) values (null, 'seed.demo', 'system', $1)`,
      [JSON.stringify({ today, ...summary, skipped: undefined })],
    );
    await client.query("commit");
    return summary;
  } catch (e) {
    await client.query("rollback");
    throw e;
  }
}
