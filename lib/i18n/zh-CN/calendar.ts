/** Texts of the calendar pages and messages (Simplified Chinese). */
export const calendar = {
  // Validation and domain errors
  yearOutOfRange: "日期应在 {min} 年至 {max} 年之间",
  workdayNotWeekend: "调休上班日必须是周六或周日",
  holidayNotWeekday: "节假日应为工作日（周一至周五）：周六、周日本来就休息，无需登记",
  alreadyInCalendar: "该日期已在日历中（{name}）",
  notInCalendar: "该日期不在日历中，可能已被他人删除",
  // Kinds
  kinds: {
    HOLIDAY: "节假日",
    WORKDAY: "调休上班",
  },
  kindHints: {
    HOLIDAY: "周一至周五放假",
    WORKDAY: "周六或周日上班",
  },
  weekdays: ["周日", "周一", "周二", "周三", "周四", "周五", "周六"],
  monthDay: "{month}月{day}日",
  // Page
  title: "工作日历",
  subtitle:
    "审核确认时限按工作日计算：周一至周五为工作日。这里登记例外——周一至周五的法定节假日，以及周六、周日的调休上班日。",
  yearNav: "选择年份",
  yearLabel: "{year} 年",
  previousYear: "上一年",
  nextYear: "下一年",
  thisYear: "今年",
  summary: "{year} 年：节假日 {holidays} 天，调休上班 {workdays} 天",
  empty: "{year} 年的日历还没有登记任何节假日或调休上班日。请按国务院办公厅当年的节假日安排通知添加。",
  groupHolidays: "放假 {n} 天",
  groupWorkdays: "调休上班 {n} 天",
  jumpToAdd: "添加日期 ↓",
  added: "已添加：{date} {name}（{kind}）",
  removed: "已从日历中删除 {date}",
  // Add form
  addTitle: "添加日期",
  addHint: "按国务院办公厅关于节假日安排的通知逐日登记；周末放假的日子无需登记。",
  day: "日期",
  kind: "类型",
  name: "名称",
  nameHint: "如：国庆节；调休上班日如：国庆节调休上班",
  nameSuggestions: ["元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节"],
  workdaySuffix: "调休上班",
  addSubmit: "添加到日历",
  addPending: "正在添加…",
  // Remove
  remove: "删除",
  removeLabel: "删除 {date} {name}",
  removePending: "正在删除…",
  removeConfirm: "确定从日历中删除 {date}（{name}）吗？进行中的审核确认时限将按新的日历重新计算。",
} as const;
