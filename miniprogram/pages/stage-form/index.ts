import { api } from "../../services/api";
import { ApiError, describeError, type GateItem } from "../../services/api-error";
import { clearDraft } from "../../services/drafts";
import { stateOf } from "../../services/page-state";
import type { AttachmentInfo, StageFormResponse } from "../../shared/api-schemas";

/**
 * 阶段表单: the current stage's form. Submitting saves the fields and moves the deal on; when the gate
 * still misses something (a file not uploaded yet, say), the page shows exactly what.
 */
Component({
  data: {
    id: 0,
    state: "loading",
    message: "",
    form: null as (StageFormResponse & { uploaded: AttachmentInfo[] }) | null,
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
        const id = this.data.id as number;
        const [form, { attachments }] = await Promise.all([api.stageForm(id), api.attachments(id)]);
        // Files already uploaded for this stage are listed, so a rep back on the page does not
        // upload them again.
        const uploaded = attachments.filter((a) => a.stageKey === form.stage.key);
        this.setData({ state: "ready", message: "", form: { ...form, uploaded } });
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
        // The form stays on screen with what was typed; the refusal shows above it, and 提交 again
        // retries (logging in again first if the session had expired).
        this.setData({ message: describeError(error) });
      }
    },
  },
});
