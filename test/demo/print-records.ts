import type { RunningBeat } from "../../server/beat";
import type { CustomerSummary } from "../../server/customers/customer-summary";
import { Interaction } from "../../server/db/entities/interaction.entity";
import type { Extraction } from "../../server/extractor/extraction";

const quote = (text: string) => `「${text}」`;

function evidenceLines(x: Extraction): string[] {
  return [
    ...x.tags.map((t) => `tag ${t.tag} ${t.evidence.map((e) => quote(e.text)).join(" ")}`),
    ...x.objections.map(
      (o) => `objection ${o.category} ${o.evidence.map((e) => quote(e.text)).join(" ")}`,
    ),
    ...x.contacts.map(
      (c) => `contact ${c.name} (${c.role ?? "role unknown"}) ${quote(c.evidence.text)}`,
    ),
    ...x.demands.map((d) => `demand ${d.label} ${quote(d.evidence.text)}`),
    ...x.responses.map((r) => `response ${r.label} ${quote(r.evidence.text)}`),
    ...x.facts.map((f) => `${f.kind} ${quote(f.evidence.text)}`),
    ...(x.commitment
      ? [
          `commitment ${x.commitment.due} → ${x.commitment.dueAt} ${quote(x.commitment.evidence.text)}`,
        ]
      : []),
  ];
}

/** Prints one customer's record as the demo shows it: the summary, then each interaction's evidence. */
export async function printRecord(
  beat: RunningBeat,
  summary: CustomerSummary,
  say: (line?: string) => void,
): Promise<void> {
  const c = summary.customer;
  say(
    `【${c.name}】 owner ${c.ownerUserid}, completeness ${Math.round(summary.completeness.score * 100)}%`,
  );
  say(`  missing: ${summary.completeness.missing.join(", ") || "nothing"}`);
  for (const [tag, seen] of Object.entries(c.tags)) {
    say(`  tag ${tag} ${quote(seen?.phrase ?? "")}`);
  }
  for (const contact of summary.contacts) {
    say(`  contact ${contact.name} (${contact.role ?? "role unknown"})`);
  }
  if (c.budget) say(`  budget ${quote(c.budget)}`);
  if (c.timeline) say(`  timeline ${quote(c.timeline)}`);
  for (const d of summary.openDemands) say(`  open demand ${d.label} ${quote(d.phrase)}`);
  for (const o of summary.openObjections) say(`  open objection ${o.category} ${quote(o.phrase)}`);
  const interactions = await beat.db.dataSource
    .getRepository(Interaction)
    .find({ where: { customerId: c.id }, order: { occurredAt: "ASC", id: "ASC" } });
  for (const i of interactions) {
    say(
      `  ${i.source} from ${i.repUserid}: ${i.text.length > 60 ? `${i.text.slice(0, 59)}…` : i.text}`,
    );
    for (const line of evidenceLines(i.extraction)) say(`      ${line}`);
    if (i.conclusions) {
      say(`    conclusions: ${i.conclusions}`);
      for (const line of i.conclusionsExtraction ? evidenceLines(i.conclusionsExtraction) : []) {
        say(`      ${line}`);
      }
    }
  }
}
