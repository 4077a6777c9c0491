import { randomBytes } from "node:crypto";
import { DateTime } from "luxon";
import OpenAI from "openai";
import { BadRequestError } from "openai/error";
import { zodResponseFormat } from "openai/helpers/zod";
import type { ChatCompletionMessageParam } from "openai/resources/chat/completions";
import type { ModelConfig } from "../../config";
import type { Logger } from "../../logger";
import { type ExtractionInput, OBJECTION_CATEGORIES, ROLES, TAGS } from "../extraction";
import { DUE_FORMS, ModelAnswer } from "./model-answer";
import { ModelFailure, toModelFailure } from "./model-failure";
import { fillPrompt, readPromptFile } from "./prompt-template";

export type ResponseMode = "json_schema" | "json_object";

const RESPONSE_FORMAT = zodResponseFormat(ModelAnswer, "extraction");

/**
 * A 400 naming response_format or json_schema: a provider without structured output refusing it.
 * Limitation: each provider's wording of that refusal is taken from its documentation, not seen; one
 * that names neither falls back to the rules on every message, because the mode never switches, until
 * OPENAI_RESPONSE_FORMAT=json_object is set or a test against that provider adds its wording here.
 */
const REFUSES_SCHEMA = /response_format|json_schema/i;

/** Models sometimes wrap JSON in a Markdown fence even in JSON mode. */
function stripFences(content: string): string {
  const fenced = /^\s*```(?:json)?\s*\n?([\s\S]*?)\n?\s*```\s*$/i.exec(content);

  return (fenced?.[1] ?? content).trim();
}

function quoted(labels: readonly string[]): string {
  return labels.map((label) => `"${label}"`).join(", ");
}

/**
 * Asks an OpenAI-compatible endpoint for a ModelAnswer and validates it, or throws a ModelFailure.
 * It starts in json_schema mode (structured output); the first time the provider refuses that, it
 * switches to json_object mode for the rest of the process and asks again at once.
 */
export class ModelClient {
  private readonly openai: OpenAI;
  private readonly system: string;
  private readonly userTemplate: string;
  private currentMode: ResponseMode;

  constructor(
    private readonly config: ModelConfig,
    private readonly log: Logger,
  ) {
    this.openai = new OpenAI({
      apiKey: config.apiKey,
      baseURL: config.baseURL,
      timeout: config.timeoutMs,
      // A 429 or a slow answer falls back to the rules at once; waiting to retry would hold a reply.
      maxRetries: 0,
      // The SDK's own debug log prints request bodies, i.e. the message text: keep it silent.
      logLevel: "off",
    });
    this.currentMode = config.responseFormat;
    this.system = fillPrompt(readPromptFile("extract-system.txt"), {
      tags: quoted(TAGS),
      objections: quoted(OBJECTION_CATEGORIES),
      roles: quoted(ROLES),
      dueForms: DUE_FORMS.join(", "),
    });
    this.userTemplate = readPromptFile("extract-user.txt");
    // Filled per message; a trial fill now makes a broken template stop the start, not every message.
    fillPrompt(this.userTemplate, { source: "", sentAt: "", boundary: "", text: "" });
  }

  get mode(): ResponseMode {
    return this.currentMode;
  }

  get model(): string {
    return this.config.model;
  }

  async ask(input: ExtractionInput): Promise<ModelAnswer> {
    // One deadline for the whole exchange: the SDK's own timeout stops at the response headers, and a
    // refused json_schema request is asked again within the same budget.
    const deadline = AbortSignal.timeout(this.config.timeoutMs);
    const messages = this.messagesFor(input);
    try {
      if (this.currentMode === "json_schema") {
        try {
          return await this.askWithSchema(messages, deadline);
        } catch (error) {
          if (!(error instanceof BadRequestError && REFUSES_SCHEMA.test(error.message))) {
            throw error;
          }
          this.currentMode = "json_object";
          this.log.info(
            { model: this.config.model, status: error.status },
            "the provider refuses json_schema; using json_object mode from now on",
          );
        }
      }

      return await this.askForJsonObject(messages, deadline);
    } catch (error) {
      throw toModelFailure(error, deadline.aborted);
    }
  }

  private messagesFor(input: ExtractionInput): ChatCompletionMessageParam[] {
    // A fresh marker per message, so the text cannot close the data block with a marker it guessed.
    const boundary = randomBytes(6).toString("hex");
    const sentAt = DateTime.fromJSDate(input.sentAt, { zone: "Asia/Shanghai" });
    const user = fillPrompt(this.userTemplate, {
      source: input.source,
      sentAt: sentAt.setLocale("en").toFormat("yyyy-MM-dd HH:mm, cccc"),
      boundary,
      text: input.text,
    });

    return [
      { role: "system", content: this.system },
      { role: "user", content: user },
    ];
  }

  private async askWithSchema(
    messages: ChatCompletionMessageParam[],
    signal: AbortSignal,
  ): Promise<ModelAnswer> {
    const completion = await this.openai.chat.completions.parse(
      { model: this.config.model, messages, response_format: RESPONSE_FORMAT },
      { signal },
    );
    const message = completion.choices[0]?.message;
    if (message?.refusal) {
      throw new ModelFailure("refusal");
    }
    if (!message?.parsed) {
      throw new ModelFailure("blank_answer");
    }

    return message.parsed;
  }

  private async askForJsonObject(
    messages: ChatCompletionMessageParam[],
    signal: AbortSignal,
  ): Promise<ModelAnswer> {
    const completion = await this.openai.chat.completions.create(
      { model: this.config.model, messages, response_format: { type: "json_object" } },
      { signal },
    );
    const choice = completion.choices[0];
    if (choice?.finish_reason === "length") {
      throw new ModelFailure("truncated");
    }
    // DeepSeek documents that JSON mode may answer with only whitespace.
    const content = stripFences(choice?.message.content ?? "");
    if (content === "") {
      throw new ModelFailure("blank_answer");
    }
    const parsed = ModelAnswer.safeParse(JSON.parse(content));
    if (!parsed.success) {
      throw new ModelFailure("invalid_answer", undefined, parsed.error.issues.length);
    }

    return parsed.data;
  }
}
