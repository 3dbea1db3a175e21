/**
 * The words a generated province is made of: names, what visits find, what departments answer.
 * Content (data), not interface text: the same kind of strings the demo seed writes
 * (prisma/seed/demo.ts), so generated records read like the demo's. Pure; used by province.ts.
 */

/** Common surnames, most frequent first; picked with a bias towards the front, as in real life. */
export const SURNAMES = [..."王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段钱汤尹黎易常武乔贺赖龚文关佟"];

/** Given-name characters: [first, second] pools by sex and generation (born before 1975 or after). */
export const GIVEN = {
  oldMale: [[..."建国志永德振福长宝庆海玉广春明文立成树金凤洪"], [..."国军强刚明华生林山平民成祥良发财贵忠义才"]],
  oldFemale: [[..."秀淑桂玉凤丽素春金红冬亚晓艳"], [..."英兰珍芳华琴霞梅云荣杰娟敏丽萍"]],
  youngMale: [[..."浩子宇俊梓博一天嘉晨思明文睿鑫振家"], [..."轩然涵宇杰辰泽航豪博阳霖鹏磊伟"]],
  youngFemale: [[..."欣梓雨佳思诗可梦一语晓雅婷"], [..."涵萱怡琪彤琳妍瑶然悦婷雪莹"]],
} as const;

/** What a visit that finds a problem answered, and how the caseworker described it. */
export type Finding = {
  category: string;
  /** The household trait the finding needs ("" = any household). */
  needs: "" | "working" | "student" | "elderly" | "disabled" | "young";
  /** The questionnaire answer that reveals it (kept only if the active questionnaire asks it). */
  answer: [key: string, value: string];
  texts: string[];
};

export const FINDINGS: Finding[] = [
  { category: "BASIC_LIVING", needs: "", answer: ["incomeChange", "decreased"], texts: ["家庭收入下降，基本生活困难，需评估救助水平", "冬季取暖费用负担重，基本生活困难"] },
  { category: "MEDICAL", needs: "", answer: ["health", "heavyCost"], texts: ["家庭成员住院治疗，自付医疗费用负担重，需医疗救助", "慢性病长期服药，医疗费用负担重"] },
  { category: "MEDICAL", needs: "", answer: ["health", "newIllness"], texts: ["家庭成员新患重病，需申请医疗救助和临时救助", "户主突发疾病住院，家中无人照应"] },
  { category: "HOUSING", needs: "", answer: ["housing", "risk"], texts: ["房屋年久失修，屋顶漏雨，存在安全隐患", "房屋墙体开裂，需危房鉴定"] },
  { category: "EMPLOYMENT", needs: "working", answer: ["incomeChange", "lostJob"], texts: ["家庭成员近期失业，收入明显减少，需就业帮扶", "务工收入中断，家庭生活困难，希望推荐公益性岗位"] },
  { category: "SCHOOLING", needs: "student", answer: ["schooling", "costBurden"], texts: ["子女学费、生活费困难，需教育救助", "高中学生住宿费困难，申请助学金"] },
  { category: "ELDERLY_CARE", needs: "elderly", answer: ["careNeeds", "unmet"], texts: ["高龄老人行动不便，无人照料，需居家养老服务", "老人独居，需助洁、助餐服务"] },
  { category: "DISABILITY", needs: "disabled", answer: ["careNeeds", "unmet"], texts: ["重度残疾人缺乏照护，需申请护理补贴", "残疾人辅具损坏，需协调残联更换"] },
  { category: "CHILD_CARE", needs: "young", answer: ["careNeeds", "unmet"], texts: ["儿童放学后无人照料，需协调社区托管", "未成年人监护缺失，需评估是否为事实无人抚养儿童"] },
];

/** What a visit that found nothing new records. */
export const QUIET_FINDINGS = [
  "家庭情况稳定，救助金按时发放",
  "生活基本稳定，已宣讲最新救助政策",
  "家中整洁，身体状况平稳",
  "收入无明显变化，无新增困难",
  "已核实家庭人口和收入情况，无变化",
  "老人身体尚可，子女定期探望",
  "已提醒按时参加低保年审",
];

/** Requests households voice on a visit (the questionnaire's free-text question). */
export const REQUESTS = ["希望了解医疗救助报销政策", "希望增加取暖补贴", "咨询残疾人两项补贴办理", "希望帮助孩子申请助学金", "询问低保年审材料"];

/** Answers on a quiet visit, per question of the campaign's questionnaire: [value, weight]. */
export const QUIET_ANSWERS: Record<string, [string, number][]> = {
  incomeChange: [["none", 90], ["increased", 7], ["decreased", 3]],
  health: [["stable", 92], ["heavyCost", 8]],
  schooling: [["na", 60], ["ok", 40]],
  housing: [["safe", 100]],
  careNeeds: [["none", 60], ["met", 40]],
  policyAwareness: [["good", 60], ["partial", 30], ["none", 10]],
  livingChange: [["none", 80], ["better", 12], ["worse", 8]],
  mood: [["good", 70], ["fair", 25], ["low", 5]],
};

/** Reported outside a visit: by a grid worker, on the hotline, or at the township office. */
export const REPORTERS = {
  GRID: ["网格员", "社区网格员", "村网格员"],
  HOTLINE: ["12345热线", "民政服务热线", "12349养老服务热线"],
  HOUSEHOLD: ["户主本人", "家属", "邻居代为反映"],
} as const;

/** Which department a transfer of each problem category goes to (as prisma/seed/resolutions.ts). */
export const DEPARTMENT_FOR: Record<string, string> = {
  MEDICAL: "MEDICAL_INSURANCE",
  SCHOOLING: "EDUCATION",
  HOUSING: "HOUSING",
  EMPLOYMENT: "HUMAN_RESOURCES",
  DISABILITY: "DISABLED_FEDERATION",
  ELDERLY_CARE: "SOCIAL_INSURANCE",
  BASIC_LIVING: "HEALTH",
  CHILD_CARE: "EDUCATION",
  OTHER: "HEALTH",
};

/** What civil affairs asks the department, by department. */
export const TRANSFER_REQUESTS: Record<string, string> = {
  MEDICAL_INSURANCE: "请协助办理医疗救助和大病保险报销，落实“一站式”结算",
  SOCIAL_INSURANCE: "请核实养老保险待遇并协助办理居家养老服务补贴",
  EDUCATION: "请按教育救助政策落实助学金和学费减免",
  HEALTH: "请安排家庭医生签约随访，协助解决就医困难",
  HOUSING: "请组织危房鉴定，符合条件的纳入危房改造",
  HUMAN_RESOURCES: "请推荐就业岗位或公益性岗位，落实就业帮扶",
  DISABLED_FEDERATION: "请协助办理残疾人两项补贴和辅具适配",
};

/** The department's answer when it resolved the transfer, by department. */
export const TRANSFER_ANSWERS: Record<string, string> = {
  MEDICAL_INSURANCE: "已办理医疗救助“一站式”结算，报销款已拨付",
  SOCIAL_INSURANCE: "已核定待遇，居家养老服务补贴自下月起发放",
  EDUCATION: "已落实助学金，学费按政策减免",
  HEALTH: "已安排家庭医生签约并定期随访",
  HOUSING: "已完成危房鉴定，纳入本年度危房改造计划",
  HUMAN_RESOURCES: "已推荐公益性岗位，本人已上岗",
  DISABLED_FEDERATION: "已办理残疾人两项补贴，辅具已更换",
};

export const TRANSFER_RETURNED = "经核实不属于本部门职责范围，请转交相关部门办理";

/** Tier 1: what civil affairs did at once, by problem category. */
export const IMMEDIATE_RESOLUTIONS: Record<string, string> = {
  BASIC_LIVING: "民政部门当场发放米面油和取暖物资，落实低保金按时发放",
  MEDICAL: "协助办理医疗救助“一站式”结算，联系家庭医生定期随访",
  HOUSING: "协调社区修缮漏雨屋顶，排除用电安全隐患",
  ELDERLY_CARE: "链接居家养老服务，安排助洁、助浴、代购",
  CHILD_CARE: "落实儿童督导员定期探访，协调学校关爱",
  DISABILITY: "协助申请残疾人护理补贴，链接志愿者定期上门",
  EMPLOYMENT: "推荐就业信息，协助办理失业登记",
  SCHOOLING: "宣讲教育救助政策，协助准备助学金申请材料",
  OTHER: "民政干部现场宣讲政策并协助办理相关手续",
};

export const AID_REASONS = {
  EMERGENCY: "家庭遭遇突发困难，经走访核实确需临时救助",
  EXPENDITURE: "医疗等刚性支出过大，基本生活出现严重困难",
} as const;

export const CONFERENCE = {
  participants: "乡镇民政办、村（社区）书记、网格员",
  minutes: "经集体研究，一致同意给予临时救助，报区县民政局签批",
  signOff: "同意",
  rejected: "经核实已享受同类救助，不予批准",
} as const;

export const TOP_UP_NOTES = {
  CITY_FUND: "市级财政拨付社会救助资金",
  TOWNSHIP_RESERVE: "区县拨付乡镇临时救助备用金",
} as const;
export const REVERSAL_NOTE = "金额录入有误，冲正";

export const APPLICATION_TEXTS = {
  grant: "家庭人均收入低于当地标准，符合条件",
  refuse: "家庭人均收入高于当地标准，不符合条件",
  approve: "经公示无异议，予以确认",
  refuseDecision: "经审核不符合条件，不予确认，已书面告知理由",
  objectionBy: "村民",
  objection: "反映该户有家庭成员在外务工，收入未如实申报",
  waived: "经入户核实，免于提供",
} as const;
