import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import { epochMs } from "../timestamp-column";

export const PERSON_ROLES = ["rep", "manager", "finance", "admin"] as const;
export type PersonRole = (typeof PERSON_ROLES)[number];

/** A member of the sales team, keyed by the stable WeCom userid, never by display name. */
@Entity("person")
export class Person {
  @PrimaryGeneratedColumn()
  id!: number;

  @Index("IDX_person_userid", { unique: true })
  @Column({ type: "varchar", length: 64 })
  userid!: string;

  @Column({ type: "varchar", length: 100 })
  name!: string;

  @Column({ type: "varchar", length: 16 })
  role!: PersonRole;

  /** The manager's WeCom userid; a manager's team is everyone who names them here. */
  @Index("IDX_person_manager")
  @Column({ type: "varchar", length: 64, nullable: true })
  managerUserid!: string | null;

  @Column({ type: "bigint", transformer: epochMs })
  createdAt!: Date;

  @Column({ type: "bigint", transformer: epochMs })
  updatedAt!: Date;
}
