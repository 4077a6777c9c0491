import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import { epochMs } from "../timestamp-column";

/**
 * What a card asks: which customer a log is about, whether to create the customer it names; what to
 * do about a stage that ran over its time (and the reason, the manager's approval, the new owner).
 */
export type CardPurpose =
  | "pick_customer"
  | "create_customer"
  | "stage_timeout"
  | "extension_reason"
  | "extension_approval"
  | "handover_pick"
  | "quote_approval";

export interface CardOption {
  /** The button's key, which WeCom sends back as EventKey. */
  key: string;
  label: string;
  customerId?: number;
  customerName?: string;
  /** For a hand-over: the rep it goes to. */
  userid?: string;
}

/**
 * An interactive card Beat sent. WeCom's click event brings back only the card's task_id and the
 * button's key (WeCom doc 90236, template_card), so this row is what gives them meaning.
 */
@Entity("card_task")
export class CardTask {
  @PrimaryGeneratedColumn()
  id!: number;

  @Index("IDX_card_task_task_id", { unique: true })
  @Column({ type: "varchar", length: 128 })
  taskId!: string;

  @Column({ type: "varchar", length: 32 })
  purpose!: CardPurpose;

  /** The one person the card was sent to; a click from anyone else changes nothing. */
  @Column({ type: "varchar", length: 64 })
  touser!: string;

  /** What the card is about: an interaction waiting for its customer, or a stage timeout. */
  @Column({ type: "integer" })
  subjectId!: number;

  @Column({ type: "simple-json" })
  options!: CardOption[];

  @Column({ type: "bigint", transformer: epochMs })
  createdAt!: Date;

  @Column({ type: "bigint", transformer: epochMs, nullable: true })
  resolvedAt!: Date | null;

  /** The key of the button that settled it. */
  @Column({ type: "varchar", length: 64, nullable: true })
  resolution!: string | null;
}
