import { describe, expect, it } from "vitest";
import { toWeComEvent } from "../../bot/wecom-event";
import { buildWeComXml, cdata, parseWeComXml, XmlError } from "../../bot/wecom-xml";
import { vectors } from "../support/vectors";

describe("parseWeComXml", () => {
  it("keeps a 64-bit MsgId and zero-led content as exact strings", () => {
    const record = parseWeComXml(vectors.post.expectedPlaintext.replace("hello", "00123"));

    expect(record.MsgId).toBe("4561255354251345929");
    expect(record.Content).toBe("00123");
  });

  it("joins a CDATA section split around ]]> back into the sender's text", () => {
    const derived = vectors.derived[1];
    if (!derived) throw new Error("vector missing");

    expect(parseWeComXml(derived.plaintext).Content).toBe("报价单👍 a]]>b");
  });

  it("refuses entity-expansion and external-entity documents before parsing them", () => {
    const laughs =
      '<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><xml><C>&b;</C></xml>';
    const xxe = '<!DOCTYPE xml [<!ENTITY x SYSTEM "file:///etc/passwd">]><xml><C>&x;</C></xml>';

    expect(() => parseWeComXml(laughs)).toThrow(XmlError);
    expect(() => parseWeComXml(xxe)).toThrow(XmlError);
  });

  it("stops reading a document with more elements or deeper nesting than any WeCom message has", () => {
    const flat = `<xml>${"<a/>".repeat(100_000)}</xml>`;
    const deep = `<xml>${"<a>".repeat(50)}x${"</a>".repeat(50)}</xml>`;

    expect(() => parseWeComXml(flat, 16)).toThrow(/more than 16 elements/);
    expect(() => parseWeComXml(deep)).toThrow(XmlError);
  });

  it("refuses documents that are not well-formed or have no <xml> root", () => {
    expect(() => parseWeComXml("<xml><a>1</a>")).toThrow(XmlError);
    expect(() => parseWeComXml("<other>1</other>")).toThrow(XmlError);
    expect(() => parseWeComXml("not xml")).toThrow(XmlError);
  });

  it("round-trips text containing ]]>, emoji and stripped control characters through the builder", () => {
    const built = buildWeComXml({ Content: cdata("客户说价格太高]]>注入👍\u0001") });

    expect(parseWeComXml(built).Content).toBe("客户说价格太高]]>注入👍");
  });
});

describe("toWeComEvent", () => {
  const base =
    "<ToUserName>ww1</ToUserName><FromUserName>zhangsan</FromUserName><CreateTime>1700000000</CreateTime><AgentID>1000002</AgentID>";
  const event = (inner: string) => toWeComEvent(parseWeComXml(`<xml>${base}${inner}</xml>`));

  it("types each message kind with its own fields", () => {
    expect(event("<MsgType>text</MsgType><Content>你好</Content><MsgId>1</MsgId>")).toMatchObject({
      type: "text",
      content: "你好",
      msgId: "1",
      fromUser: "zhangsan",
      createTime: 1700000000,
    });
    expect(
      event(
        "<MsgType>image</MsgType><PicUrl>http://p</PicUrl><MediaId>m</MediaId><MsgId>2</MsgId>",
      ),
    ).toMatchObject({
      type: "image",
      mediaId: "m",
    });
    expect(
      event("<MsgType>voice</MsgType><MediaId>m</MediaId><Format>amr</Format><MsgId>3</MsgId>"),
    ).toMatchObject({
      type: "voice",
      format: "amr",
    });
    expect(
      event(
        "<MsgType>video</MsgType><MediaId>m</MediaId><ThumbMediaId>t</ThumbMediaId><MsgId>4</MsgId>",
      ),
    ).toMatchObject({ type: "video", thumbMediaId: "t" });
    expect(
      event(
        "<MsgType>location</MsgType><Location_X>31.2304</Location_X><Location_Y>121.4737</Location_Y><Scale>15</Scale><Label>上海</Label><MsgId>5</MsgId>",
      ),
    ).toMatchObject({ type: "location", latitude: 31.2304, longitude: 121.4737, label: "上海" });
    expect(
      event(
        "<MsgType>link</MsgType><Title>t</Title><Description>d</Description><Url>http://u</Url><PicUrl>p</PicUrl><MsgId>6</MsgId>",
      ),
    ).toMatchObject({ type: "link", url: "http://u" });
  });

  it("types the events Beat listens to", () => {
    expect(
      event("<MsgType>event</MsgType><Event>enter_agent</Event><EventKey></EventKey>"),
    ).toMatchObject({
      type: "enter_agent",
    });
    expect(
      event("<MsgType>event</MsgType><Event>click</Event><EventKey>today</EventKey>"),
    ).toMatchObject({
      type: "click",
      eventKey: "today",
    });
    expect(
      event("<MsgType>event</MsgType><Event>view</Event><EventKey>https://x</EventKey>"),
    ).toMatchObject({
      type: "view",
    });
    expect(
      event(
        "<MsgType>event</MsgType><Event>template_card_event</Event><EventKey>approve</EventKey><TaskId>quote-7</TaskId><CardType>button_interaction</CardType><ResponseCode>rc</ResponseCode><SelectedItems><SelectedItem><QuestionKey>q</QuestionKey><OptionIds><OptionId>a</OptionId><OptionId>b</OptionId></OptionIds></SelectedItem></SelectedItems>",
      ),
    ).toMatchObject({
      type: "template_card_event",
      taskId: "quote-7",
      selectedItems: [{ questionKey: "q", optionIds: ["a", "b"] }],
    });
    expect(
      event(
        "<MsgType>event</MsgType><Event>change_external_contact</Event><ChangeType>add_external_contact</ChangeType><UserID>zhangsan</UserID><ExternalUserID>wmX</ExternalUserID>",
      ),
    ).toMatchObject({
      type: "change_external_contact",
      changeType: "add_external_contact",
      externalUserId: "wmX",
    });
  });

  it("keeps unknown message and event types as unknown instead of failing", () => {
    expect(event("<MsgType>file</MsgType><MsgId>9</MsgId>")).toMatchObject({
      type: "unknown",
      msgType: "file",
    });
    expect(event("<MsgType>event</MsgType><Event>LOCATION</Event>")).toMatchObject({
      type: "unknown",
      event: "LOCATION",
    });
  });
});
