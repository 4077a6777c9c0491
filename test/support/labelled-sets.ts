import { readFileSync } from "node:fs";
import { join } from "node:path";
import { OBJECTION_CATEGORIES, ROLES, TAGS } from "../../server/extractor/extraction";
import { labelledLine, labelledOf } from "../../server/extractor/labelled-form";
import type { RulesExtractor } from "../../server/extractor/rules/rules-extractor";
import { type Scores, scoreExtraction } from "../../server/extractor/score-extraction";
import { sharedFile } from "./shared-dir";

/** The shared dev set, or null in a clone without the shared folder (its test then says it skipped). */
export const SHARED_DEV_SET = sharedFile("data/extract-dev.jsonl");

/** The labelled sets written for Beat's own tests. */
export const LABELLED_SETS = {
  holdout: join(__dirname, "../fixtures/extract/holdout.jsonl"),
  cases: join(__dirname, "../fixtures/extract/cases.jsonl"),
};

/** The labelled sets' reference time: Wednesday 2026-03-11, Asia/Shanghai. */
export const REFERENCE_SENT_AT = new Date("2026-03-11T10:00:00+08:00");

export function scoreFile(file: string, extractor: RulesExtractor): Scores {
  const examples = readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => labelledLine.parse(JSON.parse(l)))
    .map((ex) => ({
      id: ex.id,
      text: ex.text,
      gold: ex,
      predicted: labelledOf(
        extractor.extractNow({
          text: ex.text,
          source: ex.source,
          sentAt: ex.sentAt ? new Date(ex.sentAt) : REFERENCE_SENT_AT,
        }),
      ),
    }));

  return scoreExtraction(examples, { tags: TAGS, objections: OBJECTION_CATEGORIES, roles: ROLES });
}
