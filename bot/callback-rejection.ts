/**
 * Why a callback was refused. Each reason maps to one HTTP status, chosen so that WeCom's retry
 * logic and an operator reading logs both see what happened: 401 the sender is not who it claims,
 * 403 it signed but we cannot (or must not) open it, 400 it is not a WeCom message at all.
 */
export const REJECTION_STATUS = {
  missing_signature: 401,
  missing_nonce: 401,
  missing_timestamp: 401,
  malformed_timestamp: 401,
  stale_timestamp: 401,
  bad_signature: 401,
  bad_ciphertext: 403,
  bad_padding: 403,
  undecryptable: 403,
  wrong_receiver: 403,
  body_too_large: 400,
  malformed_xml: 400,
  missing_encrypt: 400,
  malformed_message: 400,
} as const;

export type RejectionReason = keyof typeof REJECTION_STATUS;

export class CallbackRejection extends Error {
  readonly status: number;

  constructor(readonly reason: RejectionReason) {
    super(`callback rejected: ${reason}`);
    this.status = REJECTION_STATUS[reason];
  }
}
