import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { fetch } from "undici";
import type { WeComEmulator } from "../emulator/wecom-emulator";

/**
 * The phone's side of the wx APIs the mini-program calls, for page tests against a real Beat server:
 * wx.request and wx.uploadFile go over HTTP (the upload as the multipart form wx.uploadFile sends,
 * with progress reported), storage is a map, wx.qy.login gets a code from the WeCom emulator, and the
 * file pickers hand back files the test chose.
 */
export interface WxBridge {
  storage: Map<string, unknown>;
  /** Files the next chooseMedia / chooseMessageFile call returns. */
  nextFiles: string[];
  navigations: string[];
  uploads: number;
  /** Makes the next uploads fail as a dropped connection does. */
  failUploads: number;
  /** Makes every wx.request fail as with no network. */
  offline: boolean;
}

/** The multipart/form-data body wx.uploadFile sends: the form's fields, then the file. */
function multipart(fields: Record<string, string>, name: string, filePath: string) {
  const boundary = `----beat-test-${Date.now().toString(16)}`;
  const parts: Buffer[] = [];
  for (const [key, value] of Object.entries(fields)) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${key}"\r\n\r\n${value}\r\n`,
      ),
    );
  }
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${basename(filePath)}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    readFileSync(filePath),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  );

  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

export function installWxBridge(options: {
  userid: () => string;
  emulator: WeComEmulator;
}): WxBridge {
  const bridge: WxBridge = {
    storage: new Map(),
    nextFiles: [],
    navigations: [],
    uploads: 0,
    failUploads: 0,
    offline: false,
  };
  const wx = (globalThis as unknown as { wx: Record<string, unknown> }).wx;
  Object.assign(wx, {
    getStorageSync: (key: string) => (bridge.storage.has(key) ? bridge.storage.get(key) : ""),
    setStorageSync: (key: string, value: unknown) => bridge.storage.set(key, value),
    removeStorageSync: (key: string) => bridge.storage.delete(key),
    qy: {
      login: (o: { success?(r: { code: string; errMsg: string }): void }) =>
        setTimeout(() =>
          o.success?.({
            code: options.emulator.loginCode(options.userid()),
            errMsg: "qy.login:ok",
          }),
        ),
    },
    request: (o: {
      url: string;
      method?: string;
      data?: unknown;
      header?: Record<string, string>;
      success?(r: { statusCode: number; data: unknown }): void;
      fail?(e: { errMsg: string }): void;
    }) => {
      if (bridge.offline) {
        setTimeout(() => o.fail?.({ errMsg: "request:fail" }));
        return;
      }
      const method = o.method ?? "GET";
      fetch(o.url, {
        method,
        headers: o.header,
        body: method === "GET" || o.data === undefined ? undefined : JSON.stringify(o.data),
      })
        .then(async (r) => {
          const text = await r.text();
          let data: unknown = text;
          try {
            data = JSON.parse(text);
          } catch {
            // Not JSON: handed over as text, as wx.request does.
          }
          o.success?.({ statusCode: r.status, data });
        })
        .catch(() => o.fail?.({ errMsg: "request:fail" }));
    },
    uploadFile: (o: {
      url: string;
      filePath: string;
      name: string;
      formData?: Record<string, string>;
      header?: Record<string, string>;
      success?(r: { statusCode: number; data: string }): void;
      fail?(e: { errMsg: string }): void;
    }) => {
      const listeners: ((p: { progress: number }) => void)[] = [];
      bridge.uploads += 1;
      setTimeout(async () => {
        if (bridge.failUploads > 0) {
          bridge.failUploads -= 1;
          o.fail?.({ errMsg: "uploadFile:fail" });
          return;
        }
        for (const listener of listeners) listener({ progress: 50 });
        const { body, contentType } = multipart(o.formData ?? {}, o.name, o.filePath);
        try {
          const r = await fetch(o.url, {
            method: "POST",
            headers: { ...o.header, "content-type": contentType },
            body,
          });
          for (const listener of listeners) listener({ progress: 100 });
          o.success?.({ statusCode: r.status, data: await r.text() });
        } catch {
          o.fail?.({ errMsg: "uploadFile:fail" });
        }
      });
      return { onProgressUpdate: (cb: (p: { progress: number }) => void) => listeners.push(cb) };
    },
    chooseMedia: (o: { success?(r: { tempFiles: { tempFilePath: string }[] }): void }) => {
      const files = bridge.nextFiles.splice(0);
      setTimeout(() => o.success?.({ tempFiles: files.map((tempFilePath) => ({ tempFilePath })) }));
    },
    chooseMessageFile: (o: {
      success?(r: { tempFiles: { path: string; name: string }[] }): void;
    }) => {
      const files = bridge.nextFiles.splice(0);
      setTimeout(() =>
        o.success?.({ tempFiles: files.map((path) => ({ path, name: basename(path) })) }),
      );
    },
    navigateTo: (o: { url: string }) => {
      bridge.navigations.push(o.url);
    },
  });

  return bridge;
}
