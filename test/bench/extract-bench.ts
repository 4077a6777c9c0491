/**
 * `npm run bench:extract`: messages per second through the rules extractor on one core (one thread, no
 * workers), for chat-length and for call-summary-length text. The texts are the labelled sets' own, so
 * the rules fire as they do in real use. Issue 3's target: 5,000 chat-length messages per second.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createRulesExtractor } from "../../server/extractor/rules/rules-extractor";
import { sharedFile } from "../support/shared-dir";

const ROUND_MS = Number(process.env.BENCH_ROUND_MS ?? 3000);
const ROUNDS = 3;
const FILES = [
  sharedFile("data/extract-dev.jsonl"),
  join(__dirname, "../fixtures/extract/holdout.jsonl"),
  join(__dirname, "../fixtures/extract/cases.jsonl"),
].filter((file): file is string => file !== null);

interface Line {
  text: string;
  source: "chat" | "call_summary";
}

const lines: Line[] = FILES.flatMap((f) =>
  readFileSync(f, "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Line),
);
const extractor = createRulesExtractor();
const sentAt = new Date("2026-03-11T10:00:00+08:00");

function rate(texts: Line[]): number {
  let n = 0;
  const started = performance.now();
  const until = started + ROUND_MS;
  while (performance.now() < until) {
    for (const t of texts) {
      extractor.extractNow({ text: t.text, source: t.source, sentAt });
    }
    n += texts.length;
  }

  return n / ((performance.now() - started) / 1000);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

for (const [name, source] of [
  ["chat-length", "chat"],
  ["call-summary-length", "call_summary"],
] as const) {
  const texts = lines.filter((l) => l.source === source);
  const chars = Math.round(texts.reduce((n, t) => n + t.text.length, 0) / texts.length);
  rate(texts); // warm-up: JIT and the traditional→simplified cache
  const rounds = Array.from({ length: ROUNDS }, () => rate(texts));
  process.stdout.write(
    `${name.padEnd(20)} ${texts.length} texts, mean ${chars} chars: ${Math.round(median(rounds))} messages/s on one core (median of ${ROUNDS} × ${ROUND_MS / 1000} s; rounds ${rounds.map(Math.round).join(", ")})\n`,
  );
}
