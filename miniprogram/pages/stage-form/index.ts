import { api } from "../../services/api";
import { ApiError, type GateItem } from "../../services/api-error";
import { clearDraft } from "../../services/drafts";
import { stateOf } from "../../services/page-state";
import type { StageFormResponse } from "../../shared/api-schemas";

/**
 * 阶段表单: the current stage's form. Submitting saves the fields and moves the deal on; when the gate
 * still misses something (a file not uploaded yet, say), the page shows exactly what.
 */
Component({
  data: {
    id: 0,
    state: "loading",
    message: "",
    form: null as StageFormResponse | null,
    gate: [] as GateItem[],
    moved: "",
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ id: Number(query.id) });
      this.load();
    },
    async load() {
      this.setData({ state: "loading" });
      try {
        this.setData({ state: "ready", form: await api.stageForm(this.data.id as number) });
      } catch (error) {
        this.setData(stateOf(error));
      }
    },
    async onSubmit(e: WechatMiniprogram.CustomEvent<{ values: Record<string, unknown> }>) {
      const form = this.data.form as StageFormResponse;
      this.setData({ gate: [], message: "" });
      try {
        await api.submitFields(form.opportunityId, e.detail.values);
        clearDraft(form.opportunityId, form.stage.key);
        if (form.nextStage) {
          await api.move(form.opportunityId, form.nextStage.key);
          this.setData({ moved: form.nextStage.name });
        }
      } catch (error) {
        if (error instanceof ApiError && error.kind === "gate") {
          this.setData({ gate: error.missing });
          return;
        }
        this.setData(stateOf(error));
      }
    },
  },
});
