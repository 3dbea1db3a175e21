/** 先行救助 already paid for a household, on an application's page (issue 15, decision 026). */
export const advances = {
  paidTitle: "已为该户支付的临时救助",
  paidHint: "自受理前 {days} 天起为该户支付的临时救助，以及与本申请关联的先行救助。",
  none: "受理前 {days} 天内及办理期间尚未为该户支付临时救助。",
  item: "¥{amount} · {date} · {category}问题 · {kind}",
  advance: "先行救助",
  conference: "一事一议",
  linked: "本申请",
  reversed: "已冲正",
  covered: "该户已于 {date} 获急难型临时救助 ¥{amount}（救助 #{id}），同一急难不重复先行救助。",
  alreadyPaid: "该户已于 {date} 获急难型临时救助 ¥{amount}（救助 #{id}），不能重复支付先行救助。",
} as const;
