/**
 * Messages of the input rules every form shares (lib/validation.ts, lib/form-data.ts,
 * lib/action.ts): the global zod error map, control characters, strict amounts, date bounds.
 */
export const input = {
  // The global zod error map: what a schema says when it sets no message of its own.
  invalidType: "格式不正确",
  notANumber: "请输入有效数字",
  notAWholeNumber: "请输入整数",
  notAList: "格式不正确，请重新填写",
  notText: "请填写文字",
  tooBigNumber: "不能大于 {max}",
  tooSmallNumber: "不能小于 {min}",
  mustBeAbove: "必须大于 {min}",
  tooManyItems: "最多 {max} 项",
  tooFewItems: "至少 {min} 项",
  badFormat: "格式不正确",
  staleForm: "表单已失效，请刷新页面后重新填写",
  unknownFields: "表单包含无法识别的内容，请刷新页面后重新填写",
  // Characters
  controlCharacters: "含有不可见的控制字符，请删除后重新输入",
  lineBreaks: "此项只能填写一行，请删除换行或制表符",
  bidiCharacters: "含有改变文字方向的特殊字符，请删除后重新输入",
  invisibleOnly: "请填写此项（不能只含空格或不可见字符）",
  badFieldName: "提交的表单无法识别，请刷新页面后重新填写。",
  // Amounts
  amountSeparators: "金额只能填写数字和一个小数点，不要加逗号、空格或货币符号，如 1234.50",
  amountSign: "金额不能带正负号",
  amountExponent: "金额不能用科学计数法，请直接填写数字，如 1234.50",
  amountTooLarge: "金额不能超过 {max} 元",
  incomeTooLarge: "月收入不能超过 {max} 元",
  // Dates and months
  dateTooEarly: "日期不能早于 {min}",
  dateTooLate: "日期不能晚于 {max}",
  invalidMonth: "请输入有效月份（年-月），如 2026-03",
  monthOutOfRange: "月份应在 {min} 至 {max} 之间",
  // Numbers typed as text
  wholeNumberOnly: "请只填写数字",
  ratioFormat: "请填写数字，如 1.5",
  // Households
  tooManyMembers: "一户最多登记 {max} 名成员",
  idTooLong: "身份证号应为 18 位，您输入了 {length} 位",
} as const;
