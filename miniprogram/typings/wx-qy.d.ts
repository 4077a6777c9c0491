/**
 * WeCom's own mini-program APIs (wx.qy.*), which miniprogram-api-typings does not declare. Only what
 * Beat calls: login, whose code the server exchanges through miniprogram/jscode2session.
 */
declare namespace WechatMiniprogram {
  interface QyLoginResult {
    code: string;
    errMsg: string;
  }
  interface Qy {
    login(options: {
      success?(result: QyLoginResult): void;
      fail?(error: { errMsg: string }): void;
    }): void;
  }
  interface Wx {
    /** Present only inside WeCom. */
    qy?: Qy;
  }
}
