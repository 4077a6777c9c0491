import {
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
} from "typeorm";
import { epochMs } from "../timestamp-column";
import { Customer } from "./customer.entity";

/** Decision-chain roles (DESIGN.md, 联系人): 采购, 技术, 财务, 高管, 使用部门. */
export const CONTACT_ROLES = ["procurement", "technical", "finance", "executive", "user"] as const;
export type ContactRole = (typeof CONTACT_ROLES)[number];

/** A person at a customer. Unique by name within the customer, which is how imports find them again. */
@Entity("contact")
@Index("IDX_contact_customer_name", ["customerId", "name"], { unique: true })
export class Contact {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: "integer" })
  customerId!: number;

  @ManyToOne(
    () => Customer,
    (customer) => customer.contacts,
    { onDelete: "CASCADE" },
  )
  @JoinColumn({ name: "customerId" })
  customer!: Relation<Customer>;

  @Column({ type: "varchar", length: 100 })
  name!: string;

  /** Null when nothing said which part of the decision chain they are (a 王经理 with no department). */
  @Column({ type: "varchar", length: 16, nullable: true })
  role!: ContactRole | null;

  /** Stored to recognise calls from them; never logged. */
  @Column({ type: "varchar", length: 32, nullable: true })
  phone!: string | null;

  /** Set when the contact is linked to a WeChat contact a rep added (客户联系). */
  @Column({ type: "varchar", length: 64, nullable: true })
  externalUserid!: string | null;

  @Column({ type: "bigint", transformer: epochMs, nullable: true })
  lastContactAt!: Date | null;

  @Column({ type: "bigint", transformer: epochMs })
  createdAt!: Date;
}
