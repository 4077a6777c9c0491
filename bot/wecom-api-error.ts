/**
 * A WeCom API answer with a non-zero errcode (global table: developer.work.weixin.qq.com/document/path/90313).
 * `code` is stable for logs and the inbox: `wecom_<errcode>`.
 */
export class WeComApiError extends Error {
  readonly code: string;

  constructor(
    readonly api: string,
    readonly errcode: number,
    errmsg: string,
  ) {
    super(`WeCom ${api} failed: ${errcode} ${errmsg}`);
    this.name = "WeComApiError";
    this.code = `wecom_${errcode}`;
  }

  /** The token is bad or gone: fetch a new one and try once more. */
  get isTokenError(): boolean {
    return TOKEN_ERRORS.has(this.errcode);
  }

  /** Worth retrying later: busy, rate limits. Configuration errors (40001, 60020 …) are not. */
  get isTransient(): boolean {
    return TRANSIENT_ERRORS.has(this.errcode);
  }

  /**
   * Retrying cannot help (bad secret, untrusted IP, empty content …): the inbox parks the delivery
   * at once instead of trying it again for an hour. Token errors were already retried once here.
   */
  get permanent(): boolean {
    return !this.isTransient;
  }
}

/** 40014 invalid token, 41001 missing token, 42001 expired token. */
const TOKEN_ERRORS = new Set([40014, 41001, 42001]);
/** -1 system busy, 45009 rate limited, 45033 too many concurrent calls. */
const TRANSIENT_ERRORS = new Set([-1, 45009, 45033]);

/** The API could not be reached or answered with an HTTP error or a body that is not WeCom JSON. */
export class WeComTransportError extends Error {
  readonly code: string;

  constructor(
    readonly api: string,
    detail: string,
  ) {
    super(`WeCom ${api} unreachable: ${detail}`);
    this.name = "WeComTransportError";
    this.code = "wecom_transport";
  }
}
