/** Texts of the transfers pages and messages (Simplified Chinese). */
export const transfers = {
  // Refusals
  unknownDepartment: "未知的部门",
  dueInPast: "期限不能早于今天",
  alreadyTransferred: "该问题已转交其他部门，请等待部门答复。",
  alreadyAccepted: "该转交已受理。",
  alreadyAnswered: "该转交已有答复，不能重复答复。",

  status: {
    SENT: "待受理",
    ACCEPTED: "已受理",
    RESOLVED: "部门已解决",
    RETURNED: "部门退回",
  },
  outcome: {
    RESOLVED: "已解决",
    RETURNED: "退回",
  },
  outcomeHints: {
    RESOLVED: "问题由该部门解决，问题结案（转交部门解决）。",
    RETURNED: "该部门无法办理，问题回到“待解决”，由民政重新选择解决方式。",
  },

  // List
  listTitle: "转交部门",
  listSubtitle: "转交医保、社保、教育等部门办理的问题，跟踪至部门答复",
  listSubtitleDepartment: "{department} · 转交给本部门的问题",
  filterLabel: "显示",
  filters: { open: "待办", overdue: "已逾期", all: "全部" },
  empty: "没有符合条件的转交。",
  overdue: "逾期",
  overdueDays: "已逾期 {days} 天",
  dueOn: "期限：{date}",
  sentOn: "转交：{date}",
  answeredOn: "答复：{date}",

  // Detail
  detailTitle: "转交 #{id}",
  department: "承办部门",
  request: "转交事项",
  requestHint: "写明需要该部门办理的事项和已掌握的情况",
  dueOnLabel: "办理期限",
  problem: "问题",
  problemStatus: "问题状态",
  household: "家庭",
  address: "住址",
  phone: "联系电话",
  openHousehold: "查看家庭档案",
  foundOn: "发现于 {date}",
  sentBy: "转交人",
  answer: "部门答复",
  answerHint: "办理结果、政策依据或退回原因",
  answeredBy: "答复人：{name}",
  noAnswer: "部门尚未答复。",
  history: "办理记录",
  otherTransfers: "该问题的其他转交",
  events: {
    "transfer.create": "{name} 转交给{department}",
    "transfer.accept": "{name} 受理",
    "transfer.resolve": "{name} 答复：已解决",
    "transfer.return": "{name} 答复：退回",
  },
  someone: "系统",

  // Actions
  accept: "受理",
  accepting: "正在受理…",
  acceptHint: "受理后请在期限内办理并答复。",
  answerTitle: "录入部门答复",
  answerOnBehalf: "由民政干部代部门录入答复。",
  outcomeLabel: "办理结果",
  outcomeRequired: "请选择办理结果",
  submitAnswer: "提交答复",
  submittingAnswer: "正在提交…",

  // The transfer form (embedded in the problem page)
  formTitle: "转交其他部门",
  chooseDepartment: "请选择部门",
  submitTransfer: "转交",
  submittingTransfer: "正在转交…",

  // Flash messages after a redirect
  saved: {
    transferred: "问题已转交，等待部门受理。",
    accepted: "已受理，请在期限内办理并答复。",
    resolved: "答复已提交，问题已解决。",
    returned: "已退回，问题回到待解决。",
  },
} as const;
