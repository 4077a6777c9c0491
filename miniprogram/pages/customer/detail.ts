import { api } from "../../services/api";
import { stateOf } from "../../services/page-state";
import type { CustomerResponse } from "../../shared/api-schemas";
import { shanghaiTime } from "../../shared/words";

const SOURCE_WORDS: Record<string, string> = {
  chat: "聊天",
  call_summary: "电话",
  visit: "拜访",
  form: "表单",
};

/** 客户详情: the record, what is open on it, and each interaction with its tags and their phrases. */
Component({
  data: {
    id: 0,
    state: "loading",
    message: "",
    customer: null as CustomerResponse | null,
    interactions: [] as (CustomerResponse["interactions"][number] & {
      when: string;
      sourceWord: string;
    })[],
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ id: Number(query.id) });
      this.load();
    },
    async load() {
      this.setData({ state: "loading" });
      try {
        const customer = await api.customer(this.data.id as number);
        this.setData({
          state: "ready",
          customer,
          interactions: customer.interactions.map((i) => ({
            ...i,
            when: shanghaiTime(i.at),
            sourceWord: SOURCE_WORDS[i.source] ?? i.source,
          })),
        });
      } catch (error) {
        this.setData(stateOf(error));
      }
    },
  },
});
