import type { ContactFinding, Evidence, Role } from "../extraction";
import type { Lexicon } from "./load-lexicon";
import { type ClauseSpan, clauseSpans, type Segment, segmentAt } from "./speech-segments";

export interface RoleHit {
  role: Role;
  evidence: Evidence;
}

interface Mention {
  start: number;
  end: number;
  role: Role | null;
  kind: "department" | "person";
  /** A surname with a title or 老 before it: 王经理, 李工, 老郑. */
  named: boolean;
  /** Where the name starts, for 采购王经理. */
  nameStart: number;
  /** 小李: a name that says who it is only after a department (采购部的小李). */
  needsDepartment?: boolean;
}

/**
 * Finds the people on the customer's side: titles and departments that reveal a decision-chain role,
 * and whether each was actually talked to (see lexicon/roles.yaml). Named people become contacts.
 */
export function findRoles(
  original: string,
  text: string,
  segments: Segment[],
  lexicon: Lexicon,
): { roles: RoleHit[]; contacts: ContactFinding[] } {
  const mentions = mergeDepartments(text, pickLongest(mentionsIn(text, lexicon)), lexicon);
  resolveGenericHeads(text, mentions, lexicon);
  resolveNames(text, mentions);
  const clauses = clauseSpans(segments);
  // Whether a clause (with the next one in its sentence) says nobody was reached; asked once per clause,
  // not once per person in it, so that a long clause full of names stays linear.
  const noContact = new Map<number, boolean>();
  const noContactNear = (clause: number): boolean => {
    let known = noContact.get(clause);
    if (known === undefined) {
      const here = clauses[clause] as ClauseSpan;
      const next = clauses[clause + 1];
      const end = next && next.sentence === here.sentence ? next.end : here.end;
      known = lexicon.roles.noContact.test(text.slice(here.start, end));
      noContact.set(clause, known);
    }

    return known;
  };

  const roles: RoleHit[] = [];
  const contacts: ContactFinding[] = [];
  for (const m of mentions) {
    const segment = segmentAt(segments, m.start);
    if (!segment) {
      continue;
    }
    const contacted =
      !noContactNear(segment.clause) && wasContacted(m, segment, clauses, text, lexicon);
    const evidence = {
      start: m.start,
      end: m.end,
      text: original.slice(m.start, m.end),
      rule: `role.${m.kind}`,
    };
    if (m.role && contacted) {
      roles.push({ role: m.role, evidence });
    }
    if (m.named) {
      contacts.push({
        name: original.slice(m.nameStart, m.end),
        role: m.role,
        contacted,
        evidence,
      });
    }
  }

  return { roles, contacts };
}

function mentionsIn(text: string, lexicon: Lexicon): Mention[] {
  const r = lexicon.roles;
  const found: Mention[] = [];
  for (const m of text.matchAll(r.terms)) {
    const term = r.termOf.get(m[0]);
    const end = m.index + m[0].length;
    // 技术上没问题, 采购流程: the department's subject matter, not its people.
    if (term?.kind === "department" && r.topicAfter.test(text.slice(end, end + 4))) {
      continue;
    }
    if (term) {
      found.push({
        start: m.index,
        end: m.index + m[0].length,
        role: term.role,
        kind: term.kind,
        named: false,
        nameStart: m.index,
      });
    }
  }
  for (const m of text.matchAll(r.surnameTitle)) {
    if (r.notNames.has(m[0].slice(0, 2))) {
      continue;
    }
    const title = m[0].slice(1);
    found.push({
      start: m.index,
      end: m.index + m[0].length,
      role: r.surnameTitleRole.get(title) ?? null,
      kind: "person",
      named: true,
      nameStart: m.index,
    });
  }
  for (const m of text.matchAll(r.youngSurname)) {
    found.push({
      start: m.index,
      end: m.index + m[0].length,
      role: null,
      kind: "person",
      named: true,
      nameStart: m.index,
      needsDepartment: true,
    });
  }
  for (const m of text.matchAll(r.oldSurname)) {
    if (r.notNames.has(m[0])) {
      continue;
    }
    found.push({
      start: m.index,
      end: m.index + 2,
      role: r.oldSurnameRole,
      kind: "person",
      named: true,
      nameStart: m.index,
    });
  }

  return found;
}

/** Overlapping mentions keep the longest: 财务总监 over 总监, 采购部长 over 采购. */
function pickLongest(found: Mention[]): Mention[] {
  found.sort((a, b) => a.start - b.start || b.end - b.start - (a.end - a.start));
  const kept: Mention[] = [];
  for (const m of found) {
    const last = kept[kept.length - 1];
    if (last && m.start < last.end) {
      continue;
    }
    kept.push(m);
  }

  return kept;
}

/** How far before or after a mention its cues are looked for: every cue in roles.yaml is shorter. */
const CUE_REACH = 40;

/** Between a department and a person title: 采购的何经理, 仓储部张经理. */
const DEPARTMENT_JOINT = /^(?:部|科|处|站|室|中心)?的?$/u;
/** 理化科的科长, 客房部经理: an unnamed department that runs something, so a using department. */
const UNNAMED_DEPARTMENT = /(?:部|科|处|室|车间)(?:的)?$/u;

/**
 * 采购的何经理, 设备部老郑, 装备站的老师: one person, in the department's role. A title that names its
 * own function or rank outranks the department (项目部的技术负责人 is technical, 分管生产的副总 an
 * executive); a generic head (经理, 主任, 科长) or a name takes the department's. 保利物业的采购: the
 * first department only says whose the second is.
 */
function mergeDepartments(text: string, mentions: Mention[], lexicon: Lexicon): Mention[] {
  const merged: Mention[] = [];
  for (const m of mentions) {
    const last = merged[merged.length - 1];
    const between = last ? text.slice(last.end, m.start) : "";
    if (
      m.kind === "person" &&
      m.role === null &&
      UNNAMED_DEPARTMENT.test(text.slice(Math.max(0, m.nameStart - 4), m.nameStart))
    ) {
      m.role = "user";
    }
    const joined = last?.kind === "department" && DEPARTMENT_JOINT.test(between);
    if (joined && m.kind === "department") {
      merged[merged.length - 1] = m;
      continue;
    }
    if (joined && m.kind === "person") {
      const word = text.slice(m.start, m.end);
      const ownTitle = !m.named && m.role !== null && !lexicon.roles.genericHeads.includes(word);
      merged[merged.length - 1] = {
        start: last.start,
        end: m.end,
        role: ownTitle ? m.role : (last.role ?? m.role),
        kind: "person",
        named: m.named,
        nameStart: m.nameStart,
      };
      continue;
    }
    if (!m.needsDepartment) {
      merged.push(m);
    }
  }

  return merged;
}

/** 采购部的钱经理 … 钱经理说: a name seen with its department keeps that role when it comes back alone. */
function resolveNames(text: string, mentions: Mention[]): void {
  const roleOf = new Map<string, Role>();
  for (const m of mentions) {
    if (!m.named) {
      continue;
    }
    const name = text.slice(m.nameStart, m.end);
    const known = roleOf.get(name);
    if (m.role === null && known) {
      m.role = known;
    } else if (m.role !== null && m.nameStart > m.start) {
      roleOf.set(name, m.role);
    }
  }
}

/** A bare 主任 after 信息主任 is the same person, in the same role: the latest fuller mention's. */
function resolveGenericHeads(text: string, mentions: Mention[], lexicon: Lexicon): void {
  const heads = lexicon.roles.genericHeads;
  const fuller = new Map<string, Role | null>();
  for (const m of mentions) {
    const word = text.slice(m.start, m.end);
    if (heads.includes(word)) {
      if (fuller.has(word)) {
        m.role = fuller.get(word) as Role | null;
      }
      continue;
    }
    for (const head of heads) {
      if (word.endsWith(head)) {
        fuller.set(head, m.role);
      }
    }
  }
}

function wasContacted(
  m: Mention,
  segment: Segment,
  clauses: ClauseSpan[],
  text: string,
  lexicon: Lexicon,
) {
  const r = lexicon.roles;
  const { start: clauseStart, end: clauseEnd } = clauses[segment.clause] as ClauseSpan;
  const before = text.slice(Math.max(clauseStart, m.start - 12), m.start);
  const after = text.slice(m.end, Math.min(clauseEnd, m.end + CUE_REACH));
  const following = clauses[segment.clause + 1];
  const nextClause = following?.sentence === segment.sentence ? following : undefined;

  if (r.mentionBefore.test(before) || r.mentionAfter.test(after)) {
    return false;
  }
  if (r.futureBefore.test(before)) {
    return false;
  }
  if (segment.inTranscript) {
    // In a transcript the turn's speaker, or whom the rep addresses, opens the turn (客户（采购）：…,
    // 我：陈总，…); anyone else named inside a turn is talked about.
    return segment.label || (segment.opensTurn && m.start - clauseStart <= 2);
  }
  const speaks =
    r.speechAfter.test(after) || (m.start - clauseStart <= 8 && speaksNext(nextClause, text));
  const reached = r.contactBefore.test(before);
  if (r.possessiveBefore.test(before)) {
    return speaks || reached;
  }

  return m.kind === "person" || speaks || reached;
}

/** 质检部把样板测完了，说附着力没问题: the department is the subject of the next clause's 说. */
function speaksNext(next: ClauseSpan | undefined, text: string): boolean {
  return (
    !!next &&
    /^\s*(?:又|也|就|还)?(?:说|问|表示|反映|回复)/u.test(text.slice(next.start, next.start + 12))
  );
}
