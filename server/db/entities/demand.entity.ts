import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import { epochMs } from "../timestamp-column";

/** Something a customer asked for (需求), open until the rep's first response. */
@Entity("demand")
@Index("IDX_demand_customer_open", ["customerId", "answeredAt"])
export class Demand {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: "integer" })
  customerId!: number;

  @Column({ type: "integer" })
  interactionId!: number;

  /** The lexicon's kind (quote, proposal, sample …) and its label (报价, 方案框架, 样品 …). */
  @Column({ type: "varchar", length: 32 })
  kind!: string;

  @Column({ type: "varchar", length: 32 })
  label!: string;

  /** The words it was read from. */
  @Column({ type: "varchar", length: 200 })
  phrase!: string;

  @Column({ type: "bigint", transformer: epochMs })
  raisedAt!: Date;

  @Column({ type: "bigint", transformer: epochMs, nullable: true })
  answeredAt!: Date | null;

  @Column({ type: "integer", nullable: true })
  answerInteractionId!: number | null;

  /** What answered it (方案框架, 报价区间, 时间节点 …). */
  @Column({ type: "varchar", length: 32, nullable: true })
  answerLabel!: string | null;
}
