import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import { epochMs } from "../timestamp-column";

export type OpportunityEventKind =
  | "created"
  | "stage_moved"
  | "field_set"
  | "attachment_added"
  | "timeout"
  | "extension_requested"
  | "extension_granted"
  | "extension_refused"
  | "handed_over"
  | "quote_submitted"
  | "quote_approved"
  | "quote_refused";

/** The opportunity's history: every change, who made it and when. Never updated, only added to. */
@Entity("opportunity_event")
@Index("IDX_opportunity_event_time", ["opportunityId", "at"])
export class OpportunityEvent {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: "integer" })
  opportunityId!: number;

  @Column({ type: "varchar", length: 32 })
  kind!: OpportunityEventKind;

  /** The stage the opportunity was in when it happened (for a move, the stage it left). */
  @Column({ type: "varchar", length: 40 })
  stageKey!: string;

  /** What happened, for people and the cycle figures: the new stage, the field, the file, the reason. */
  @Column({ type: "simple-json" })
  detail!: Record<string, unknown>;

  /** A WeCom userid, or "beat" for what the scheduled scan did. */
  @Column({ type: "varchar", length: 64 })
  byUserid!: string;

  @Column({ type: "bigint", transformer: epochMs })
  at!: Date;
}
