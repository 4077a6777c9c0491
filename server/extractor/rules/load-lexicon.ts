import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import type { z } from "zod";
import { projectRoot } from "../../project-root";
import type { FactKind, ObjectionCategory, Role, Tag } from "../extraction";
import {
  attemptsFile,
  commitmentsFile,
  competitorsFile,
  factsFile,
  itemsFile,
  negationFile,
  rolesFile,
  signalsFile,
  speakersFile,
  typosFile,
} from "./lexicon-files";

export class LexiconError extends Error {
  readonly code = "lexicon_invalid";
}

export interface SignalRule {
  id: string;
  tag?: Tag;
  objection?: ObjectionCategory;
  anySpeaker: boolean;
  negatable: boolean;
  aboutUs: boolean;
  questionIsTagOnly: boolean;
  /** One per pattern: Node 20 refuses a group name (k) used twice in one expression. */
  regexes: RegExp[];
  unlessAfter: RegExp | null;
  /** Tested on the sentence up to the key word; write `…$` for "just before". */
  unlessBefore: RegExp | null;
  /** The same stretch must contain one of these for the match to count. */
  needsBefore: RegExp | null;
}

export interface RoleTerm {
  role: Role | null;
  kind: "department" | "person";
}

export interface ItemKind {
  kind: string;
  label: string;
  closes?: ObjectionCategory[];
}

/** The lexicon with every pattern compiled; built once at start. */
export interface Lexicon {
  signals: SignalRule[];
  negation: {
    window: number;
    cueAtEnd: RegExp;
    cleared: RegExp;
    /** A phrase that settles a topic for the whole message, and the rules whose signals it drops. */
    settled: Array<{ regex: RegExp; rules: Set<string> }>;
    /** Tested on the window before a key word: a negation that opens a condition (再不). */
    conditionalBefore: RegExp;
    /** Tested on the rest of the clause: the condition's consequence (就, 的话). */
    conditionalAfter: RegExp;
    /** Tested on the rest of a signal's clause: it is waved away there (高一点也无所谓). */
    dismissedAfter: RegExp;
    /** A whole clause that waves away what came before it (不是大问题, 他可以接受). */
    dismissal: RegExp;
  };
  typos: { fixes: Map<string, string>; regex: RegExp | null };
  speakers: {
    repMarker: RegExp;
    speech: RegExp;
    notSpeech: RegExp;
    narrationInSpeech: RegExp;
    customerStart: RegExp;
    ourSideStart: RegExp;
    labelMax: number;
    repLabels: Set<string>;
    otherSupplierTopic: RegExp;
    ownSiteTopic: RegExp;
    supposedStart: RegExp;
    rosterLabels: Set<string>;
    counterpartLabels: Set<string>;
    planStart: RegExp;
    narrationConnective: RegExp;
  };
  roles: {
    terms: RegExp;
    termOf: Map<string, RoleTerm>;
    surnameTitle: RegExp;
    surnameTitleRole: Map<string, Role | null>;
    oldSurname: RegExp;
    youngSurname: RegExp;
    topicAfter: RegExp;
    oldSurnameRole: Role;
    notNames: Set<string>;
    genericHeads: string[];
    mentionBefore: RegExp;
    mentionAfter: RegExp;
    possessiveBefore: RegExp;
    speechAfter: RegExp;
    contactBefore: RegExp;
    noContact: RegExp;
    futureBefore: RegExp;
    addressAfter: RegExp;
    topicBefore: RegExp;
    listJoint: RegExp;
  };
  commitments: {
    actionBefore: RegExp;
    wholeAnswer: RegExp;
    actionVerb: RegExp;
    repDeliveryVerb: RegExp;
    requirementBefore: RegExp;
    requirementAfter: RegExp;
    customerRequirementAfter: RegExp;
    todayDue: RegExp;
    todayPart: RegExp;
    capabilityBefore: RegExp;
    capabilityAfter: RegExp;
    questionBefore: RegExp;
    customerStepAfter: RegExp;
    factAfter: RegExp;
    factSubject: RegExp;
  };
  items: {
    words: RegExp;
    kindOf: Map<string, ItemKind>;
    closingWords: RegExp;
    closingOf: Map<string, ItemKind>;
    requestCue: RegExp;
    responseCue: RegExp;
    doneCue: RegExp;
    notDoneCue: RegExp;
    planCue: RegExp;
    doneAnyway: RegExp;
    timeNodeCue: RegExp;
  };
  competitors: { mention: RegExp; notListed: Set<string> };
  facts: { kind: FactKind; regex: RegExp }[];
  attempts: { failed: RegExp; reachedAnyway: RegExp };
}

const SURNAMES =
  "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔汤向常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝";

/** The most a `+` or `*` in a lexicon pattern repeats; see boundQuantifiers. */
const MAX_REPEAT = 32;

/**
 * Rewrites every unbounded `+` and `*` of a lexicon pattern as `{1,32}` and `{0,32}`. A pattern is
 * tried at every position of the text, and an unbounded repeat makes each try read to the end of a run
 * (a line of 100,000 digits against `[0-9]+台`): time then grows with the square of the length. With
 * every repeat bounded, a try reads a bounded stretch and a scan stays linear. No real number, space
 * or filler run in sales text is longer than 32.
 */
export function boundQuantifiers(source: string): string {
  let out = "";
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i] as string;
    if (c === "\\") {
      out += c + (source[i + 1] ?? "");
      i++;
    } else if (inClass) {
      inClass = c !== "]";
      out += c;
    } else if (c === "[") {
      inClass = true;
      out += c;
    } else if (c === "+") {
      out += `{1,${MAX_REPEAT}}`;
    } else if (c === "*") {
      out += `{0,${MAX_REPEAT}}`;
    } else {
      out += c;
    }
  }

  return out;
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
/** Longest first, so that 采购总监 is tried before 采购. */
const anyOf = (words: readonly string[]) =>
  [...new Set(words)]
    .sort((a, b) => b.length - a.length)
    .map(escapeRegex)
    .join("|");

/** Like anyOf, but an English word matches only as a whole word (cto is not inside connector). */
const wholeWords = (words: readonly string[]) =>
  [...new Set(words)]
    .sort((a, b) => b.length - a.length)
    .map((w) => (/^[a-z ]+$/.test(w) ? `(?<![a-z])${escapeRegex(w)}(?![a-z])` : escapeRegex(w)))
    .join("|");

/**
 * A rule's patterns as few expressions as possible: those without a key word joined into one, each with
 * a key word (?<k>…) alone, with match indices (the d flag, which costs time) to find the key.
 */
function compileRule(
  alternatives: string[],
  compile: (source: string, flags: string) => RegExp,
): RegExp[] {
  const keyed = alternatives.filter((a) => a.includes("(?<k>"));
  const plain = alternatives.filter((a) => !a.includes("(?<k>"));
  const regexes = keyed.map((a) => compile(a, "dgu"));
  if (plain.length) {
    regexes.push(compile(plain.map((a) => `(?:${a})`).join("|"), "gu"));
  }

  return regexes;
}

export function loadLexicon(folder = path.join(projectRoot(), "lexicon")): Lexicon {
  const read = <S extends z.ZodType>(file: string, schema: S): z.output<S> => {
    const where = path.join(folder, file);
    const parsed = schema.safeParse(parse(readFileSync(where, "utf8")));
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
      throw new LexiconError(`${where} is not a valid lexicon file:\n  ${problems.join("\n  ")}`);
    }

    return parsed.data;
  };

  const competitors = read("competitors.yaml", competitorsFile);
  const signalsData = read("signals.yaml", signalsFile);
  const gap = "[^,;!?:。\\n]";
  const otherSource = `(?:${[anyOf([...competitors.references, ...competitors.brands]), ...competitors.reference_patterns.map((p) => p.replaceAll("{gap}", gap))].join("|")})`;
  const macros: Record<string, string> = {
    gap,
    n: "(?:[0-9]+(?:\\.[0-9]+)?|[一二两三四五六七八九十百千万]+)",
    // Units may carry a lookahead (车(?!间)), so they are joined as written, longest first.
    unit: `(?:${[...signalsData.units].sort((a, b) => b.length - a.length).join("|")})`,
    // What goods do when they fail in use (塌陷, 发硬, 跳闸), longest first like the units.
    breaks: signalsData.breaks.length
      ? `(?:${[...signalsData.breaks].sort((a, b) => b.length - a.length).join("|")})`
      : "(?!)",
    surname: `[${SURNAMES}]`,
    other: otherSource,
  };
  const compile = (source: string, where: string, flags = "dgu"): RegExp => {
    const expanded = boundQuantifiers(
      source.replace(
        /\{(gap|n|unit|breaks|surname|other)\}/g,
        (_, name: string) => macros[name] as string,
      ),
    );
    try {
      return new RegExp(expanded, flags);
    } catch (error) {
      throw new LexiconError(`${where}: ${(error as Error).message}`);
    }
  };

  const signals = signalsData.rules.map((rule): SignalRule => {
    const alternatives = [...(rule.patterns ?? [])];
    if (rule.words?.length) {
      alternatives.push(anyOf(rule.words));
    }

    return {
      id: rule.id,
      tag: rule.tag,
      objection: rule.objection,
      anySpeaker: rule.speaker === "any",
      negatable: rule.negatable,
      aboutUs: rule.about_us,
      questionIsTagOnly: rule.question_is_tag_only,
      regexes: compileRule(alternatives, (source, flags) =>
        compile(source, `signals.yaml ${rule.id}`, flags),
      ),
      unlessAfter: rule.unless_after
        ? compile(rule.unless_after.join("|"), `signals.yaml ${rule.id}`, "u")
        : null,
      unlessBefore: rule.unless_before
        ? compile(rule.unless_before.join("|"), `signals.yaml ${rule.id}`, "u")
        : null,
      needsBefore: rule.needs_before
        ? compile(rule.needs_before.join("|"), `signals.yaml ${rule.id}`, "u")
        : null,
    };
  });

  const negation = read("negation.yaml", negationFile);
  const ruleIds = new Set(signalsData.rules.map((r) => r.id));
  for (const [i, s] of negation.settled.entries()) {
    const unknown = s.rules.filter((id) => !ruleIds.has(id));
    if (unknown.length) {
      throw new LexiconError(`negation.yaml settled ${i + 1}: no rule ${unknown.join(", ")}`);
    }
  }
  const typos = read("typos.yaml", typosFile);
  const typoMap = new Map(Object.entries(typos.fixes));
  const speakers = read("speakers.yaml", speakersFile);
  const roles = read("roles.yaml", rolesFile);
  const commitments = read("commitments.yaml", commitmentsFile);
  const items = read("items.yaml", itemsFile);
  const facts = read("facts.yaml", factsFile);
  const attempts = read("attempts.yaml", attemptsFile);

  const termOf = new Map<string, RoleTerm>();
  for (const kind of ["department", "person"] as const) {
    const table = kind === "department" ? roles.departments : roles.titles;
    for (const [role, words] of Object.entries(table)) {
      for (const word of words ?? []) {
        termOf.set(word, { role: role as Role, kind });
      }
    }
  }
  for (const word of roles.plain_titles) {
    termOf.set(word, { role: null, kind: "person" });
  }
  // 物资部长, 设备科长: the head of a department is a person in the department's role.
  for (const [role, words] of Object.entries(roles.departments)) {
    for (const word of words ?? []) {
      if (/[部科处]$/u.test(word) && !termOf.has(`${word}长`)) {
        termOf.set(`${word}长`, { role: role as Role, kind: "person" });
      }
    }
  }
  const surnameTitleRole = new Map<string, Role | null>();
  for (const [role, words] of Object.entries(roles.surname_titles)) {
    for (const word of words) {
      surnameTitleRole.set(word, role === "unknown" ? null : (role as Role));
    }
  }
  const kindOf = new Map<string, ItemKind>();
  for (const k of items.kinds) {
    for (const word of k.words) {
      kindOf.set(word, { kind: k.kind, label: k.label });
    }
  }
  const closingOf = new Map<string, ItemKind>();
  for (const k of items.closing_actions) {
    for (const word of k.words) {
      closingOf.set(word, { kind: k.kind, label: k.label, closes: k.closes });
    }
  }
  const cue = anyOf(negation.cues);

  return {
    signals,
    negation: {
      window: negation.window,
      // A cue may be followed by one softening word: 不是很担心, 没太在意.
      cueAtEnd: new RegExp(`(?:${cue})(?:是|很|太|怎么|大|那么|算|再|是很)?$`, "u"),
      cleared: compile(negation.cleared.join("|"), "negation.yaml cleared", "gu"),
      settled: negation.settled.map((s, i) => ({
        regex: compile(s.patterns.join("|"), `negation.yaml settled ${i + 1}`, "u"),
        rules: new Set(s.rules),
      })),
      conditionalBefore: compile(
        `(?:${negation.conditional_before})$`,
        "negation.yaml conditional_before",
        "u",
      ),
      conditionalAfter: compile(negation.conditional_after, "negation.yaml conditional_after", "u"),
      dismissedAfter: compile(
        `^(?:${negation.dismissed_after})`,
        "negation.yaml dismissed_after",
        "u",
      ),
      dismissal: compile(
        `^\\s*(?:${negation.dismissals.join("|")})\\s*$`,
        "negation.yaml dismissals",
        "u",
      ),
    },
    typos: {
      fixes: typoMap,
      regex: typoMap.size ? new RegExp(anyOf([...typoMap.keys()]), "gu") : null,
    },
    speakers: {
      repMarker: compile(speakers.rep_markers.join("|"), "speakers.yaml rep_markers", "u"),
      speech: compile(`(?:${speakers.speech_verbs})`, "speakers.yaml speech_verbs", "gu"),
      notSpeech: compile(anyOf(speakers.not_speech), "speakers.yaml not_speech", "gu"),
      narrationInSpeech: compile(
        speakers.narration_in_speech,
        "speakers.yaml narration_in_speech",
        "u",
      ),
      customerStart: compile(
        `^\\s*(?:${anyOf(speakers.customer_starts)})`,
        "speakers.yaml customer_starts",
        "u",
      ),
      ourSideStart: compile(
        `^\\s*(?:${anyOf(speakers.our_side_starts)})`,
        "speakers.yaml our_side_starts",
        "u",
      ),
      labelMax: speakers.label_max,
      repLabels: new Set(speakers.rep_labels),
      otherSupplierTopic: compile(
        speakers.other_supplier_topic.join("|"),
        "speakers.yaml other_supplier_topic",
        "gu",
      ),
      ownSiteTopic: compile(
        speakers.own_site_topic.join("|"),
        "speakers.yaml own_site_topic",
        "gu",
      ),
      supposedStart: compile(
        `^\\s*(?:${anyOf(speakers.supposed_starts)})`,
        "speakers.yaml supposed_starts",
        "u",
      ),
      rosterLabels: new Set(speakers.roster_labels),
      counterpartLabels: new Set(speakers.counterpart_labels),
      planStart: compile(
        `^\\s*(?:${speakers.plan_starts.join("|")})`,
        "speakers.yaml plan_starts",
        "u",
      ),
      narrationConnective: compile(
        `^\\s*(?:${anyOf(speakers.narration_connectives)})`,
        "speakers.yaml narration_connectives",
        "u",
      ),
    },
    roles: {
      terms: compile(wholeWords([...termOf.keys()]), "roles.yaml titles", "gu"),
      termOf,
      surnameTitle: compile(
        `{surname}(?:${anyOf([...surnameTitleRole.keys()])})(?![厂作程资期艺地人具业序位单时装种])`,
        "roles.yaml surname_titles",
        "gu",
      ),
      surnameTitleRole,
      oldSurname: compile(
        "老{surname}(?![案法式面子家样板师厂一])",
        "roles.yaml old surname",
        "gu",
      ),
      youngSurname: compile("小{surname}", "roles.yaml young surname", "gu"),
      topicAfter: compile(`^(?:${roles.topic_after})`, "roles.yaml topic_after", "u"),
      oldSurnameRole: roles.old_surname_role,
      notNames: new Set(roles.not_names),
      genericHeads: roles.generic_heads,
      mentionBefore: compile(roles.mention_before, "roles.yaml mention_before", "u"),
      mentionAfter: compile(roles.mention_after, "roles.yaml mention_after", "u"),
      possessiveBefore: compile(roles.possessive_before, "roles.yaml possessive_before", "u"),
      speechAfter: compile(roles.speech_after, "roles.yaml speech_after", "u"),
      contactBefore: compile(roles.contact_before, "roles.yaml contact_before", "u"),
      noContact: compile(roles.no_contact, "roles.yaml no_contact", "u"),
      futureBefore: compile(roles.future_before, "roles.yaml future_before", "u"),
      addressAfter: compile(roles.address_after, "roles.yaml address_after", "u"),
      topicBefore: compile(roles.topic_before, "roles.yaml topic_before", "u"),
      listJoint: compile(roles.list_joint, "roles.yaml list_joint", "u"),
    },
    commitments: {
      actionBefore: compile(commitments.action_before, "commitments.yaml action_before", "u"),
      wholeAnswer: compile(commitments.whole_answer, "commitments.yaml whole_answer", "u"),
      actionVerb: compile(`(?:${commitments.action_verbs})`, "commitments.yaml action_verbs", "u"),
      repDeliveryVerb: compile(
        `(?:${commitments.rep_delivery_verbs})`,
        "commitments.yaml rep_delivery_verbs",
        "u",
      ),
      requirementBefore: compile(
        commitments.requirement_before,
        "commitments.yaml requirement_before",
        "u",
      ),
      requirementAfter: compile(
        commitments.requirement_after,
        "commitments.yaml requirement_after",
        "u",
      ),
      customerRequirementAfter: compile(
        commitments.customer_requirement_after,
        "commitments.yaml customer_requirement_after",
        "u",
      ),
      todayDue: compile(commitments.today_due, "commitments.yaml today_due", "gu"),
      todayPart: compile(commitments.today_part, "commitments.yaml today_part", "gu"),
      capabilityBefore: compile(
        `(?:${commitments.capability_before})$`,
        "commitments.yaml capability_before",
        "u",
      ),
      capabilityAfter: compile(
        `^(?:${commitments.capability_after})`,
        "commitments.yaml capability_after",
        "u",
      ),
      questionBefore: compile(commitments.question_before, "commitments.yaml question_before", "u"),
      customerStepAfter: compile(
        commitments.customer_step_after,
        "commitments.yaml customer_step_after",
        "u",
      ),
      factAfter: compile(`^(?:${commitments.fact_after})`, "commitments.yaml fact_after", "u"),
      factSubject: compile(commitments.fact_subject, "commitments.yaml fact_subject", "u"),
    },
    items: {
      words: compile(anyOf([...kindOf.keys()]), "items.yaml kinds", "gu"),
      kindOf,
      closingWords: compile(anyOf([...closingOf.keys()]), "items.yaml closing_actions", "gu"),
      closingOf,
      requestCue: compile(`(?:${items.request_cues})`, "items.yaml request_cues", "u"),
      responseCue: compile(`(?:${items.response_cues})`, "items.yaml response_cues", "u"),
      doneCue: compile(`(?:${items.done_cues})`, "items.yaml done_cues", "u"),
      notDoneCue: compile(`(?:${items.not_done_cues})`, "items.yaml not_done_cues", "u"),
      planCue: compile(`(?:${items.plan_cues})`, "items.yaml plan_cues", "u"),
      doneAnyway: compile(`(?:${items.done_anyway})`, "items.yaml done_anyway", "u"),
      timeNodeCue: compile(`(?:${items.time_node_cues})`, "items.yaml time_node_cues", "u"),
    },
    competitors: {
      mention: compile(otherSource, "competitors.yaml", "gu"),
      notListed: new Set(competitors.not_listed),
    },
    facts: (["budget", "timeline"] as const).map((kind) => ({
      kind,
      regex: compile(facts[kind].map((p) => `(?:${p})`).join("|"), `facts.yaml ${kind}`, "gu"),
    })),
    attempts: {
      failed: compile(
        attempts.failed.map((p) => `(?:${p})`).join("|"),
        "attempts.yaml failed",
        "u",
      ),
      reachedAnyway: compile(
        attempts.reached_anyway.map((p) => `(?:${p})`).join("|"),
        "attempts.yaml reached_anyway",
        "u",
      ),
    },
  };
}
