import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import { epochMs } from "../timestamp-column";

/** Open until evidence or a move ends the breach; extended while a granted extension runs. */
export type TimeoutStatus = "open" | "extension_requested" | "extended" | "resolved";

/**
 * One breach of a stage's time limit. Unique per (opportunity, stage, deadline), so however many scans
 * see the same overrun it is raised once; new evidence restarts the clock and a granted extension
 * moves the deadline, and a later overrun of either is a new breach.
 */
@Entity("stage_timeout")
@Index("IDX_stage_timeout_breach", ["opportunityId", "stageKey", "dueAt"], { unique: true })
@Index("IDX_stage_timeout_status", ["status"])
export class StageTimeout {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: "integer" })
  opportunityId!: number;

  @Column({ type: "varchar", length: 40 })
  stageKey!: string;

  @Column({ type: "bigint", transformer: epochMs })
  clockStartedAt!: Date;

  /** When the limit (plus any extension) ran out. */
  @Column({ type: "bigint", transformer: epochMs })
  dueAt!: Date;

  @Column({ type: "bigint", transformer: epochMs })
  raisedAt!: Date;

  @Column({ type: "varchar", length: 24, default: "open" })
  status!: TimeoutStatus;

  @Column({ type: "varchar", length: 100, nullable: true })
  extensionReason!: string | null;

  @Column({ type: "bigint", transformer: epochMs, nullable: true })
  resolvedAt!: Date | null;

  /**
   * When its alerts were queued. Set after queuing them, so a crash in between queues them again on
   * the next scan, under the same dedupe keys: late rather than lost, and never twice.
   */
  @Column({ type: "bigint", transformer: epochMs, nullable: true })
  notifiedAt!: Date | null;
}
