import { api } from "../../services/api";
import { stateOf } from "../../services/page-state";
import type { OpportunitySummary } from "../../shared/api-schemas";

/** 我的商机: each deal with its stage, days in stage, and a red mark when the stage is overdue. */
Component({
  data: { state: "loading", message: "", opportunities: [] as OpportunitySummary[] },
  methods: {
    onShow() {
      this.load();
    },
    async load() {
      this.setData({ state: "loading" });
      try {
        const { opportunities } = await api.opportunities();
        this.setData({
          state: opportunities.length ? "ready" : "empty",
          message: "还没有商机：在聊天里发「新商机 客户 金额」",
          opportunities,
        });
      } catch (error) {
        this.setData(stateOf(error));
      }
    },
    open(
      e: WechatMiniprogram.CustomEvent<
        Record<string, never>,
        Record<string, never>,
        { id: number }
      >,
    ) {
      wx.navigateTo({ url: `/pages/opportunity/detail?id=${e.currentTarget.dataset.id}` });
    },
  },
});
