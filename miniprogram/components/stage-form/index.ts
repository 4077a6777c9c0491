import { describeError } from "../../services/api-error";
import { loadDraft, saveDraft } from "../../services/drafts";
import { uploadAttachment } from "../../services/upload";
import type { AttachmentInfo, StageFormResponse } from "../../shared/api-schemas";

/** The stage's form, and the files already uploaded for this stage (when the page has them). */
type Form = StageFormResponse & { uploaded?: AttachmentInfo[] };
type Field = Form["stage"]["fields"][number];

interface FieldView {
  key: string;
  label: string;
  type: Field["type"];
  required: boolean;
  options: string[];
  /** What the input shows: text, or the chosen option(s), or the contact's name. */
  value: string;
  chosen: string[];
  /** The options with whether each is ticked: WXML cannot call indexOf on `chosen` itself. */
  choices: { value: string; checked: boolean }[];
  contactIndex: number;
  /** Where a pre-filled value came from (「样机测试通过了」), until the rep edits it. */
  prefilledFrom: string;
  error: string;
}

interface FileView {
  name: string;
  filePath: string;
  progress: number;
  status: "uploading" | "done" | "failed";
  reason: string;
}

interface AttachmentView {
  type: string;
  label: string;
  kinds: string;
  files: FileView[];
}

/** Each option with whether it is chosen, for the checkboxes' `checked`. */
function choicesOf(options: string[], chosen: string[]): FieldView["choices"] {
  return options.map((value) => ({ value, checked: chosen.includes(value) }));
}

/** Stored values as the inputs show them. */
function shown(
  field: Field,
  value: unknown,
  contacts: Form["contacts"],
): Pick<FieldView, "value" | "chosen" | "contactIndex"> {
  if (field.type === "multiple_choice") {
    return { value: "", chosen: Array.isArray(value) ? value.map(String) : [], contactIndex: -1 };
  }
  if (field.type === "contact") {
    const id =
      typeof value === "object" && value ? (value as { contactId?: number }).contactId : value;
    const index = contacts.findIndex((c) => c.id === id);
    return {
      value: index >= 0 ? (contacts[index]?.name ?? "") : "",
      chosen: [],
      contactIndex: index,
    };
  }

  return {
    value: value === undefined || value === null ? "" : String(value),
    chosen: [],
    contactIndex: -1,
  };
}

/** The inputs' values as the server takes them: numbers for numbers, a contact's id, lists. */
function submitted(field: FieldView, contacts: Form["contacts"]): unknown {
  switch (field.type) {
    case "number":
    case "money":
      return field.value.trim() === "" ? undefined : Number(field.value);
    case "multiple_choice":
      return field.chosen.length ? field.chosen : undefined;
    case "contact":
      return field.contactIndex >= 0 ? contacts[field.contactIndex]?.id : undefined;
    default:
      return field.value.trim() === "" ? undefined : field.value.trim();
  }
}

/**
 * The form of one stage, rendered from the server's definition: every field type, attachment
 * pickers (camera, album, chat file) with progress and retry, values pre-filled from chat, and a
 * draft kept on the phone at every keystroke. It refuses to submit while a required field is
 * empty; a valid form emits `submit` with the values for the server.
 */
Component({
  properties: {
    form: { type: Object, value: {} },
  },
  data: {
    fields: [] as FieldView[],
    attachments: [] as AttachmentView[],
    contactNames: [] as string[],
    message: "",
  },
  observers: {
    form(form: Form) {
      if (!form?.stage) return;
      const draft = loadDraft(form.opportunityId, form.stage.key);
      const fields = form.stage.fields.map((field): FieldView => {
        const suggestion = form.prefill.find((p) => p.fieldKey === field.key);
        const stored = form.values[field.key];
        const drafted = draft[field.key];
        const value =
          drafted !== undefined ? drafted : stored !== undefined ? stored : suggestion?.value;
        return {
          key: field.key,
          label: field.label,
          type: field.type,
          required: field.required,
          options: field.options ?? [],
          ...shown(field, value, form.contacts),
          choices: choicesOf(field.options ?? [], shown(field, value, form.contacts).chosen),
          prefilledFrom:
            drafted === undefined && stored === undefined && suggestion ? suggestion.source : "",
          error: "",
        };
      });
      this.setData({
        fields,
        contactNames: form.contacts.map((c) => c.name),
        attachments: form.stage.attachments.map((a) => ({
          type: a.type,
          label: a.label,
          kinds: a.kinds.join("、"),
          files: (form.uploaded ?? [])
            .filter((u) => u.type === a.type)
            .map((u) => ({
              name: u.fileName,
              filePath: "",
              progress: 100,
              status: "done" as const,
              reason: "",
            })),
        })),
        message: "",
      });
    },
  },
  methods: {
    current(): Form {
      return this.data.form as unknown as Form;
    },
    update(key: string, patch: Partial<FieldView>) {
      const fields = (this.data.fields as FieldView[]).map((f) => {
        if (f.key !== key) return f;
        const next = { ...f, ...patch, error: "", prefilledFrom: "" };
        return { ...next, choices: choicesOf(next.options, next.chosen) };
      });
      this.setData({ fields });
      const form = this.current();
      const values: Record<string, unknown> = {};
      for (const f of fields)
        values[f.key] =
          f.type === "multiple_choice"
            ? f.chosen
            : f.type === "contact"
              ? submitted(f, form.contacts)
              : f.value;
      saveDraft(form.opportunityId, form.stage.key, values);
    },
    onInput(
      e: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { key: string }>,
    ) {
      this.update(e.currentTarget.dataset.key, { value: e.detail.value });
    },
    onChoose(
      e: WechatMiniprogram.CustomEvent<
        { value: string | string[] },
        Record<string, never>,
        { key: string }
      >,
    ) {
      const value = e.detail.value;
      this.update(
        e.currentTarget.dataset.key,
        Array.isArray(value) ? { chosen: value } : { value },
      );
    },
    onContact(
      e: WechatMiniprogram.CustomEvent<
        { value: string | number },
        Record<string, never>,
        { key: string }
      >,
    ) {
      const index = Number(e.detail.value);
      this.update(e.currentTarget.dataset.key, {
        contactIndex: index,
        value: this.data.contactNames[index] ?? "",
      });
    },
    /** 拍照, 相册 or 聊天文件: picks a file and uploads it as the attachment type tapped. */
    pick(
      e: WechatMiniprogram.CustomEvent<
        Record<string, never>,
        Record<string, never>,
        { type: string; source: "camera" | "album" | "chat" }
      >,
    ) {
      const { type, source } = e.currentTarget.dataset;
      const chosen = (files: { path: string; name: string }[]) => {
        for (const file of files) this.upload(type, file.path, file.name);
      };
      if (source === "chat") {
        wx.chooseMessageFile({
          count: 1,
          type: "file",
          success: (r) => chosen(r.tempFiles.map((f) => ({ path: f.path, name: f.name }))),
        });
        return;
      }
      wx.chooseMedia({
        count: 1,
        mediaType: ["image"],
        sourceType: [source],
        success: (r) =>
          chosen(
            r.tempFiles.map((f) => ({
              path: f.tempFilePath,
              name: f.tempFilePath.split("/").pop() ?? "photo",
            })),
          ),
      });
    },
    retry(
      e: WechatMiniprogram.CustomEvent<
        Record<string, never>,
        Record<string, never>,
        { type: string; index: number }
      >,
    ) {
      const { type, index } = e.currentTarget.dataset;
      const attachment = (this.data.attachments as AttachmentView[]).find((a) => a.type === type);
      const file = attachment?.files[Number(index)];
      if (file) this.upload(type, file.filePath, file.name, Number(index));
    },
    setFile(type: string, index: number, patch: Partial<FileView>) {
      const attachments = (this.data.attachments as AttachmentView[]).map((a) =>
        a.type === type
          ? { ...a, files: a.files.map((f, i) => (i === index ? { ...f, ...patch } : f)) }
          : a,
      );
      this.setData({ attachments });
    },
    async upload(type: string, filePath: string, name: string, retryIndex?: number) {
      let index = retryIndex ?? -1;
      if (index < 0) {
        const attachments = (this.data.attachments as AttachmentView[]).map((a) =>
          a.type === type
            ? {
                ...a,
                files: [
                  ...a.files,
                  { name, filePath, progress: 0, status: "uploading" as const, reason: "" },
                ],
              }
            : a,
        );
        index = (attachments.find((a) => a.type === type)?.files.length ?? 1) - 1;
        this.setData({ attachments });
      } else {
        this.setFile(type, index, { progress: 0, status: "uploading", reason: "" });
      }
      try {
        await uploadAttachment({
          opportunityId: this.current().opportunityId,
          type,
          filePath,
          onProgress: (progress) => this.setFile(type, index, { progress }),
        });
        this.setFile(type, index, { progress: 100, status: "done" });
      } catch (error) {
        this.setFile(type, index, { status: "failed", reason: describeError(error) });
      }
    },
    /** Checks every required field; emits `submit` only when none is empty. */
    submit() {
      const form = this.current();
      const fields = (this.data.fields as FieldView[]).map((f) => ({
        ...f,
        error: f.required && submitted(f, form.contacts) === undefined ? `请填写${f.label}` : "",
      }));
      const missing = fields.filter((f) => f.error);
      this.setData({
        fields,
        message: missing.length ? `还有 ${missing.length} 项必填没有填` : "",
      });
      if (missing.length > 0) return;
      const values: Record<string, unknown> = {};
      for (const field of fields) {
        const value = submitted(field, form.contacts);
        if (value !== undefined) values[field.key] = value;
      }
      this.triggerEvent("submit", { values });
    },
  },
});
