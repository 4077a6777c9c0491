import { describe, expect, it } from "vitest";
import { findCompanyNames } from "../../server/customers/suggest-customer-name";

const names = (text: string) => findCompanyNames(text).map((c) => c.name);

describe("telling a company's name in a chat line", () => {
  it("finds a company by how its name ends, with or without a verb before it", () => {
    expect(names("杭州乳业钱总说价格太高")).toEqual(["杭州乳业"]);
    expect(names("苏州阀门厂韩采购说价格太高")).toEqual(["苏州阀门厂"]);
    expect(names("台州汽配制造杨主任说价格太高")).toEqual(["台州汽配制造"]);
    expect(names("下午拜访了华东某食品，见了采购王经理")).toEqual(["华东某食品"]);
    expect(names("今天终于见到宏达纸业的黄总了")).toEqual(["宏达纸业"]);
    expect(names("市中心医院的设备处长说报价偏高")).toEqual(["市中心医院"]);
  });

  it("stops at a title or a department after the ending, and quotes the rep's own characters", () => {
    expect(names("华东某食品厂长说要再等等")).toEqual(["华东某食品"]);
    expect(names("華康醫院設備科王工說對接沒問題")).toEqual(["華康醫院"]);
    expect(names("嘉禾地产工程部说复检不合格")).toEqual(["嘉禾地产"]);
  });

  it("does not take words about the customer for a company", () => {
    expect(names("客户担心设备参数不稳定")).toEqual([]);
    expect(names("王经理说他们厂要扩产")).toEqual([]);
    expect(names("他们公司规定要三家比价")).toEqual([]);
    expect(names("今天拜访了6家门店")).toEqual([]);
    expect(names("客户说需要三台样机，月底前要")).toEqual([]);
  });

  it("says which company the text opens with, and which it only mentions", () => {
    const [opening] = findCompanyNames("杭州乳业钱总说比康泰医药便宜");
    const [later] = findCompanyNames("钱总说和康泰医药比我们便宜");

    expect(opening).toMatchObject({ name: "杭州乳业", leading: true });
    expect(later).toMatchObject({ name: "康泰医药", leading: false });
  });
});
