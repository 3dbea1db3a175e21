/**
 * The OpenAPI 3.1 description of the data-exchange API (served at /api/v1/openapi.json), written
 * by hand next to the code it describes: lib/dashboard/types.ts (roll-ups), ./roster.ts (roster),
 * ./schema.ts (parameters) and ./http.ts (authentication and errors). The integration tests check
 * real answers against these schemas, so a field added on one side and not the other fails there.
 */
import { MAX_MONTHS } from "@/lib/dashboard/schema";
import { MAX_TOKEN_DAYS, ROSTER_DEFAULT_PAGE_SIZE, ROSTER_MAX_PAGE_SIZE } from "./schema";

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const int = (description?: string) => ({ type: "integer", minimum: 0, ...(description ? { description } : {}) });
const str = (description?: string, extra: Record<string, unknown> = {}) => ({ type: "string", ...(description ? { description } : {}), ...extra });
const money = (description: string) => str(`${description}（元，两位小数的十进制字符串）`, { pattern: "^-?\\d+\\.\\d{2}$", examples: ["1200.00"] });
const month = (description: string) => str(description, { pattern: "^\\d{4}-(0[1-9]|1[0-2])$", examples: ["2026-01"] });
/** An object whose listed properties are all present. */
const object = (properties: Record<string, unknown>, description?: string) => ({
  type: "object",
  ...(description ? { description } : {}),
  required: Object.keys(properties),
  properties,
  additionalProperties: false,
});

const TIERS = ["IMMEDIATE", "TRANSFER", "TEMP_AID"];
const STAGES = ["ACCEPTED", "PROPOSED", "IN_PUBLICITY", "APPROVED", "REFUSED"];
const APPLICATION_TYPES = ["DIBAO", "TEKUN", "DIBAO_EDGE"];
const RELATIONS = ["HEAD", "SPOUSE", "CHILD", "PARENT", "GRANDCHILD", "GRANDPARENT", "SIBLING", "OTHER"];

const errorResponse = (description: string) => ({
  description,
  content: { "application/json": { schema: ref("Error") } },
});

const commonErrors = {
  "400": { description: "参数有误：`error` 说明原因，`fields` 按参数列出各条提示", content: { "application/json": { schema: ref("ParamsError") } } },
  "401": {
    ...errorResponse("缺少令牌、令牌无效、已过期或已吊销"),
    headers: { "WWW-Authenticate": { schema: { type: "string" }, description: "Bearer realm=\"nuanxin\"" } },
  },
  "403": errorResponse("所请求的地区不在令牌所属地区之内"),
  "404": errorResponse("地区代码不存在"),
  "429": {
    ...errorResponse("调用过于频繁：每个令牌、每个来源地址每分钟的调用次数有上限"),
    headers: { "Retry-After": { schema: { type: "integer" }, description: "几秒后可以再次调用" } },
  },
  "500": errorResponse("服务器内部错误"),
  "503": {
    ...errorResponse("服务暂时不可用（数据库无法连接），稍后重试；不留审计记录，也不返回数据"),
    headers: { "Retry-After": { schema: { type: "integer" }, description: "几秒后可以再次调用" } },
  },
};

const regionParam = (pattern: string, description: string) => ({
  name: "region",
  in: "query",
  required: false,
  description,
  schema: { type: "string", pattern },
});

const figures = {
  staffActive: int("范围内至少录入一次走访的工作人员数（每人只计一次）"),
  householdsVisited: int("范围内走访的家庭数（每户只计一次）"),
  visits: int("走访次数"),
  questionnaires: int("填写了问卷的走访次数"),
  rosterRegistered: int("当前：纳入每月走访名册的家庭数（类别不为“未纳入”）"),
  rosterVisited: int("本月（`today` 所在月）已走访的名册家庭数"),
  problemsFound: int("发现的问题数"),
  resolved: object(Object.fromEntries(TIERS.map((k) => [k, int()])), "范围内解决的问题数，按解决方式：IMMEDIATE 即时解决，TRANSFER 转交部门，TEMP_AID 临时救助"),
  resolvedTotal: int("范围内解决的问题总数"),
  transfersSent: int("转交部门的问题数"),
  transfersOverdue: int("当前：已超过答复期限仍未办结的转交"),
  aidAmount: money("范围内发放的临时救助金额（已扣除冲销）"),
  aidPayments: int("临时救助发放笔数"),
  applications: int("范围内受理的申请数"),
  approved: int("范围内审核确认通过数"),
  refused: int("范围内不予确认数"),
  decisionWorkingDays: int("范围内作出决定的申请所用工作日之和（平均 = 本值 ÷ (approved + refused)）"),
  publicityRunning: int("当前：正在公示的申请数"),
};

const regionRef = object({
  code: str("地区代码"),
  name: str("地区名称"),
  level: { type: "integer", enum: [1, 2, 3, 4], description: "1 省，2 市，3 县（区），4 乡镇（街道）" },
});

/** The roster's region: any level down to a village, named in full (盘锦市双台子区建设街道). */
const rosterRegion = object({
  code: str("地区代码"),
  name: str("地区全称"),
  level: { type: "integer", enum: [1, 2, 3, 4, 5], description: "1 省，2 市，3 县（区），4 乡镇（街道），5 村（社区）" },
});

export const openApiDocument = {
  openapi: "3.1.0",
  info: {
    title: "暖心 · 数据交换接口",
    version: "1.0.0",
    description: [
      "供省大数据监督平台等外部系统读取的只读 JSON 接口：某地区在若干月份内的统计汇总，以及低保、特困家庭名册（姓名、身份证号脱敏）。",
      "",
      "**认证**：系统管理员在“接口令牌”页面签发令牌（限定一个地区，有效期最长 " + MAX_TOKEN_DAYS + " 天，可随时吊销），调用时放在请求头 `Authorization: Bearer <令牌>` 中。令牌只能读取其所属地区及下级地区。",
      "",
      "**审计**：每次调用（包括被拒绝的调用）都记入系统审计日志。",
      "",
      "**错误**：返回 JSON `{\"error\": \"…\"}`，说明为中文。",
    ].join("\n"),
  },
  servers: [{ url: "/api/v1" }],
  security: [{ bearerToken: [] }],
  paths: {
    "/rollups": {
      get: {
        operationId: "getRollups",
        summary: "统计汇总",
        description: "一个地区（及其下一级各地区）在月份范围内的各项统计，以及按月趋势、按部门的转交、按资金的临时救助和按阶段的申请。统计按自然月（北京时间）汇总；标为“当前”的指标按 `today` 当日计。",
        parameters: [
          regionParam("^(\\d{2}|\\d{4}|\\d{6}|\\d{9})$", "地区代码：省 2 位、市 4 位、县（区）6 位、乡镇（街道）9 位。默认为令牌所属地区。"),
          { name: "from", in: "query", required: false, description: "开始月份（含），默认为 `to` 所在年（或今年）的 1 月", schema: month("YYYY-MM") },
          { name: "to", in: "query", required: false, description: `结束月份（含），默认为本月；范围最长 ${MAX_MONTHS} 个月`, schema: month("YYYY-MM") },
        ],
        responses: {
          "200": { description: "统计汇总", content: { "application/json": { schema: ref("Dashboard") } } },
          ...commonErrors,
        },
      },
    },
    "/roster": {
      get: {
        operationId: "getRoster",
        summary: "低保、特困家庭名册",
        description: "地区内类别为低保或特困的家庭，按家庭编号排序分页。户主和成员姓名、身份证号均已脱敏，接口不提供完整身份证号。",
        parameters: [
          regionParam("^(\\d{2}|\\d{4}|\\d{6}|\\d{9}|\\d{12})$", "地区代码：省、市、县（区）、乡镇（街道）或村（社区，12 位）。默认为令牌所属地区。"),
          { name: "category", in: "query", required: false, description: "DIBAO 低保，TEKUN 特困；省略则两类都返回", schema: { type: "string", enum: ["DIBAO", "TEKUN"] } },
          { name: "page", in: "query", required: false, description: "页码，从 1 开始", schema: { type: "integer", minimum: 1, default: 1 } },
          {
            name: "pageSize",
            in: "query",
            required: false,
            description: `每页户数，最多 ${ROSTER_MAX_PAGE_SIZE}`,
            schema: { type: "integer", minimum: 1, maximum: ROSTER_MAX_PAGE_SIZE, default: ROSTER_DEFAULT_PAGE_SIZE },
          },
        ],
        responses: {
          "200": { description: "名册的一页", content: { "application/json": { schema: ref("Roster") } } },
          ...commonErrors,
        },
      },
    },
  },
  components: {
    securitySchemes: {
      bearerToken: {
        type: "http",
        scheme: "bearer",
        description: "管理员签发的接口令牌（形如 `nx_` 加 43 个字符），限定地区、有效期，可吊销",
      },
    },
    schemas: {
      Error: object({ error: str("错误说明（中文）") }),
      ParamsError: object({
        error: str("错误说明（中文）"),
        fields: { type: "object", description: "参数名 → 提示", additionalProperties: { type: "array", items: { type: "string" } } },
      }),
      RegionRef: regionRef,
      Figures: object(figures, "一个地区在月份范围内的指标"),
      RegionFigures: object({ ...figures, region: ref("RegionRef") }, "下一级地区的指标"),
      TrendPoint: object({
        month: month("月份"),
        householdsVisited: int("当月走访的家庭数"),
        visits: int(),
        questionnaires: int(),
        problemsFound: int(),
        resolvedTotal: int(),
        aidAmount: money("当月临时救助金额"),
      }),
      TransferRow: object({
        departmentCode: str("部门代码"),
        departmentName: str("部门名称"),
        sent: int("范围内转交数"),
        resolved: int("范围内办结数"),
        returned: int("范围内退回数"),
        open: int("当前未办结"),
        overdue: int("当前已超期"),
      }),
      FundRow: object({
        kind: { type: "string", enum: ["CITY_FUND", "TOWNSHIP_RESERVE"], description: "CITY_FUND 市级临时救助资金，TOWNSHIP_RESERVE 乡镇备用金" },
        amount: money("金额"),
        payments: int("笔数"),
      }),
      StageRow: object({
        type: { type: "string", enum: APPLICATION_TYPES },
        stage: { type: "string", enum: STAGES },
        count: int(),
      }, "范围内受理的申请，按类别和当前阶段"),
      Dashboard: object({
        region: ref("RegionRef"),
        breadcrumb: {
          type: "array",
          description: "从省到本地区的路径",
          items: object({ code: str(), name: str(), level: { type: "integer" }, linkable: { type: "boolean" } }),
        },
        range: object({ from: month("开始月份（含）"), to: month("结束月份（含）") }),
        today: str("“当前”指标所依据的日期（北京时间）", { format: "date" }),
        totals: ref("Figures"),
        children: { type: "array", description: "下一级各地区（乡镇没有下一级，为空数组）", items: ref("RegionFigures") },
        trend: { type: "array", description: "范围内每月一项", items: ref("TrendPoint") },
        transfers: { type: "array", items: ref("TransferRow") },
        aidByFund: { type: "array", items: ref("FundRow") },
        applicationsByStage: { type: "array", items: ref("StageRow") },
      }),
      RosterMember: object({
        relation: { type: "string", enum: RELATIONS, description: "与户主关系" },
        name: str("姓名（脱敏，如 孙*华）"),
        idNumberMasked: str("身份证号（脱敏：仅保留前 6 位地区码；完整号码加密存储，接口不提供）", { pattern: "^\\d{6}\\*{12}$", examples: ["211102************"] }),
      }),
      RosterHousehold: object({
        id: { type: "integer", description: "家庭编号" },
        region: object({ code: str("村（社区）代码"), name: str("村（社区）全称") }),
        category: { type: "string", enum: ["DIBAO", "TEKUN"] },
        headName: str("户主姓名（脱敏）"),
        memberCount: int("家庭人口数"),
        members: { type: "array", items: ref("RosterMember") },
        register: {
          description: "低收入人口信息库中当前的登记期（经审核确认纳入的家庭才有）",
          oneOf: [
            { type: "null" },
            object({
              category: { type: "string", enum: APPLICATION_TYPES },
              monthlyAmount: { oneOf: [{ type: "null" }, money("月保障金额")] },
              fromMonth: month("起始月份"),
            }),
          ],
        },
      }),
      Roster: object({
        region: rosterRegion,
        category: { oneOf: [{ type: "null" }, { type: "string", enum: ["DIBAO", "TEKUN"] }], description: "所筛选的类别；null 表示两类都有" },
        page: { type: "integer", minimum: 1 },
        pageSize: { type: "integer", minimum: 1, maximum: ROSTER_MAX_PAGE_SIZE },
        total: int("符合条件的家庭总数"),
        pages: { type: "integer", minimum: 1 },
        households: { type: "array", items: ref("RosterHousehold") },
      }),
    },
  },
} as const;
