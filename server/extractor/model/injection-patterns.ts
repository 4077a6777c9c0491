import { readPromptFile } from "./prompt-template";

/** prompts/injection-patterns.txt as regular expressions; read once, at start. */
export function loadInjectionPatterns(): RegExp[] {
  return readPromptFile("injection-patterns.txt")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"))
    .map((line) => new RegExp(line, "iu"));
}

/** Whether the text tries to give the model orders in one of the ways the patterns know. */
export function givesOrders(text: string, patterns: readonly RegExp[]): boolean {
  return patterns.some((pattern) => pattern.test(text));
}
