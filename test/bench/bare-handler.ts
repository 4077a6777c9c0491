import { timingSafeEqual } from "node:crypto";
import { decrypt, getSignature } from "@wecom/crypto";
import Koa from "koa";

/**
 * The baseline for `npm run bench:callback`: the least a WeCom callback endpoint can do — read the
 * body, check the signature, decrypt, answer 200 — with none of Beat's checks, parsing or storage.
 */
const token = process.env.WECOM_TOKEN ?? "";
const key = process.env.WECOM_ENCODING_AES_KEY ?? "";

const app = new Koa();
app.use(async (ctx) => {
  const chunks: Buffer[] = [];
  for await (const chunk of ctx.req) {
    chunks.push(chunk as Buffer);
  }
  const body = Buffer.concat(chunks).toString("utf8");
  const encrypt = /<Encrypt><!\[CDATA\[(.*?)\]\]><\/Encrypt>/.exec(body)?.[1] ?? "";
  const q = ctx.query as Record<string, string>;
  const expected = Buffer.from(getSignature(token, q.timestamp ?? "", q.nonce ?? "", encrypt));
  const given = Buffer.from(q.msg_signature ?? "");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    ctx.status = 401;
    return;
  }
  decrypt(key, encrypt);
  ctx.status = 200;
  ctx.body = "";
});

const server = app.listen(0, "127.0.0.1", () => {
  const address = server.address();
  process.stdout.write(
    `${JSON.stringify({ port: typeof address === "object" ? address?.port : 0 })}\n`,
  );
});
