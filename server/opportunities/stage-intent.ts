import type { PipelineDefinition } from "../pipeline/pipeline-definition";

/** Words that say a deal moved into a stage: 进合同审批, 推进到样机测试, 转入方案报价. */
const INTO = "(?:进入|进到|推进到|推到|推进|转入|转到|到了|进了|进)";
const WON = /赢单|签约了|签了合同|合同签了|合同已签|拿下了/u;
const LOST = /输单|丢单|丢了单|单子丢了|没拿下|黄了/u;

/**
 * The stage a rep's message says a deal moved into, or null. Only explicit wording counts; a stage
 * merely mentioned (样机测试还没做) is no move.
 */
export function stageIntent(text: string, pipeline: PipelineDefinition): string | null {
  const named = [...pipeline.stages]
    .filter((s) => !s.outcome)
    .sort((a, b) => b.name.length - a.name.length)
    .find((stage) => new RegExp(`${INTO}\\s*(?:到)?\\s*${stage.name}`, "u").test(text));
  if (named) {
    return named.key;
  }
  if (LOST.test(text)) {
    return pipeline.stages.find((s) => s.outcome === "lost")?.key ?? null;
  }
  if (WON.test(text)) {
    return pipeline.stages.find((s) => s.outcome === "won")?.key ?? null;
  }

  return null;
}
