/**
 * `npm run eval:extract -- FILE [--sent-at ISO]`: scores the extractor on a labelled JSON-lines file
 * (the format the README shows; test/fixtures/extract/ holds examples) and prints precision, recall and F1 per label,
 * macro-F1 per group, commitment accuracy and every miss.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { OBJECTION_CATEGORIES, ROLES, TAGS } from "./extraction";
import { labelledLine, labelledOf } from "./labelled-form";
import { createRulesExtractor } from "./rules/rules-extractor";
import { type ScoredExample, type Scores, scoreExtraction } from "./score-extraction";

/** The labelled set's README: "The texts are taken as sent on Wednesday 2026-03-11, Asia/Shanghai." */
const DEFAULT_SENT_AT = "2026-03-11T10:00:00+08:00";

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    options: { "sent-at": { type: "string", default: DEFAULT_SENT_AT }, json: { type: "boolean" } },
    allowPositionals: true,
  });
  const file = positionals[0];
  if (!file) {
    process.stderr.write("usage: npm run eval:extract -- FILE [--sent-at ISO] [--json]\n");

    return 2;
  }
  const where = path.resolve(process.env.INIT_CWD ?? process.cwd(), file);
  let lines: string[];
  try {
    lines = readFileSync(where, "utf8").split("\n");
  } catch (error) {
    process.stderr.write(
      `cannot read ${where}: ${(error as NodeJS.ErrnoException).code ?? error}\n`,
    );
    return 2;
  }
  const extractor = createRulesExtractor();
  const examples: ScoredExample[] = [];
  const problems: string[] = [];
  for (const [i, line] of lines.entries()) {
    if (!line.trim()) {
      continue;
    }
    const json = safeJson(line);
    if (json === undefined) {
      problems.push(`line ${i + 1}: not JSON`);
      continue;
    }
    const parsed = labelledLine.safeParse(json);
    if (!parsed.success) {
      problems.push(
        `line ${i + 1}: ${parsed.error.issues.map((x) => `${x.path.join(".")} ${x.message}`).join("; ")}`,
      );
      continue;
    }
    const ex = parsed.data;
    const sentAt = new Date(ex.sentAt ?? (values["sent-at"] as string));
    const predicted = labelledOf(
      await extractor.extract({ text: ex.text, source: ex.source, sentAt }),
    );
    examples.push({ id: ex.id, text: ex.text, gold: ex, predicted });
  }
  if (problems.length) {
    process.stderr.write(
      `${where}: ${problems.length} line(s) skipped\n  ${problems.join("\n  ")}\n`,
    );
  }
  if (examples.length === 0) {
    // Scores of nothing would all print as 0 and look like a result.
    process.stderr.write(`${where}: no labelled example to score\n`);
    return 1;
  }
  const scores = scoreExtraction(examples, {
    tags: TAGS,
    objections: OBJECTION_CATEGORIES,
    roles: ROLES,
  });
  process.stdout.write(
    values.json ? `${JSON.stringify(scores, null, 2)}\n` : report(where, scores),
  );

  return problems.length ? 1 : 0;
}

function safeJson(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}

const pct = (x: number) => x.toFixed(3);

function report(file: string, s: Scores): string {
  const out: string[] = [`${file}: ${s.examples} examples, rules engine`, ""];
  for (const g of s.groups) {
    out.push(`${g.group}`, "  label               support  precision  recall  f1");
    for (const l of g.labels) {
      out.push(
        `  ${l.label.padEnd(20)}${String(l.support).padStart(7)}  ${pct(l.precision).padStart(9)}  ${pct(l.recall).padStart(6)}  ${pct(l.f1)}`,
      );
    }
    out.push(`  macro-F1 ${pct(g.macroF1)}   micro-F1 ${pct(g.microF1)}`, "");
  }
  out.push(`commitment due-form accuracy ${pct(s.commitmentAccuracy)}`, "");
  out.push(`misses (${s.misses.length})`);
  for (const m of s.misses) {
    const what =
      m.field === "commitment"
        ? `expected ${m.missing[0]}, got ${m.extra[0]}`
        : [
            m.missing.length ? `missing ${m.missing.join(",")}` : "",
            m.extra.length ? `extra ${m.extra.join(",")}` : "",
          ]
            .filter(Boolean)
            .join("; ");
    out.push(`  ${m.id} ${m.field}: ${what}`, `      ${m.text}`);
  }
  out.push(
    "",
    "summary " +
      s.groups.map((g) => `${g.group} macro-F1 ${pct(g.macroF1)}`).join(", ") +
      `, roles micro-F1 ${pct(s.groups[2]?.microF1 ?? 0)}, commitment accuracy ${pct(s.commitmentAccuracy)}`,
    "",
  );

  return out.join("\n");
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 1;
  },
);
