import type { Clock } from "./clock";
import type { Database } from "./db/database";
import type { Extractor } from "./extractor/extraction";
import type { FileStore } from "./files/file-store";
import type { RuleSettings } from "./rule-settings";

/** What the sales core's commands work with, passed in by the composition root. */
export interface CoreDeps {
  db: Database;
  clock: Clock;
  extractor: Extractor;
  /** Where attachments' bytes live. */
  files: FileStore;
  /** Red-dot thresholds and health targets; the defaults when absent. */
  rules?: RuleSettings;
}
