/** A realistic morning of what three reps type to the bot, in the order they send it (times +08:00). */
export const MORNING_CHATS: { at: string; from: string; text: string }[] = [
  {
    at: "08:42",
    from: "zhangwei",
    text: "拜访了华东某食品王总，客户说价格太高要对比三家，下周三前给报价",
  },
  {
    at: "08:55",
    from: "lina",
    text: "江南精密机械李工来电，问我们的设备参数能不能兼容他们现有的产线，担心稳定性",
  },
  { at: "09:10", from: "wangqiang", text: "绍兴纺织印染蒋厂长同意下周安排技术交流，沈工会参加" },
  { at: "09:31", from: "zhangwei", text: "长三角乳业钱总说预算今年已经定了，明年再看看" },
  { at: "09:47", from: "lina", text: "常州新能源电池褚采购要一份正式报价单，数量 20 台，月底前要" },
  { at: "10:05", from: "wangqiang", text: "温州阀门集团韩采购说现在的供应商用得还行，暂时不换" },
  {
    at: "10:30",
    from: "zhangwei",
    text: "沪西冷链物流孙主管反馈样机运行正常，想了解付款方式能不能分三期",
  },
  { at: "11:12", from: "lina", text: "姑苏电子科技郑经理说要等老板批，下周再联系" },
];

/** Earlier in the week, so that the next morning has something overdue (days before the demo day). */
export const EARLIER_CHATS: { daysAgo: number; at: string; from: string; text: string }[] = [
  { daysAgo: 3, at: "14:20", from: "zhangwei", text: "沪西冷链物流孙主管说价格太高，要对比三家" },
  { daysAgo: 2, at: "16:05", from: "lina", text: "姑苏电子科技郑经理要一份报价单，说下周内要" },
  {
    daysAgo: 2,
    at: "17:30",
    from: "wangqiang",
    text: "宁波港机配件卫经理说现在的供应商交期老拖，想看看我们的方案",
  },
];
