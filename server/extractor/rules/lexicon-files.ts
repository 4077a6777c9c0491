import { z } from "zod";
import { OBJECTION_CATEGORIES, ROLES, TAGS } from "../extraction";

/** The shapes of the YAML files in lexicon/; see lexicon/README.md for what each holds. */

const phrases = z.array(z.string().min(1));

export const signalsFile = z.object({
  units: phrases,
  breaks: phrases.default([]),
  rules: z.array(
    z
      .object({
        id: z.string().regex(/^[a-z_]+\.[a-z_]+$/, "must read like area.what (price.too_high)"),
        tag: z.enum(TAGS).optional(),
        objection: z.enum(OBJECTION_CATEGORIES).optional(),
        words: phrases.optional(),
        patterns: phrases.optional(),
        speaker: z.enum(["customer", "any"]).default("customer"),
        negatable: z.boolean().default(true),
        about_us: z.boolean().default(false),
        question_is_tag_only: z.boolean().default(false),
        unless_after: phrases.optional(),
        unless_before: phrases.optional(),
        needs_before: phrases.optional(),
      })
      .strict()
      .refine((r) => r.tag || r.objection, "needs a tag or an objection")
      .refine((r) => r.words?.length || r.patterns?.length, "needs words or patterns"),
  ),
});

export const negationFile = z.object({
  window: z.number().int().min(1).max(10),
  cues: phrases,
  cleared: phrases,
  settled: z.array(z.object({ rules: phrases, patterns: phrases }).strict()).default([]),
  conditional_before: z.string(),
  conditional_after: z.string(),
  dismissed_after: z.string(),
  dismissals: phrases,
});

export const typosFile = z.object({
  fixes: z
    .record(z.string(), z.string())
    .refine(
      (fixes) => Object.entries(fixes).every(([typo, fix]) => typo.length === fix.length),
      "each fix must have the same length as its typo, so evidence offsets stay true",
    ),
});

export const speakersFile = z.object({
  rep_markers: phrases,
  speech_verbs: z.string().min(1),
  not_speech: phrases,
  narration_in_speech: z.string(),
  customer_starts: phrases,
  our_side_starts: phrases,
  label_max: z.number().int().min(2).max(40),
  rep_labels: phrases,
  other_supplier_topic: phrases,
  own_site_topic: phrases,
  supposed_starts: phrases,
  roster_labels: phrases,
  counterpart_labels: phrases,
  plan_starts: phrases,
  narration_connectives: phrases,
});

const byRole = z.object(Object.fromEntries(ROLES.map((r) => [r, phrases.optional()])));

export const rolesFile = z.object({
  departments: byRole,
  titles: byRole,
  surname_titles: z.object({
    executive: phrases,
    technical: phrases,
    unknown: phrases,
  }),
  plain_titles: phrases,
  old_surname_role: z.enum(ROLES),
  not_names: phrases,
  generic_heads: phrases,
  topic_after: z.string(),
  mention_before: z.string(),
  mention_after: z.string(),
  possessive_before: z.string(),
  speech_after: z.string(),
  contact_before: z.string(),
  no_contact: z.string(),
  future_before: z.string(),
  address_after: z.string(),
  topic_before: z.string(),
  list_joint: z.string(),
});

export const commitmentsFile = z.object({
  action_before: z.string(),
  whole_answer: z.string(),
  action_verbs: z.string().min(1),
  rep_delivery_verbs: z.string().min(1),
  requirement_before: z.string(),
  requirement_after: z.string(),
  customer_requirement_after: z.string(),
  today_due: z.string(),
  today_part: z.string(),
  capability_before: z.string(),
  capability_after: z.string(),
  question_before: z.string(),
  customer_step_after: z.string(),
  fact_after: z.string(),
  fact_subject: z.string(),
});

const itemKind = z.object({ kind: z.string(), label: z.string(), words: phrases });

export const itemsFile = z.object({
  kinds: z.array(itemKind),
  request_cues: z.string(),
  response_cues: z.string(),
  done_cues: z.string(),
  not_done_cues: z.string(),
  plan_cues: z.string(),
  done_anyway: z.string(),
  time_node_cues: z.string(),
  closing_actions: z.array(itemKind.extend({ closes: z.array(z.enum(OBJECTION_CATEGORIES)) })),
});

export const competitorsFile = z.object({
  references: phrases,
  reference_patterns: phrases,
  brands: phrases,
  not_listed: phrases,
});

export const attemptsFile = z.object({
  failed: phrases,
  reached_anyway: phrases,
});

export const factsFile = z.object({
  budget: phrases,
  timeline: phrases,
});
