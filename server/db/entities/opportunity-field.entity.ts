import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import { epochMs } from "../timestamp-column";

/** One filled-in field of one stage of an opportunity; filling it again replaces the value. */
@Entity("opportunity_field")
@Index("IDX_opportunity_field_key", ["opportunityId", "stageKey", "fieldKey"], { unique: true })
export class OpportunityField {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: "integer" })
  opportunityId!: number;

  @Column({ type: "varchar", length: 40 })
  stageKey!: string;

  @Column({ type: "varchar", length: 40 })
  fieldKey!: string;

  /** A string, number, list of strings, or a contact id, as the field's type says. */
  @Column({ type: "simple-json" })
  value!: unknown;

  @Column({ type: "varchar", length: 64 })
  setBy!: string;

  @Column({ type: "bigint", transformer: epochMs })
  setAt!: Date;
}
