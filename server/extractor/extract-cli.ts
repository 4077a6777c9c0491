/**
 * `npm run extract [-- FILE] [--sent-at ISO]`: reads JSON lines {"id","text","source"?,"sentAt"?} from
 * FILE or standard input and writes one JSON line per input with the labels and the evidence for each.
 * A line that cannot be read is reported on standard error with its line number and skipped; the exit
 * code is then 2.
 */
import { createReadStream } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { createExtractorFromEnv } from "./create-extractor-from-env";
import { inputLine, outputLine } from "./labelled-form";

// A reader that has seen enough (`| head`) closes the pipe: that is the end of the run, not an error.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") {
    process.exit(0);
  }
  throw error;
});

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    options: { "sent-at": { type: "string" } },
    allowPositionals: true,
  });
  const defaultSentAt = values["sent-at"] ? new Date(values["sent-at"]) : new Date();
  if (Number.isNaN(defaultSentAt.getTime())) {
    process.stderr.write(`--sent-at must be an ISO time, got ${values["sent-at"]}\n`);

    return 2;
  }
  const input = positionals[0]
    ? createReadStream(path.resolve(process.env.INIT_CWD ?? process.cwd(), positionals[0]))
    : process.stdin;
  const extractor = createExtractorFromEnv(process.env);

  let lineNumber = 0;
  let bad = 0;
  for await (const line of createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })) {
    lineNumber++;
    if (!line.trim()) {
      continue;
    }
    const json = parseJson(line);
    if (json === NOT_JSON) {
      bad++;
      process.stderr.write(`line ${lineNumber}: skipped, not JSON\n`);
      continue;
    }
    const parsed = inputLine.safeParse(json);
    if (!parsed.success) {
      bad++;
      const why = parsed.error.issues
        .map((i) => `${i.path.join(".") || "line"}: ${i.message}`)
        .join("; ");
      process.stderr.write(`line ${lineNumber}: skipped, ${why}\n`);
      continue;
    }
    const { id, text, source, sentAt } = parsed.data;
    const extraction = await extractor.extract({
      text,
      source,
      sentAt: sentAt ? new Date(sentAt) : defaultSentAt,
    });
    process.stdout.write(`${JSON.stringify(outputLine(id, extraction))}\n`);
  }

  return bad ? 2 : 0;
}

const NOT_JSON = Symbol("not JSON");

function parseJson(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return NOT_JSON;
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exitCode = 1;
  },
);
