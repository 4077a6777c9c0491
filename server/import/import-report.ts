/** What an import did, row by row where it refused something. */
export interface ImportReport {
  kind: "people" | "customers";
  total: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: { row: number; reason: string }[];
  /** Set by importFile: how the file's bytes were read. */
  encoding?: string;
}

export type ProgressListener = (done: number, total: number) => void;

/** Zod's issues for one row as one readable reason. */
export function reasonOf(issues: { message: string }[]): string {
  return issues.map((issue) => issue.message).join("; ");
}
