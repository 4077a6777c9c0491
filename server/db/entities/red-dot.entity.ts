import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import { epochMs } from "../timestamp-column";

/** The rules of DESIGN.md (红点), plus the manager items that rep-level patterns open. */
export const RED_DOT_RULES = [
  "stage_timeout",
  "demand_unanswered",
  "objection_open",
  "key_customer_silent",
  "opportunity_stale",
  "quote_approval_waiting",
  "verify_contacts",
  "health_red",
] as const;
export type RedDotRule = (typeof RED_DOT_RULES)[number];

/**
 * An overdue action someone must take, raised by a rule and closed by the rule when its condition is
 * gone, never by a tap. At most one open red dot per rule and subject (a partial unique index).
 */
@Entity("red_dot")
@Index("IDX_red_dot_owner_open", ["ownerUserid", "closedAt"])
@Index("IDX_red_dot_rule_open", ["rule", "closedAt"])
export class RedDot {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: "varchar", length: 40 })
  rule!: RedDotRule;

  /** What it is about: a demand, objection, customer, opportunity, quote or rep, by id or userid. */
  @Column({ type: "varchar", length: 80 })
  subject!: string;

  /** Who must act: the rep, or for manager items and quote approvals, the manager. */
  @Column({ type: "varchar", length: 64 })
  ownerUserid!: string;

  @Column({ type: "integer", nullable: true })
  customerId!: number | null;

  @Column({ type: "integer", nullable: true })
  opportunityId!: number | null;

  @Column({ type: "bigint", transformer: epochMs })
  openedAt!: Date;

  /** Since when the action is overdue (the demand's 24 hours ran out at …): what ranks it. */
  @Column({ type: "bigint", transformer: epochMs })
  overdueSince!: Date;

  @Column({ type: "bigint", transformer: epochMs, nullable: true })
  closedAt!: Date | null;

  /** Why it opened, as facts a person can check (the demand's words, the last contact's date …). */
  @Column({ type: "simple-json" })
  facts!: Record<string, unknown>;

  /** What closes it, in a rep's words. */
  @Column({ type: "varchar", length: 200 })
  closeHint!: string;

  /** The deal value it concerns, in fen, for ranking; null when none. */
  @Column({
    type: "bigint",
    nullable: true,
    transformer: {
      to: (v: number | null) => v,
      from: (v: string | number | null) => (v == null ? null : Number(v)),
    },
  })
  valueFen!: number | null;

  @Column({ type: "boolean", default: false })
  keyCustomer!: boolean;
}
