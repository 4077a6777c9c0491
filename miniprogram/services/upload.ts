import { type AttachmentInfo, attachmentInfo } from "../shared/api-schemas";
import { ApiError } from "./api-error";
import { apiBase } from "./config";
import { ensureSession } from "./session";

/**
 * Uploads one file as evidence with wx.uploadFile, reporting progress (0 to 100). The server reads
 * the content type from the bytes and refuses what the stage does not take; the refusal's reason
 * comes back as the error's message.
 */
export async function uploadAttachment(input: {
  opportunityId: number;
  type: string;
  filePath: string;
  onProgress(percent: number): void;
}): Promise<AttachmentInfo> {
  const { token } = await ensureSession();

  return new Promise((resolve, reject) => {
    const task = wx.uploadFile({
      url: `${apiBase()}/api/mp/opportunities/${input.opportunityId}/attachments`,
      filePath: input.filePath,
      name: "file",
      formData: { type: input.type },
      header: { authorization: `Bearer ${token}` },
      success: (answer) => {
        let data: unknown;
        try {
          data = JSON.parse(answer.data);
        } catch {
          data = {};
        }
        if (answer.statusCode === 201) {
          const parsed = attachmentInfo.safeParse(data);
          if (parsed.success) return resolve(parsed.data);
        }
        const reason = (data as { message?: string }).message ?? `HTTP ${answer.statusCode}`;
        reject(
          new ApiError(
            answer.statusCode === 401 ? "session_expired" : "refused",
            reason,
            answer.statusCode,
          ),
        );
      },
      fail: () => reject(new ApiError("offline", "network")),
    });
    task?.onProgressUpdate?.((progress) => input.onProgress(progress.progress));
  });
}
