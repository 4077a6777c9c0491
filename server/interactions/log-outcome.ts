import type { CompletenessItem } from "../customers/completeness";
import type { CustomerMention } from "../customers/customer-matcher";
import type { Customer } from "../db/entities/customer.entity";
import type { Extraction } from "../extractor/extraction";
import type { RecordChanges } from "./record-interaction";

/** An interaction that landed on a customer, with what it changed there. */
export interface LoggedInteraction {
  interactionId: number;
  customer: Pick<Customer, "id" | "name">;
  /** How the customer was found: named, nearly named, or the one the rep was just talking about. */
  how: CustomerMention["how"] | "context" | "chosen" | "created";
  extraction: Extraction;
  changes: RecordChanges;
  /** What the record still lacks after this interaction. */
  missing: CompletenessItem[];
  /** True when this source was logged before (a retried delivery): nothing was changed this time. */
  repeated: boolean;
}

/** A follow-up waiting for the rep to say which customer it is about. */
export interface PendingLog {
  interactionId: number;
  /** The card that asks, when there is one: its task id and its options. */
  card: { taskId: string; options: { key: string; label: string }[] } | null;
  /** Other follow-ups of this rep that still wait for their customer (待关联 lists them). */
  othersWaiting: number;
}

export type LogOutcome =
  | { kind: "logged"; logged: LoggedInteraction }
  | {
      kind: "ambiguous";
      pending: PendingLog;
      candidates: Pick<Customer, "id" | "name">[];
      /** A company the text names that is not a customer yet, offered for creation beside them. */
      createName: string | null;
    }
  | {
      kind: "unknown";
      pending: PendingLog;
      suggestedName: string | null;
      /** The customer the rep spoke of a moment ago, offered beside creating `suggestedName`. */
      contextCustomer: Pick<Customer, "id" | "name"> | null;
    };
