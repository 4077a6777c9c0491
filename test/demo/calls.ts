/**
 * Two calls the phone system summarises during the demo morning, and what each rep answers when the
 * bot asks for the call's key conclusions. Times are +08:00 on the demo day.
 */
export const DEMO_CALLS = [
  {
    at: "10:50",
    callId: "demo-call-0001",
    repUserId: "zhangwei",
    customer: { name: "长三角乳业" },
    durationSec: 412,
    transcript:
      "销售：钱总您好，我是张伟，上次说的灌装线方案您看了吗？客户：看了，方案整体可以，" +
      "就是我们比较担心和现有的MES系统对接，吴工那边也有顾虑。预算大概80万左右，年底前要上线。" +
      "销售：明白，那我下周二前把对接方案发给您，再约吴工做一次技术交流。",
    conclusions: "钱总同意下周安排技术交流，吴工参加，重点讲MES对接",
    concludeAt: "10:58",
  },
  {
    at: "11:35",
    callId: "demo-call-0002",
    repUserId: "wangqiang",
    // The phone system knows only the number: Beat finds 台州汽配制造 through 杨主任's phone.
    customer: { phone: "+86 139 1234 5678" },
    durationSec: 268,
    summary:
      "客户杨主任反馈现在的供应商交期老拖，想换一家，需要一份200套的正式报价单，月底前要，" +
      "财务那边对付款方式有要求，希望月结60天。",
    conclusions: "答应周五前发报价单，付款方式回去申请一下",
    concludeAt: "11:41",
  },
];
