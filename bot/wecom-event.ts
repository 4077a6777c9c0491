import { createHash } from "node:crypto";
import { textField, type XmlRecord } from "./wecom-xml";

/** Fields every self-built-app delivery carries (WeCom doc 消息格式, document/path/90239). Ids stay strings. */
export interface DeliveryBase {
  toUser: string;
  fromUser: string;
  /** Seconds since the epoch, as WeCom sends it. */
  createTime: number;
  agentId: string;
  /** 64-bit; a JS number would round it, so it is never parsed. Absent on events. */
  msgId?: string;
}

/** What each kind of delivery adds to the common fields. */
export type WeComEventBody =
  | { type: "text"; content: string }
  | { type: "image"; picUrl: string; mediaId: string }
  | { type: "voice"; mediaId: string; format: string }
  | { type: "video"; mediaId: string; thumbMediaId: string }
  | { type: "location"; latitude: number; longitude: number; scale: number; label: string }
  | { type: "link"; title: string; description: string; url: string; picUrl: string }
  | { type: "enter_agent" }
  | { type: "click"; eventKey: string }
  | { type: "view"; eventKey: string }
  | {
      type: "template_card_event";
      eventKey: string;
      taskId: string;
      cardType: string;
      responseCode: string;
      selectedItems: { questionKey: string; optionIds: string[] }[];
    }
  | {
      type: "change_external_contact";
      changeType: string;
      userId: string;
      externalUserId: string;
      state: string;
      welcomeCode: string;
    }
  /** Anything else WeCom may send; kept in the inbox, answered by no handler. */
  | { type: "unknown"; msgType: string; event: string };

export type WeComEvent = DeliveryBase & WeComEventBody;

export type WeComEventType = WeComEvent["type"];

const s = (record: XmlRecord, name: string): string => textField(record, name) ?? "";

function asList(value: unknown): unknown[] {
  if (value === undefined) {
    return [];
  }

  return Array.isArray(value) ? value : [value];
}

/** `SelectedItems/SelectedItem{QuestionKey, OptionIds/OptionId*}` — one or many, so normalise to lists. */
function selectedItemsOf(record: XmlRecord): { questionKey: string; optionIds: string[] }[] {
  const container = record.SelectedItems;
  if (container === undefined || typeof container !== "object" || Array.isArray(container)) {
    return [];
  }

  return asList(container.SelectedItem).flatMap((item) => {
    if (item === null || typeof item !== "object" || Array.isArray(item)) {
      return [];
    }
    const entry = item as XmlRecord;
    const ids = entry.OptionIds;
    const optionIds =
      ids && typeof ids === "object" && !Array.isArray(ids)
        ? asList(ids.OptionId).filter((id): id is string => typeof id === "string")
        : [];

    return [{ questionKey: s(entry, "QuestionKey"), optionIds }];
  });
}

function eventOf(record: XmlRecord): WeComEventBody {
  const msgType = s(record, "MsgType");
  const event = s(record, "Event");
  switch (msgType) {
    case "text":
      return { type: "text", content: s(record, "Content") };
    case "image":
      return { type: "image", picUrl: s(record, "PicUrl"), mediaId: s(record, "MediaId") };
    case "voice":
      return { type: "voice", mediaId: s(record, "MediaId"), format: s(record, "Format") };
    case "video":
      return {
        type: "video",
        mediaId: s(record, "MediaId"),
        thumbMediaId: s(record, "ThumbMediaId"),
      };
    case "location":
      return {
        type: "location",
        latitude: Number(s(record, "Location_X")),
        longitude: Number(s(record, "Location_Y")),
        scale: Number(s(record, "Scale")),
        label: s(record, "Label"),
      };
    case "link":
      return {
        type: "link",
        title: s(record, "Title"),
        description: s(record, "Description"),
        url: s(record, "Url"),
        picUrl: s(record, "PicUrl"),
      };
  }
  if (msgType !== "event") {
    return { type: "unknown", msgType, event };
  }
  switch (event) {
    case "enter_agent":
      return { type: "enter_agent" };
    case "click":
    case "view":
      return { type: event, eventKey: s(record, "EventKey") };
    case "template_card_event":
      return {
        type: "template_card_event",
        eventKey: s(record, "EventKey"),
        taskId: s(record, "TaskId"),
        cardType: s(record, "CardType"),
        responseCode: s(record, "ResponseCode"),
        selectedItems: selectedItemsOf(record),
      };
    case "change_external_contact":
      return {
        type: "change_external_contact",
        changeType: s(record, "ChangeType"),
        userId: s(record, "UserID"),
        externalUserId: s(record, "ExternalUserID"),
        state: s(record, "State"),
        welcomeCode: s(record, "WelcomeCode"),
      };
  }

  return { type: "unknown", msgType, event };
}

/** Turns the children of a decrypted `<xml>` into a typed event. Never throws on an unknown type. */
export function toWeComEvent(record: XmlRecord): WeComEvent {
  const base: DeliveryBase = {
    toUser: s(record, "ToUserName"),
    fromUser: s(record, "FromUserName"),
    createTime: Number(s(record, "CreateTime")) || 0,
    agentId: s(record, "AgentID"),
    msgId: textField(record, "MsgId") || undefined,
  };

  return { ...base, ...eventOf(record) };
}

/** A short kind for logs and the inbox: the MsgType, or `event:<Event>`. */
export function kindOf(record: XmlRecord): string {
  const msgType = s(record, "MsgType") || "missing";

  return msgType === "event" ? `event:${s(record, "Event")}`.slice(0, 64) : msgType.slice(0, 64);
}

/** A WeCom MsgId is an unsigned 64-bit integer: at most 20 digits. */
const MSG_ID = /^\d{1,20}$/;

/**
 * The inbox key, or null when the message carries a MsgId that cannot be WeCom's. MsgId for
 * messages. Events have none, and FromUserName + CreateTime is not enough: `sys` events share both
 * within a second (several SDKs lost events that way), so the whole plaintext is hashed — a
 * retry re-sends identical bytes, two distinct events differ in some field.
 */
export function deliveryKeyOf(record: XmlRecord, plaintext: string): string | null {
  const msgId = textField(record, "MsgId");
  if (msgId) {
    return MSG_ID.test(msgId) ? `msg:${msgId}` : null;
  }

  return `evt:${createHash("sha256").update(plaintext).digest("hex")}`;
}
