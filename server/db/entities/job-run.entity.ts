import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import { epochMs } from "../timestamp-column";

/**
 * One run of a scheduled job for one time slot. Unique per (job, slot): when several Beat processes
 * share a database and all reach 08:30, the first to insert the row runs the digest; the others see
 * the row and skip.
 */
@Entity("job_run")
@Index("IDX_job_run_slot", ["job", "slot"], { unique: true })
export class JobRun {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: "varchar", length: 40 })
  job!: string;

  /** The scheduled minute, ISO, UTC: 2026-12-05T00:30Z for 08:30 in Shanghai. */
  @Column({ type: "varchar", length: 32 })
  slot!: string;

  @Column({ type: "bigint", transformer: epochMs })
  startedAt!: Date;

  @Column({ type: "bigint", transformer: epochMs, nullable: true })
  finishedAt!: Date | null;

  /** The run's summary counts (red dots opened, digests sent …). */
  @Column({ type: "simple-json", nullable: true })
  counts!: Record<string, number> | null;
}
