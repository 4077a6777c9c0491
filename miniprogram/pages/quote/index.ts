import { api } from "../../services/api";
import { describeError } from "../../services/api-error";
import { stateOf } from "../../services/page-state";
import type { AttachmentInfo } from "../../shared/api-schemas";
import { shanghaiToday } from "../../shared/words";

/** What can stand as a quote file: a document, a spreadsheet, or a photo of a printed quote. */
const QUOTE_FILE = /^(application\/pdf|application\/vnd\.openxmlformats-officedocument\.|image\/)/;

/** 报价提交: amount, discount and validity, with a quote file already uploaded, for the manager to approve. */
Component({
  data: {
    id: 0,
    state: "loading",
    message: "",
    amount: "",
    discount: "",
    validUntil: "",
    today: shanghaiToday(),
    files: [] as AttachmentInfo[],
    fileNames: [] as string[],
    fileIndex: -1,
    error: "",
    submitted: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ id: Number(query.id) });
      this.load();
    },
    async load() {
      this.setData({ state: "loading" });
      try {
        const { attachments } = await api.attachments(this.data.id as number);
        const files = attachments.filter((a) => QUOTE_FILE.test(a.contentType));
        this.setData({
          state: "ready",
          today: shanghaiToday(),
          files,
          fileNames: files.map((a) => a.fileName),
        });
      } catch (error) {
        this.setData(stateOf(error));
      }
    },
    onInput(
      e: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { field: string }>,
    ) {
      this.setData({ [e.currentTarget.dataset.field]: e.detail.value, error: "" });
    },
    onFile(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ fileIndex: Number(e.detail.value) });
    },
    async submit() {
      const amount = Number(this.data.amount);
      if (!(amount > 0) || !/^\d{4}-\d{2}-\d{2}$/.test(this.data.validUntil as string)) {
        this.setData({ error: "请填写金额和有效期" });
        return;
      }
      if ((this.data.validUntil as string) < shanghaiToday()) {
        this.setData({ error: "有效期不能早于今天" });
        return;
      }
      const file = (this.data.files as AttachmentInfo[])[this.data.fileIndex as number];
      try {
        await api.submitQuote(this.data.id as number, {
          amount,
          ...(this.data.discount ? { discountPct: Number(this.data.discount) } : {}),
          validUntil: this.data.validUntil as string,
          ...(file ? { attachmentId: file.id } : {}),
        });
        this.setData({ submitted: true });
      } catch (error) {
        this.setData({ error: describeError(error) });
      }
    },
  },
});
