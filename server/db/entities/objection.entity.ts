import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import type { ObjectionCategory } from "../../extractor/extraction";
import { epochMs } from "../timestamp-column";

/** A customer's objection (异议), open until a closing action that answers its category is logged. */
@Entity("objection")
@Index("IDX_objection_customer_open", ["customerId", "closedAt"])
export class Objection {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: "integer" })
  customerId!: number;

  @Column({ type: "integer" })
  interactionId!: number;

  @Column({ type: "varchar", length: 32 })
  category!: ObjectionCategory;

  @Column({ type: "varchar", length: 200 })
  phrase!: string;

  @Column({ type: "bigint", transformer: epochMs })
  raisedAt!: Date;

  @Column({ type: "bigint", transformer: epochMs, nullable: true })
  closedAt!: Date | null;

  @Column({ type: "integer", nullable: true })
  closingInteractionId!: number | null;

  /** The closing action's label (降价说明, 竞品对比表, 成功案例 …). */
  @Column({ type: "varchar", length: 32, nullable: true })
  closingAction!: string | null;
}
