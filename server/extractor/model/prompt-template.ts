import { readFileSync } from "node:fs";
import { join } from "node:path";
import { projectRoot } from "../../project-root";

const PLACEHOLDER = /\{\{(\w+)\}\}/g;

/**
 * The text of prompts/<file>, found from the project root so it is the same file under tsx and from
 * dist/; read once by whoever needs it, at start rather than per message.
 */
export function readPromptFile(file: string): string {
  return readFileSync(join(projectRoot(), "prompts", file), "utf8");
}

/**
 * Fills `{{name}}` placeholders in one pass, so a value that itself contains `{{…}}` (a message can)
 * is never expanded. A placeholder without a value, or a value without a placeholder, is a mistake in
 * the prompt or the code, and throws rather than sending the model a half-filled prompt.
 */
export function fillPrompt(template: string, values: Record<string, string>): string {
  const named = new Set([...template.matchAll(PLACEHOLDER)].map((match) => match[1] as string));
  const missing = [...named].filter((name) => !Object.hasOwn(values, name));
  const unknown = Object.keys(values).filter((name) => !named.has(name));
  if (missing.length > 0 || unknown.length > 0) {
    const parts = [
      missing.length > 0 ? `no value for {{${missing.join("}}, {{")}}}` : "",
      unknown.length > 0 ? `no placeholder for ${unknown.join(", ")}` : "",
    ];
    throw new Error(`prompt template: ${parts.filter(Boolean).join("; ")}`);
  }

  return template.replace(PLACEHOLDER, (_, name: string) => values[name] as string);
}
