import type { ContactFinding, Evidence, Role } from "../extraction";
import type { Lexicon } from "./load-lexicon";
import { type Segment, segmentAt } from "./speech-segments";

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
  const mentions = mergeDepartments(text, pickLongest(mentionsIn(text, lexicon)));
  resolveGenericHeads(text, mentions, lexicon);

  const roles: RoleHit[] = [];
  const contacts: ContactFinding[] = [];
  for (const m of mentions) {
    const segment = segmentAt(segments, m.start);
    if (!segment) {
      continue;
    }
    const contacted = wasContacted(m, segment, segments, text, lexicon);
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

/** Between a department and a person title: 采购的何经理, 仓储部张经理. */
const DEPARTMENT_JOINT = /^(?:部|科|处|站|室|中心)?的?$/u;
/** 理化科的科长, 客房部经理: an unnamed department that runs something, so a using department. */
const UNNAMED_DEPARTMENT = /(?:部|科|处|室|车间)(?:的)?$/u;

/**
 * 采购的何经理, 设备部老郑, 装备站的老师: one person, in the department's role. A rank outranks the
 * department: 分管生产的副总 is an executive.
 */
function mergeDepartments(text: string, mentions: Mention[]): Mention[] {
  const merged: Mention[] = [];
  for (const m of mentions) {
    const last = merged[merged.length - 1];
    const between = last ? text.slice(last.end, m.start) : "";
    if (
      m.kind === "person" &&
      !m.named &&
      m.role === null &&
      UNNAMED_DEPARTMENT.test(text.slice(0, m.start))
    ) {
      m.role = "user";
    }
    if (
      last &&
      last.kind === "department" &&
      m.kind === "person" &&
      DEPARTMENT_JOINT.test(between)
    ) {
      const rank = !m.named && m.role === "executive";
      merged[merged.length - 1] = {
        start: last.start,
        end: m.end,
        role: rank ? m.role : (last.role ?? m.role),
        kind: "person",
        named: m.named,
        nameStart: m.nameStart,
      };
      continue;
    }
    merged.push(m);
  }

  return merged;
}

/** A bare 主任 after 信息主任 is the same person, in the same role. */
function resolveGenericHeads(text: string, mentions: Mention[], lexicon: Lexicon): void {
  mentions.forEach((m, i) => {
    const word = text.slice(m.start, m.end);
    if (!lexicon.roles.genericHeads.includes(word)) {
      return;
    }
    for (let j = i - 1; j >= 0; j--) {
      const earlier = mentions[j] as Mention;
      const earlierWord = text.slice(earlier.start, earlier.end);
      if (earlierWord !== word && earlierWord.endsWith(word)) {
        m.role = earlier.role;

        return;
      }
    }
  });
}

function wasContacted(
  m: Mention,
  segment: Segment,
  segments: Segment[],
  text: string,
  lexicon: Lexicon,
) {
  const r = lexicon.roles;
  const clauseStart = segments.find((s) => s.clause === segment.clause)?.start ?? segment.start;
  const clauseEnd = segments.findLast((s) => s.clause === segment.clause)?.end ?? segment.end;
  const before = text.slice(Math.max(clauseStart, m.start - 12), m.start);
  const after = text.slice(m.end, clauseEnd);
  const nextClause = segments.find(
    (s) => s.clause === segment.clause + 1 && s.sentence === segment.sentence,
  );
  const nearby = text.slice(clauseStart, nextClause ? nextClause.end : clauseEnd);

  if (r.noContact.test(nearby) || r.mentionBefore.test(before) || r.mentionAfter.test(after)) {
    return false;
  }
  if (r.futureBefore.test(before)) {
    return false;
  }
  if (segment.inTranscript) {
    // In a transcript the turn's speaker, or whom the rep addresses, opens the turn (客户（采购）：…,
    // 我：陈总，…); anyone else named inside a turn is talked about.
    return segment.label || segment.opensTurn;
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
function speaksNext(next: Segment | undefined, text: string): boolean {
  return (
    !!next && /^\s*(?:又|也|就|还)?(?:说|问|表示|反映|回复)/u.test(text.slice(next.start, next.end))
  );
}
