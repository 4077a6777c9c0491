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
  let previous: { end: number; clause: number; contacted: boolean } | undefined;
  for (const m of mentions) {
    const segment = segmentAt(segments, m.start);
    if (!segment) {
      continue;
    }
    // 跟永昌钢构的采购、技术部张工还有财务: one list, one fate.
    const listed =
      previous?.clause === segment.clause &&
      lexicon.roles.listJoint.test(text.slice(previous.end, m.start));
    const contacted = listed
      ? (previous?.contacted ?? false)
      : !noContactNear(segment.clause) && wasContacted(m, segment, clauses, text, lexicon);
    previous = { end: m.end, clause: segment.clause, contacted };
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
      // buyer Lisa, 采购Amy: an English name after the title is the person's; 一个采购 is one person too.
      const name = ENGLISH_NAME.exec(text.slice(end, end + 16));
      const counted = COUNTED.test(text.slice(Math.max(0, m.index - 3), m.index));
      found.push({
        start: m.index,
        end: end + (name?.[0].length ?? 0),
        role: term.role,
        kind: name || counted ? "person" : term.kind,
        named: !!name,
        nameStart: m.index,
      });
    }
  }
  for (const m of text.matchAll(r.surnameTitle)) {
    // 徐工的采购中心: a name that owns a department is a company's.
    const owns =
      text[m.index + m[0].length] === "的" && startsTerm(text, m.index + m[0].length + 1, r);
    if (r.notNames.has(m[0].slice(0, 2)) || owns) {
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
    // 王老吉的采购: a name that owns a department is a company's.
    const owns = text[m.index + 2] === "的" && startsTerm(text, m.index + 3, r);
    if (r.notNames.has(m[0]) || owns) {
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

/** Whether a department word starts at `at`: 徐工的采购中心, 徐工的一个采购. */
function startsTerm(text: string, at: number, r: Lexicon["roles"]): boolean {
  const from = at + (COUNTER.exec(text.slice(at, at + 3))?.[0].length ?? 0);
  r.terms.lastIndex = 0;
  const m = r.terms.exec(text.slice(from, from + 8));
  r.terms.lastIndex = 0;

  return m?.index === 0 && r.termOf.get(m[0])?.kind === "department";
}

/** 一个采购, 两位工程师: a count of people. */
const COUNTER = /^(?:一|两|几|[0-9]{1,2})(?:个|位|名)/u;
const COUNTED = /(?:一|两|几|[0-9])(?:个|位|名)$/u;

/** A given name written in English right after a title: 采购Amy, buyer Lisa (not 采购部, not IT). */
const ENGLISH_NAME = /^ ?[a-z][a-z]{1,11}(?![a-z])/u;

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

/**
 * Between a department and a person title: 采购的何经理, 仓储部张经理, 先到设备科找了刘科长, and the
 * space of a transcript's label (客户（采购 韩经理）：).
 */
const DEPARTMENT_JOINT =
  /^(?:部|科|处|站|室|中心)?\s?(?:的|找了?|见了?)?(?:一个|一位|那个|这个|那位)?$/u;
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
      // 物资采购, 保利物业的采购: the second names the role, the first opens the mention.
      merged[merged.length - 1] = { ...m, start: last.start, nameStart: m.start };
      continue;
    }
    // 技术总监老黄, 车间主任老刘: a title and then the name of the one who holds it.
    const apposed =
      last?.kind === "person" && !last.named && last.role !== null && m.named && between === "";
    if (apposed) {
      merged[merged.length - 1] = { ...m, start: last.start, role: last.role };
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

/**
 * 采购部的钱经理 … 钱经理说: a name seen with its department or title keeps that role wherever it comes
 * alone, before or after, over what its own title says (采购部周工 is procurement, so is 周工).
 */
function resolveNames(text: string, mentions: Mention[]): void {
  const roleOf = new Map<string, Role>();
  for (const m of mentions) {
    if (m.named && m.role !== null && m.nameStart > m.start) {
      roleOf.set(text.slice(m.nameStart, m.end), m.role);
    }
  }
  for (const m of mentions) {
    const known =
      m.named && m.nameStart === m.start ? roleOf.get(text.slice(m.start, m.end)) : null;
    if (known) {
      m.role = known;
    }
  }
}

/**
 * A bare 主任 after 信息主任 is the same person, in the same role: the latest fuller mention's. A bare
 * 科长 after 信息科 heads that 科 and takes its role.
 */
function resolveGenericHeads(text: string, mentions: Mention[], lexicon: Lexicon): void {
  const heads = lexicon.roles.genericHeads;
  const fuller = new Map<string, Role | null>();
  const unitRole = new Map<string, Role>();
  for (const m of mentions) {
    const word = text.slice(m.start, m.end);
    if (heads.includes(word)) {
      const unit = UNIT_HEAD.exec(word)?.[1];
      if (fuller.has(word)) {
        m.role = fuller.get(word) as Role | null;
      } else if (unit && unitRole.has(unit)) {
        m.role = unitRole.get(unit) as Role;
      }
      continue;
    }
    const unit = UNIT_OF.exec(word)?.[1];
    if (m.kind === "department" && m.role && unit) {
      unitRole.set(unit, m.role);
    }
    for (const head of heads) {
      if (word.endsWith(head)) {
        fuller.set(head, m.role);
      }
    }
  }
}

/** 科长, 处长, 部长: the head of a unit named by its last character. */
const UNIT_HEAD = /^(科|处|部)长$/u;
const UNIT_OF = /(科|处|部)$/u;

function wasContacted(
  m: Mention,
  segment: Segment,
  clauses: ClauseSpan[],
  text: string,
  lexicon: Lexicon,
) {
  const r = lexicon.roles;
  const { start: clauseStart, end: clauseEnd } = clauses[segment.clause] as ClauseSpan;
  const before = text.slice(Math.max(clauseStart, m.start - 16), m.start);
  const after = text.slice(m.end, Math.min(clauseEnd, m.end + CUE_REACH));
  const following = clauses[segment.clause + 1];
  const nextClause = following?.sentence === segment.sentence ? following : undefined;

  if (r.mentionBefore.test(before) || r.mentionAfter.test(after)) {
    return false;
  }
  if (m.kind === "department" && r.topicBefore.test(before)) {
    return false;
  }
  if (r.futureBefore.test(before) || segment.planned) {
    return false;
  }
  if (segment.inTranscript) {
    // In a transcript the turn's speaker, or whom the rep addresses, opens the turn (客户（采购）：…,
    // 我：陈总，…); anyone else named inside a turn is talked about (客户（园长）：老师们说挺好).
    const addressed = segment.opensTurn && m.start - clauseStart <= 2 && r.addressAfter.test(after);

    return (segment.label && segment.speaker !== "rep") || addressed;
  }
  const reached =
    r.contactBefore.test(before) || r.contactBefore.test(acrossFiller(text, clauseStart) + before);
  if (segment.speaker === "rep") {
    // What the rep says names our own people (我说我们在上海有工程师) unless it says to whom.
    return reached;
  }
  if (segment.speechAt >= 0) {
    // 档口老板说…: the one before the verb speaks; 她说老板让他来问问: one after it is talked about. A
    // speaker quoted inside someone else's words (她说拿给老板看了，老板说太贵) was not heard by the rep.
    return m.start < segment.speechAt && !segment.nested;
  }
  if (segment.reported) {
    return false;
  }
  const speaks =
    r.speechAfter.test(after) || (m.start - clauseStart <= 8 && speaksNext(nextClause, text));
  if (r.possessiveBefore.test(before)) {
    return speaks || reached;
  }

  return m.kind === "person" || speaks || reached;
}

/** 今天跟那个，一家建筑企业的采购聊了: a spoken filler and its comma do not end the clause it interrupts. */
const FILLER_CLAUSE = /(?:那个|这个|嗯|呃|就是)\s*,\s*$/u;

function acrossFiller(text: string, clauseStart: number): string {
  const earlier = text.slice(Math.max(0, clauseStart - 12), clauseStart);
  const filler = FILLER_CLAUSE.exec(earlier);

  return filler ? earlier.slice(0, filler.index) : "";
}

/** 质检部把样板测完了，说附着力没问题: the department is the subject of the next clause's 说. */
function speaksNext(next: ClauseSpan | undefined, text: string): boolean {
  return (
    !!next &&
    /^\s*(?:又|也|就|还)?(?:说|问|表示|反映|回复)/u.test(text.slice(next.start, next.start + 12))
  );
}
