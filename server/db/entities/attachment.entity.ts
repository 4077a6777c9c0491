import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import { epochMs } from "../timestamp-column";

/** A file given as evidence for a stage, stored once per content hash under data/attachments. */
@Entity("attachment")
@Index("IDX_attachment_opportunity", ["opportunityId", "stageKey"])
export class Attachment {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: "integer" })
  opportunityId!: number;

  @Column({ type: "varchar", length: 40 })
  stageKey!: string;

  /** The pipeline's attachment type (site_photo, quote …). */
  @Column({ type: "varchar", length: 40 })
  type!: string;

  /** The name the file had on the phone; shown, never trusted. */
  @Column({ type: "varchar", length: 200 })
  fileName!: string;

  /** Read from the bytes, not from the name or the request. */
  @Column({ type: "varchar", length: 100 })
  contentType!: string;

  @Column({ type: "integer" })
  size!: number;

  @Column({ type: "varchar", length: 64 })
  sha256!: string;

  @Column({ type: "varchar", length: 64 })
  uploadedBy!: string;

  @Column({ type: "bigint", transformer: epochMs })
  uploadedAt!: Date;
}
