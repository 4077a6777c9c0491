import { type AttachmentInfo, attachmentInfo } from "../shared/api-schemas";
import { ApiError } from "./api-error";
import { apiBase } from "./config";
import { dropSession, ensureSession } from "./session";

interface UploadInput {
  opportunityId: number;
  type: string;
  filePath: string;
  onProgress(percent: number): void;
}

interface UploadAnswer {
  statusCode: number;
  data: unknown;
}

function send(input: UploadInput, token: string): Promise<UploadAnswer> {
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
        resolve({ statusCode: answer.statusCode, data });
      },
      fail: () => reject(new ApiError("offline", "network")),
    });
    task?.onProgressUpdate?.((progress) => input.onProgress(progress.progress));
  });
}

/**
 * Uploads one file as evidence with wx.uploadFile, reporting progress (0 to 100). An expired session
 * is renewed once with wx.qy.login and the file sent again, as every other call does. The server
 * reads the content type from the bytes and refuses what the stage does not take; the refusal's code
 * comes back on the error.
 */
export async function uploadAttachment(input: UploadInput): Promise<AttachmentInfo> {
  let answer = await send(input, (await ensureSession()).token);
  if (answer.statusCode === 401) {
    dropSession();
    answer = await send(input, (await ensureSession()).token);
  }
  if (answer.statusCode === 201) {
    const parsed = attachmentInfo.safeParse(answer.data);
    if (parsed.success) return parsed.data;
    throw new ApiError("invalid_answer", "the server's answer was not understood", 201);
  }
  const data = answer.data as { error?: string; message?: string };
  throw new ApiError(
    answer.statusCode === 401 ? "session_expired" : "refused",
    data.message ?? `HTTP ${answer.statusCode}`,
    answer.statusCode,
    [],
    data.error,
  );
}
