import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import { epochMs } from "../timestamp-column";

/**
 * A mini-program login. Only the SHA-256 of the token is stored: a copy of the table lets nobody in.
 * WeCom's session_key stays with WeCom; Beat never needs it.
 */
@Entity("mp_session")
export class MpSession {
  @PrimaryGeneratedColumn()
  id!: number;

  @Index("IDX_mp_session_token", { unique: true })
  @Column({ type: "varchar", length: 64 })
  tokenHash!: string;

  @Column({ type: "varchar", length: 64 })
  userid!: string;

  @Column({ type: "bigint", transformer: epochMs })
  createdAt!: Date;

  @Column({ type: "bigint", transformer: epochMs })
  expiresAt!: Date;
}
