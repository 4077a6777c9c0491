import { describe, expect, it } from "vitest";
import { ConfigError, readConfig, readModelConfig } from "../../server/config";

const wecom = {
  WECOM_CORP_ID: "ww1436e0e65a779aee",
  WECOM_AGENT_ID: "1000002",
  WECOM_SECRET: "secret",
  WECOM_TOKEN: "token",
  WECOM_ENCODING_AES_KEY: "6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt",
};

function problemsOf(read: () => unknown): string[] {
  try {
    read();
  } catch (error) {
    if (error instanceof ConfigError) {
      return error.problems;
    }
    throw error;
  }

  return [];
}

describe("the OPENAI_* variables", () => {
  it("leave the model off when the key is unset or empty", () => {
    expect(readConfig(wecom).model).toBeNull();
    expect(readModelConfig({ OPENAI_API_KEY: "", OPENAI_TIMEOUT_MS: "" })).toBeNull();
  });

  it("with a key alone, mean OpenAI itself with the documented defaults", () => {
    const config = readConfig({ ...wecom, OPENAI_API_KEY: "sk-x", OPENAI_MODEL: "" });

    expect(config.model).toEqual({
      apiKey: "sk-x",
      model: "gpt-4o-mini",
      timeoutMs: 8000,
      responseFormat: "json_schema",
    });
  });

  it("read another provider's endpoint, model, timeout and response format", () => {
    const model = readModelConfig({
      OPENAI_API_KEY: "sk-x",
      OPENAI_BASE_URL: "https://api.deepseek.com/",
      OPENAI_MODEL: "deepseek-chat",
      OPENAI_TIMEOUT_MS: "5000",
      OPENAI_RESPONSE_FORMAT: "json_object",
    });

    expect(model).toEqual({
      apiKey: "sk-x",
      baseURL: "https://api.deepseek.com",
      model: "deepseek-chat",
      timeoutMs: 5000,
      responseFormat: "json_object",
    });
  });

  it("name every problem, beside the other variables' problems", () => {
    const problems = problemsOf(() =>
      readConfig({
        OPENAI_BASE_URL: "not a url",
        OPENAI_TIMEOUT_MS: "soon",
        OPENAI_RESPONSE_FORMAT: "xml",
      }),
    );
    const text = problems.join("\n");

    expect(text).toMatch(/WECOM_CORP_ID is required/);
    expect(text).toMatch(/^OPENAI_BASE_URL /m);
    expect(text).toMatch(/^OPENAI_TIMEOUT_MS must be a number of milliseconds/m);
    expect(text).toMatch(/^OPENAI_RESPONSE_FORMAT /m);
    expect(text).toMatch(/^OPENAI_MODEL is required when OPENAI_BASE_URL is set/m);
    expect(text).toMatch(/^OPENAI_API_KEY is required when OPENAI_BASE_URL or OPENAI_MODEL/m);
  });

  it("refuse a model or endpoint without a key rather than silently leaving the model off", () => {
    expect(problemsOf(() => readModelConfig({ OPENAI_MODEL: "qwen-plus" }))).toEqual([
      "OPENAI_API_KEY is required when OPENAI_BASE_URL or OPENAI_MODEL is set (any value for a local server)",
    ]);
  });
});
