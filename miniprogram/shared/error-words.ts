/**
 * What the mini-program says for each refusal code the server sends (`{"error": code}`). The server's
 * `message` is for developers and logs, in English; a rep reads these. A code not listed here is
 * shown with a general sentence and the code, so support can find it.
 */
export const ERROR_WORDS: Record<string, string> = {
  forbidden: "这条记录不归你管，看不了也改不了",
  not_on_team: "你还不在销售团队名单里，请联系管理员",
  login_code_invalid: "登录没有成功，请退出后重新打开",
  id_invalid: "链接不完整，请从列表重新打开",
  customer_not_found: "没找到这个客户",
  customer_name_invalid: "客户名称要 2 到 100 个字，其中至少两个汉字、字母或数字",
  opportunity_closed: "这个商机已经结束，不能再修改",
  fields_invalid: "有字段填得不对，请检查后再提交",
  stage_unknown: "这个阶段已不在流程里，请联系管理员",
  stage_unchanged: "商机已经在这个阶段了",
  stage_skipped: "只能一个阶段一个阶段往前推进",
  attachment_type_not_asked: "这个阶段不需要这类附件",
  attachment_content_refused: "文件类型不对：请按要求上传图片、PDF 或表格",
  attachment_too_large: "文件太大了，请压缩后再传",
  upload_incomplete: "上传没有完成，请重试",
  upload_unreadable: "上传没有完成，请重试",
  quote_invalid: "报价填得不对：请检查金额、折扣和有效期",
  no_approver: "找不到审批人：请让管理员给你设置主管",
  body_invalid: "提交的内容不完整，请重试",
  body_not_json: "提交的内容不完整，请重试",
  body_too_large: "提交的内容太大了",
  body_unreadable: "提交的内容没有读出来，请重试",
  body_encoding_unsupported: "提交的内容没有读出来，请重试",
  owner_forbidden: "只能以自己的名义开商机；主管可以给本团队的人开",
  at_out_of_range: "只能补跑过去 24 小时内的任务",
  owner_unknown: "指定的负责人不在团队名单里",
  database_unavailable: "服务器暂时不可用，请稍后再试",
  wecom_unavailable: "企业微信暂时连不上，请稍后再试",
  internal: "服务器出了点问题，请稍后再试",
};

/** The sentence for a refusal: its code's words, or a general one naming the code. */
export function refusalWords(code: string | undefined, status: number): string {
  if (code && ERROR_WORDS[code]) return ERROR_WORDS[code] as string;
  return code ? `操作没有成功（${code}）` : `操作没有成功（HTTP ${status}）`;
}
