import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import { epochMs } from "../timestamp-column";

export type QuoteStatus = "pending" | "approved" | "refused";

const fen = {
  to: (value: number | null) => value,
  from: (value: string | number | null) => (value == null ? null : Number(value)),
};

/** A quote a rep submitted for an opportunity (报价提交), waiting for, or given, the manager's decision. */
@Entity("quote")
@Index("IDX_quote_status", ["status", "submittedAt"])
export class Quote {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: "integer" })
  opportunityId!: number;

  @Column({ type: "bigint", transformer: fen })
  amountFen!: number;

  /** Percent off the list price, 0 to 100. */
  @Column({ type: "double precision", nullable: true })
  discountPct!: number | null;

  /** YYYY-MM-DD. */
  @Column({ type: "varchar", length: 10 })
  validUntil!: string;

  @Column({ type: "integer", nullable: true })
  attachmentId!: number | null;

  @Column({ type: "varchar", length: 64 })
  submittedBy!: string;

  @Column({ type: "bigint", transformer: epochMs })
  submittedAt!: Date;

  /** The manager who decides: the submitter's manager when it was submitted. */
  @Column({ type: "varchar", length: 64 })
  approverUserid!: string;

  @Column({ type: "varchar", length: 12, default: "pending" })
  status!: QuoteStatus;

  @Column({ type: "bigint", transformer: epochMs, nullable: true })
  decidedAt!: Date | null;
}
