import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import { epochMs } from "../timestamp-column";

export type OutboxStatus = "pending" | "processing" | "done" | "failed";
/**
 * A message to send (message/send): an answer to something a person did, or a notice Beat sends on
 * its own schedule (digests, alerts), which WeCom's duplicate check guards; or a change to a card
 * already sent (update_template_card).
 */
export type OutboxKind = "message" | "notice" | "card_update";

/**
 * One message for WeCom, written before anything tries to send it. `dedupeKey` is unique, so a step
 * that runs twice (a retried delivery, a job run again) queues its message once.
 */
@Entity("outbox_message")
@Index("IDX_outbox_status_available", ["status", "availableAt"])
@Index("IDX_outbox_touser_processed", ["touser", "processedAt"])
@Index("IDX_outbox_touser_status_available", ["touser", "status", "availableAt"])
export class OutboxMessage {
  @PrimaryGeneratedColumn()
  id!: number;

  @Index("IDX_outbox_dedupe_key", { unique: true })
  @Column({ type: "varchar", length: 200 })
  dedupeKey!: string;

  @Column({ type: "varchar", length: 32 })
  kind!: OutboxKind;

  /** One WeCom userid: WeCom's limits are per person, so are the rows. */
  @Column({ type: "varchar", length: 64 })
  touser!: string;

  /** The message as WeCom takes it, without touser and agentid (added at send time). */
  @Column({ type: "simple-json" })
  body!: Record<string, unknown>;

  @Column({ type: "varchar", length: 16, default: "pending" })
  status!: OutboxStatus;

  @Column({ type: "integer", default: 0 })
  attempts!: number;

  @Column({ type: "bigint", transformer: epochMs })
  availableAt!: Date;

  @Column({ type: "bigint", transformer: epochMs, nullable: true })
  leaseUntil!: Date | null;

  /** The error code of the last failed attempt; never message content. */
  @Column({ type: "varchar", length: 200, nullable: true })
  lastError!: string | null;

  @Column({ type: "bigint", transformer: epochMs })
  createdAt!: Date;

  /** When WeCom took it. */
  @Column({ type: "bigint", transformer: epochMs, nullable: true })
  processedAt!: Date | null;
}
