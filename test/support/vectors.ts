import { readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * WeCom's official callback vectors (Tencent's sample code and doc 90968, collected in the shared
 * protocol notes), kept as a fixture so that the crypto tests run in any clone.
 */
export interface OfficialVectors {
  token: string;
  corpId: string;
  encodingAESKey: string;
  verifyUrl: {
    rawQuery: string;
    msg_signature: string;
    timestamp: string;
    nonce: string;
    echostr: string;
    expectedEcho: string;
  };
  post: {
    msg_signature: string;
    timestamp: string;
    nonce: string;
    body: string;
    encrypt: string;
    expectedPlaintext: string;
  };
  derived: {
    name: string;
    token: string;
    corpId: string;
    encodingAESKey: string;
    random16?: string;
    timestamp: string;
    nonce: string;
    plaintext: string;
    encrypt: string;
    msg_signature: string;
  }[];
}

export const vectors: OfficialVectors = JSON.parse(
  readFileSync(join(__dirname, "../fixtures/wecom/vectors.json"), "utf8"),
);
