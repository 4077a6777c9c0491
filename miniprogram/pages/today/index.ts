import { api } from "../../services/api";
import { stateOf } from "../../services/page-state";
import type { RedDotItem } from "../../shared/api-schemas";

/** 今日红点: the rep's open red dots, most urgent first; each opens what it is about. */
Component({
  data: { state: "loading", message: "", total: 0, redDots: [] as RedDotItem[] },
  methods: {
    onShow() {
      this.load();
    },
    async load() {
      this.setData({ state: "loading" });
      try {
        const today = await api.today();
        this.setData({
          state: today.redDots.length ? "ready" : "empty",
          message: "今天没有红点，全部按时",
          total: today.total,
          redDots: today.redDots,
        });
      } catch (error) {
        this.setData(stateOf(error));
      }
    },
    open(
      e: WechatMiniprogram.CustomEvent<
        Record<string, never>,
        Record<string, never>,
        { index: number }
      >,
    ) {
      const dot = (this.data.redDots as RedDotItem[])[Number(e.currentTarget.dataset.index)];
      if (dot?.opportunityId)
        wx.navigateTo({ url: `/pages/opportunity/detail?id=${dot.opportunityId}` });
      else if (dot?.customerId)
        wx.navigateTo({ url: `/pages/customer/detail?id=${dot.customerId}` });
    },
  },
});
