import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import type { Extraction, Source } from "../../extractor/extraction";
import { epochMs } from "../timestamp-column";

/** Where an interaction came from: a rep's chat line, a call summary, a visit, a form. */
export type InteractionSource = Source | "visit" | "form";
/** Logged on a customer, or waiting for the rep to say which customer it belongs to. */
export type InteractionStatus = "logged" | "awaiting_customer";

/**
 * One logged touch with a customer (跟进记录), with what the extractor read in it. `sourceKey` names the
 * delivery it came from (a WeCom MsgId, a call id), so processing a delivery twice stores it once.
 */
@Entity("interaction")
@Index("IDX_interaction_customer_time", ["customerId", "occurredAt"])
@Index("IDX_interaction_rep_time", ["repUserid", "occurredAt"])
export class Interaction {
  @PrimaryGeneratedColumn()
  id!: number;

  @Index("IDX_interaction_source_key", { unique: true })
  @Column({ type: "varchar", length: 160 })
  sourceKey!: string;

  @Column({ type: "integer", nullable: true })
  customerId!: number | null;

  @Column({ type: "varchar", length: 64 })
  repUserid!: string;

  @Column({ type: "varchar", length: 16 })
  source!: InteractionSource;

  @Column({ type: "text" })
  text!: string;

  /** When it happened (the message's send time, the call's start). */
  @Column({ type: "bigint", transformer: epochMs })
  occurredAt!: Date;

  @Column({ type: "simple-json" })
  extraction!: Extraction;

  /** Extracted items of any kind; an interaction on a customer with one or more is an effective record. */
  @Column({ type: "integer", default: 0 })
  signalCount!: number;

  @Column({ type: "varchar", length: 24, default: "logged" })
  status!: InteractionStatus;

  /** Call summaries: the call's length. */
  @Column({ type: "integer", nullable: true })
  durationSec!: number | null;

  /** Call summaries: the customer's number as the phone system gave it. Stored, never logged. */
  @Column({ type: "varchar", length: 32, nullable: true })
  phone!: string | null;

  /** Call summaries: the key conclusions the rep added afterwards (补充关键结论). */
  @Column({ type: "text", nullable: true })
  conclusions!: string | null;

  @Column({ type: "bigint", transformer: epochMs, nullable: true })
  conclusionsAt!: Date | null;

  /** The rep's reply that carried the conclusions, so a retried delivery attaches them once. */
  @Index("IDX_interaction_conclusions_key")
  @Column({ type: "varchar", length: 160, nullable: true })
  conclusionsSourceKey!: string | null;

  /** What the extractor read in the conclusions; its evidence quotes `conclusions`, not `text`. */
  @Column({ type: "simple-json", nullable: true })
  conclusionsExtraction!: Extraction | null;

  @Column({ type: "bigint", transformer: epochMs })
  createdAt!: Date;
}
