/**
 * 同步: what the visit sync endpoint answers a phone that comes back online (issue 13). Per item,
 * so one refused visit never holds back the others.
 */
export const sync = {
  signInAgain: "登录已过期，请重新登录后再同步；待同步的走访记录仍保存在本机。",
  forbidden: "您的账号没有记录走访的权限。",
  badOrigin: "请求来源不正确，已拒绝（跨站请求）。",
  badContentType: "请以 JSON 格式提交（Content-Type: application/json）。",
  tooLarge: "一次提交的内容过大，请分批同步（每批最多 {max} 条）。",
  badBody: "提交的内容无法识别：应为 {\"visits\": [ … ]}，每批 1–{max} 条。",
  notFound: "该家庭不存在或不在您的辖区内，未保存。",
  retryLater: "暂时无法保存，请稍后重试（这条走访仍在待同步列表中）。",
} as const;
