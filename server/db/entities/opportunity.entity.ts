import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import { epochMs } from "../timestamp-column";

export type OpportunityStatus = "open" | "won" | "lost";

/** Money is kept in fen (分), an integer, so sums never drift; bigint reads back as a string on PostgreSQL. */
const fen = {
  to: (value: number | null) => value,
  from: (value: string | number | null) => (value == null ? null : Number(value)),
};

/**
 * A deal (商机) on a customer, in one stage of the pipeline. Two clocks are kept apart: the stage
 * clock (stageClockAt) starts at entry and moves only with evidence for that stage; the contact clock
 * is the customer's last real interaction (customer.lastContactAt).
 */
@Entity("opportunity")
@Index("IDX_opportunity_owner_status", ["ownerUserid", "status"])
@Index("IDX_opportunity_customer", ["customerId"])
export class Opportunity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: "integer" })
  customerId!: number;

  @Column({ type: "varchar", length: 64 })
  ownerUserid!: string;

  @Column({ type: "varchar", length: 200 })
  name!: string;

  @Column({ type: "bigint", transformer: fen, nullable: true })
  amountFen!: number | null;

  @Column({ type: "varchar", length: 40 })
  stageKey!: string;

  @Column({ type: "varchar", length: 8, default: "open" })
  status!: OpportunityStatus;

  @Column({ type: "bigint", transformer: epochMs })
  stageEnteredAt!: Date;

  /** When the stage clock last started: stage entry, or the last evidence for this stage. */
  @Column({ type: "bigint", transformer: epochMs })
  stageClockAt!: Date;

  /** What started it, in words a person reads: 进入阶段, 字段 报价金额, 附件 报价单. */
  @Column({ type: "varchar", length: 200 })
  stageClockEvent!: string;

  /** Hours a manager granted on top of the stage's limit, for this stage only. */
  @Column({ type: "integer", default: 0 })
  extensionHours!: number;

  /** The last action on the opportunity by anyone (fields, files, moves, hand-overs). */
  @Column({ type: "bigint", transformer: epochMs })
  lastActionAt!: Date;

  @Column({ type: "bigint", transformer: epochMs })
  createdAt!: Date;

  @Column({ type: "bigint", transformer: epochMs })
  updatedAt!: Date;
}
