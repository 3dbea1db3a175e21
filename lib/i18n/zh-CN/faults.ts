/**
 * 故障: what a user reads when something fails that is not their doing — the database
 * unreachable for a moment, or an error nobody expected (issue 12). Never English, never a stack.
 */
export const faults = {
  unavailableTitle: "服务暂时不可用",
  unavailable: "系统暂时连接不上数据库，可能正在重启或维护，通常一两分钟即可恢复。请稍后点击“重试”。",
  unavailableForm: "服务暂时不可用，本次提交没有保存。您填写的内容仍保留在表单中，请稍等片刻后再次提交。",
  unavailableLogin: "服务暂时不可用，暂时无法登录。请稍等片刻后再试；这不是用户名或密码的问题。",
  unavailableApi: "服务暂时不可用（数据库无法连接），请稍后重试。",
  unexpectedTitle: "页面出错了",
  unexpected: "页面加载失败，请点击“重试”。如果问题持续，请联系系统管理员。",
  retry: "重试",
  retrying: "正在重试…",
  backHome: "返回首页",
  reference: "参考编号：{digest}",
  referenceHint: "联系管理员时请提供此编号。",
} as const;
