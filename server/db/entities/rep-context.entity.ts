import { Column, Entity, PrimaryColumn } from "typeorm";
import { epochMs } from "../timestamp-column";

/** What the bot is waiting for from a rep: the key conclusions of a call, or which customer a log is about. */
export type Awaiting = "call_conclusions" | "customer_for_log";

/**
 * The conversation's memory of one rep: the customer they last talked about (a follow-up that names
 * none belongs to it for a while) and what the bot last asked them.
 */
@Entity("rep_context")
export class RepContext {
  @PrimaryColumn({ type: "varchar", length: 64 })
  repUserid!: string;

  @Column({ type: "integer", nullable: true })
  lastCustomerId!: number | null;

  @Column({ type: "bigint", transformer: epochMs, nullable: true })
  lastCustomerAt!: Date | null;

  @Column({ type: "varchar", length: 32, nullable: true })
  awaiting!: Awaiting | null;

  @Column({ type: "integer", nullable: true })
  awaitingInteractionId!: number | null;

  @Column({ type: "bigint", transformer: epochMs, nullable: true })
  awaitingSince!: Date | null;
}
