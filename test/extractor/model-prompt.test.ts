import { describe, expect, it } from "vitest";
import { OBJECTION_CATEGORIES, ROLES, TAGS } from "../../server/extractor/extraction";
import { DUE_FORM, DUE_FORMS } from "../../server/extractor/model/model-answer";
import { fillPrompt, readPromptFile } from "../../server/extractor/model/prompt-template";

describe("fillPrompt", () => {
  it("fills every named placeholder", () => {
    const filled = fillPrompt("{{a}} and {{b}}, {{a}} again", { a: "x", b: "y" });

    expect(filled).toBe("x and y, x again");
  });

  it("never expands a placeholder that arrives inside a value", () => {
    const filled = fillPrompt("<<{{text}}>> {{labels}}", { text: "{{labels}}", labels: "L" });

    expect(filled).toBe("<<{{labels}}>> L");
  });

  it("throws on a placeholder without a value and on a value without a placeholder", () => {
    expect(() => fillPrompt("{{a}} {{b}}", { a: "x" })).toThrow(/no value for \{\{b\}\}/);
    expect(() => fillPrompt("{{a}}", { a: "x", c: "z" })).toThrow(/no placeholder for c/);
  });
});

describe("the prompt files", () => {
  it("define every label the extractor knows, and its placeholders match what the client fills", () => {
    const system = readPromptFile("extract-system.txt");
    const filled = fillPrompt(system, { tags: "T", objections: "O", roles: "R", dueForms: "D" });

    for (const label of [...TAGS, ...OBJECTION_CATEGORIES, ...ROLES]) {
      expect(filled).toMatch(new RegExp(`^- ${label}: `, "m"));
    }
    expect(filled).toMatch(/JSON/);
    expect(() =>
      fillPrompt(readPromptFile("extract-user.txt"), {
        source: "chat",
        sentAt: "now",
        boundary: "b",
        text: "t",
      }),
    ).not.toThrow();
  });

  it("accept every due form the prompt lists, and nothing loose", () => {
    const examples = DUE_FORMS.map((form) =>
      form.replace("<N>", "3").replace("YYYY-MM-DD", "2026-03-18"),
    );

    expect(examples.filter((due) => !DUE_FORM.test(due))).toEqual([]);
    expect(
      ["next_friday ", "within_0d", "2026-13-01", "soon", "this_friday"].some((due) =>
        DUE_FORM.test(due),
      ),
    ).toBe(false);
  });
});
