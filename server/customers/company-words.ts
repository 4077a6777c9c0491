import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { z } from "zod";
import { projectRoot } from "../project-root";

const words = z.array(
  z
    .string()
    .min(1)
    .regex(/^[^A-Z\s]+$/u, "simplified, lower case, no spaces"),
);

/** The shape of company-words.yaml; the file itself says what each list is for. */
const companyWordsFile = z
  .object({ endings: words, lead_ins: words, not_in_names: words, not_endings: words })
  .strict();

export interface CompanyWords {
  /** Longest first, so that 有限公司 is preferred to 公司 at the same place. */
  endings: string[];
  leadIns: string[];
  notInNames: string[];
  notEndings: string[];
}

/** With the extractor's lexicon: data a sales-ops person reads and extends, not code. */
export const COMPANY_WORDS_FILE = path.join(projectRoot(), "lexicon", "company-words.yaml");

let loaded: CompanyWords | undefined;

/** The words that tell a company's name in a chat line, read once from company-words.yaml. */
export function companyWords(): CompanyWords {
  if (!loaded) {
    const file = companyWordsFile.parse(parse(readFileSync(COMPANY_WORDS_FILE, "utf8")));
    const longestFirst = (list: string[]) => [...new Set(list)].sort((a, b) => b.length - a.length);
    loaded = {
      endings: longestFirst(file.endings),
      leadIns: longestFirst(file.lead_ins),
      notInNames: longestFirst(file.not_in_names),
      notEndings: longestFirst(file.not_endings),
    };
  }

  return loaded;
}
