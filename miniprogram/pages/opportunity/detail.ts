import { api } from "../../services/api";
import { stateOf } from "../../services/page-state";
import type { OpportunityDetailResponse } from "../../shared/api-schemas";
import { shanghaiTime } from "../../shared/words";

const EVENT_WORDS: Record<string, string> = {
  created: "新建",
  stage_moved: "推进",
  field_set: "填写",
  attachment_added: "上传",
  timeout: "超时",
  extension_requested: "申请延期",
  extension_granted: "批准延期",
  extension_refused: "未批准延期",
  handed_over: "转交",
  quote_submitted: "提交报价",
  quote_approved: "报价批准",
  quote_refused: "报价未批准",
};

/** 商机详情: the stage timeline, the current gate's checklist, and the history. */
Component({
  data: {
    id: 0,
    state: "loading",
    message: "",
    detail: null as OpportunityDetailResponse | null,
    history: [] as { when: string; what: string; by: string }[],
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ id: Number(query.id) });
      this.load();
    },
    async load() {
      this.setData({ state: "loading" });
      try {
        const detail = await api.opportunity(this.data.id as number);
        this.setData({
          state: "ready",
          detail,
          history: detail.history.map((e) => ({
            when: shanghaiTime(e.at),
            what: `${EVENT_WORDS[e.kind] ?? e.kind}${e.detail.label ? ` ${String(e.detail.label)}` : ""}${e.detail.toName ? ` → ${String(e.detail.toName)}` : ""}`,
            by: e.by,
          })),
        });
      } catch (error) {
        this.setData(stateOf(error));
      }
    },
    fill() {
      wx.navigateTo({ url: `/pages/stage-form/index?id=${this.data.id}` });
    },
    quote() {
      wx.navigateTo({ url: `/pages/quote/index?id=${this.data.id}` });
    },
    customer() {
      const detail = this.data.detail as OpportunityDetailResponse | null;
      if (detail)
        wx.navigateTo({ url: `/pages/customer/detail?id=${detail.opportunity.customerId}` });
    },
  },
});
