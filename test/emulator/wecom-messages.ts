/**
 * Plaintext WeCom deliveries as the platform formats them (WeCom doc 消息格式, document/path/90239): CDATA for strings,
 * bare numbers for CreateTime, MsgId and AgentID, one element per line as in the official samples.
 */
const cdata = (text: string) => `<![CDATA[${text.replaceAll("]]>", "]]]]><![CDATA[>")}]]>`;

export interface Sender {
  corpId: string;
  agentId: string;
}

// Started from the clock and a random part, so that separate runs (send-chat.ts, one per message)
// never repeat an id: WeCom's MsgIds are unique, and Beat drops a repeated one as a retry.
let nextMsgId =
  7_000_000_000_000_000_000n +
  BigInt(Date.now()) * 100_000n +
  BigInt(Math.floor(Math.random() * 100_000));

/** A fresh 64-bit MsgId, beyond Number.MAX_SAFE_INTEGER like real ones. */
export function newMsgId(): string {
  nextMsgId += 1n;

  return nextMsgId.toString();
}

export function textMessage(
  app: Sender,
  from: string,
  content: string,
  options: { msgId?: string; createTime?: number } = {},
): string {
  return [
    `<xml><ToUserName>${cdata(app.corpId)}</ToUserName>`,
    `<FromUserName>${cdata(from)}</FromUserName>`,
    `<CreateTime>${options.createTime ?? Math.floor(Date.now() / 1000)}</CreateTime>`,
    `<MsgType>${cdata("text")}</MsgType>`,
    `<Content>${cdata(content)}</Content>`,
    `<MsgId>${options.msgId ?? newMsgId()}</MsgId>`,
    `<AgentID>${app.agentId}</AgentID>`,
    "</xml>",
  ].join("\n");
}

/** An event delivery; `fields` are the event's own elements (EventKey, TaskId, ChangeType …). */
export function eventMessage(
  app: Sender,
  from: string,
  event: string,
  fields: Record<string, string> = {},
  createTime = Math.floor(Date.now() / 1000),
): string {
  const extra = Object.entries(fields).map(([name, value]) => `<${name}>${cdata(value)}</${name}>`);

  return [
    `<xml><ToUserName>${cdata(app.corpId)}</ToUserName>`,
    `<FromUserName>${cdata(from)}</FromUserName>`,
    `<CreateTime>${createTime}</CreateTime>`,
    `<MsgType>${cdata("event")}</MsgType>`,
    `<Event>${cdata(event)}</Event>`,
    ...extra,
    `<AgentID>${app.agentId}</AgentID>`,
    "</xml>",
  ].join("\n");
}
