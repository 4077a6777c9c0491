import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** One request as the fake received it, body parsed from JSON. */
export interface SeenRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  // biome-ignore lint/suspicious/noExplicitAny: tests read whatever the SDK sent
  body: any;
}

/**
 * How to answer one request: a status and a body (an object is sent as JSON, a string as it is), after
 * `delayMs`; `bodyDelayMs` sends the headers at once and the body that much later.
 */
export interface FakeReply {
  status?: number;
  body?: unknown;
  delayMs?: number;
  bodyDelayMs?: number;
}

export type FakeHandler = (request: SeenRequest) => FakeReply;

/** A chat.completion the way OpenAI-compatible servers shape it, with `content` as the answer. */
export function completion(
  content: string | null,
  options: { finishReason?: string; refusal?: string } = {},
): object {
  return {
    id: "chatcmpl-fake",
    object: "chat.completion",
    created: 1_773_200_000,
    model: "fake-model",
    choices: [
      {
        index: 0,
        message: { role: "assistant", content, refusal: options.refusal ?? null },
        finish_reason: options.finishReason ?? "stop",
        logprobs: null,
      },
    ],
    usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
  };
}

/** An error body in OpenAI's format. */
export function apiError(status: number, message: string): FakeReply {
  return { status, body: { error: { message, type: "invalid_request_error", code: null } } };
}

/**
 * A local OpenAI-compatible server on 127.0.0.1 and a free port. Each test says how to answer with
 * `answer()`; every request is kept in `requests`, so a test can check what the client really sent.
 */
export class FakeOpenAI {
  readonly requests: SeenRequest[] = [];
  baseURL = "";
  private handler: FakeHandler = () => apiError(500, "no answer set for this test");
  private server: Server | null = null;

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        const request: SeenRequest = {
          method: req.method ?? "",
          path: req.url ?? "",
          headers: req.headers,
          body: raw === "" ? undefined : JSON.parse(raw),
        };
        this.requests.push(request);
        const reply = this.handler(request);
        const body = typeof reply.body === "string" ? reply.body : JSON.stringify(reply.body ?? {});
        setTimeout(() => {
          if (res.socket?.destroyed !== false) {
            return; // the client gave up (a timeout test): nobody to answer
          }
          res.writeHead(reply.status ?? 200, { "content-type": "application/json" });
          res.flushHeaders();
          setTimeout(
            () => res.socket?.destroyed === false && res.end(body),
            reply.bodyDelayMs ?? 0,
          );
        }, reply.delayMs ?? 0);
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
    this.baseURL = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;

    return this.baseURL;
  }

  answer(handler: FakeHandler): void {
    this.handler = handler;
  }

  reset(): void {
    this.requests.length = 0;
    this.handler = () => apiError(500, "no answer set for this test");
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) =>
      this.server ? this.server.close(() => resolve()) : resolve(),
    );
  }
}
