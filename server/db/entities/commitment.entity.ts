import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import type { Speaker } from "../../extractor/extraction";
import { epochMs } from "../timestamp-column";

/** A dated next step someone committed to (下周三前给报价), as the extractor resolved it. */
@Entity("commitment")
@Index("IDX_commitment_customer_due", ["customerId", "dueAt"])
export class Commitment {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: "integer" })
  customerId!: number;

  @Column({ type: "integer" })
  interactionId!: number;

  /** The normalised due form (next_wednesday, within_3d, month_end, an ISO date …). */
  @Column({ type: "varchar", length: 32 })
  due!: string;

  @Column({ type: "bigint", transformer: epochMs })
  dueAt!: Date;

  /** Who made it: the rep, the customer, or the rep's narration. */
  @Column({ type: "varchar", length: 16 })
  madeBy!: Speaker;

  @Column({ type: "varchar", length: 200 })
  phrase!: string;

  @Column({ type: "bigint", transformer: epochMs })
  createdAt!: Date;
}
