import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";
import type { PipelineDefinition } from "../../pipeline/pipeline-definition";
import { epochMs } from "../timestamp-column";

/** Every pipeline definition ever saved; the newest is the one in force. Kept so nothing is lost. */
@Entity("pipeline_version")
export class PipelineVersion {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: "simple-json" })
  definition!: PipelineDefinition;

  /** The admin who saved it, or "default" for the file that ships with Beat. */
  @Column({ type: "varchar", length: 64 })
  savedBy!: string;

  @Column({ type: "bigint", transformer: epochMs })
  savedAt!: Date;
}
