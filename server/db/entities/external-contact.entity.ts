import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import { epochMs } from "../timestamp-column";

export type ExternalContactStatus = "linked" | "unlinked" | "removed";

/**
 * A customer-side WeChat contact that a rep added in WeCom (客户联系), and the customer and contact
 * Beat tied it to; unlinked ones wait for the rep to say which customer they belong to.
 */
@Entity("external_contact")
@Index("IDX_external_contact_user_rep", ["externalUserid", "repUserid"], { unique: true })
@Index("IDX_external_contact_rep_status", ["repUserid", "status"])
export class ExternalContact {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: "varchar", length: 64 })
  externalUserid!: string;

  @Column({ type: "varchar", length: 64 })
  repUserid!: string;

  /** The contact's WeChat name, the company they gave, and the rep's remark, when WeCom told us. */
  @Column({ type: "varchar", length: 100, nullable: true })
  name!: string | null;

  @Column({ type: "varchar", length: 200, nullable: true })
  corpName!: string | null;

  @Column({ type: "varchar", length: 200, nullable: true })
  remark!: string | null;

  @Column({ type: "integer", nullable: true })
  customerId!: number | null;

  @Column({ type: "integer", nullable: true })
  contactId!: number | null;

  @Column({ type: "varchar", length: 16 })
  status!: ExternalContactStatus;

  @Column({ type: "bigint", transformer: epochMs })
  createdAt!: Date;

  @Column({ type: "bigint", transformer: epochMs })
  updatedAt!: Date;
}
