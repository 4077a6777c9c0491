import { Column, Entity, Index, OneToMany, PrimaryGeneratedColumn, type Relation } from "typeorm";
import type { Tag } from "../../extractor/extraction";
import { epochMs } from "../timestamp-column";
import { Contact } from "./contact.entity";

/** The last phrase that showed each tag on this customer, and when. */
export type CustomerTags = Partial<Record<Tag, { phrase: string; at: string }>>;

/** A customer company. Its name is its identity for imports, so it is unique. */
@Entity("customer")
export class Customer {
  @PrimaryGeneratedColumn()
  id!: number;

  @Index("IDX_customer_name", { unique: true })
  @Column({ type: "varchar", length: 200 })
  name!: string;

  @Index("IDX_customer_owner")
  @Column({ type: "varchar", length: 64 })
  ownerUserid!: string;

  /** 重点客户: silence on a key customer raises a red dot sooner. */
  @Column({ type: "boolean", default: false })
  isKey!: boolean;

  @Column({ type: "varchar", length: 100, nullable: true })
  industry!: string | null;

  @Column({ type: "varchar", length: 300, nullable: true })
  address!: string | null;

  @Column({ type: "double precision", nullable: true })
  latitude!: number | null;

  @Column({ type: "double precision", nullable: true })
  longitude!: number | null;

  /** Other names reps use for it (简称, 旧名); a follow-up that says one of them is about this customer. */
  @Column({ type: "simple-json", default: "[]" })
  aliases!: string[];

  /** What the customer said about budget and timeline, in their words; null until someone says it. */
  @Column({ type: "varchar", length: 200, nullable: true })
  budget!: string | null;

  @Column({ type: "varchar", length: 200, nullable: true })
  timeline!: string | null;

  @Column({ type: "simple-json", default: "{}" })
  tags!: CustomerTags;

  /** The last real interaction with the customer (the contact clock). */
  @Column({ type: "bigint", transformer: epochMs, nullable: true })
  lastContactAt!: Date | null;

  /** The interaction that last moved the contact clock, so the record says what reset it. */
  @Column({ type: "integer", nullable: true })
  lastContactInteractionId!: number | null;

  @OneToMany(
    () => Contact,
    (contact) => contact.customer,
  )
  contacts!: Relation<Contact[]>;

  @Column({ type: "bigint", transformer: epochMs })
  createdAt!: Date;

  @Column({ type: "bigint", transformer: epochMs })
  updatedAt!: Date;
}
