import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import { epochMs } from "../timestamp-column";

export type InboxStatus = "pending" | "processing" | "done" | "failed";

/**
 * One accepted delivery, stored before the sender gets its 200 so that a crash loses nothing.
 * `deliveryKey` is unique: WeCom re-sends a callback it thinks timed out, and the second insert
 * is refused by the database rather than by a check that two requests could both pass.
 */
@Entity("inbox_item")
@Index("IDX_inbox_status_available", ["status", "availableAt"])
export class InboxItem {
  @PrimaryGeneratedColumn()
  id!: number;

  @Index("IDX_inbox_delivery_key", { unique: true })
  @Column({ type: "varchar", length: 128 })
  deliveryKey!: string;

  /** Where it came from: "wecom" now, "call_summary" once the call system posts here. */
  @Column({ type: "varchar", length: 32 })
  source!: string;

  /** MsgType, or "event:<Event>" for events; kept for logs and queries, the payload is the truth. */
  @Column({ type: "varchar", length: 64 })
  kind!: string;

  /** The decrypted, verified plaintext exactly as received. */
  @Column({ type: "text" })
  payload!: string;

  @Column({ type: "varchar", length: 16, default: "pending" })
  status!: InboxStatus;

  @Column({ type: "integer", default: 0 })
  attempts!: number;

  @Column({ type: "bigint", transformer: epochMs })
  availableAt!: Date;

  /** While processing: when another worker may assume this one died and take the row over. */
  @Column({ type: "bigint", transformer: epochMs, nullable: true })
  leaseUntil!: Date | null;

  /** The error code of the last failed attempt; never message content. */
  @Column({ type: "varchar", length: 200, nullable: true })
  lastError!: string | null;

  @Column({ type: "bigint", transformer: epochMs })
  receivedAt!: Date;

  @Column({ type: "bigint", transformer: epochMs, nullable: true })
  processedAt!: Date | null;
}
