/**
 * Where Beat's server is. Set it to your server's HTTPS address before uploading the mini-program,
 * and add that address to the mini-program's request and uploadFile legal domains (服务器域名).
 */
const settings = { apiBase: "https://beat.example.com" };

export function apiBase(): string {
  return settings.apiBase;
}

/** For the tests and a developer's local server. */
export function setApiBase(url: string): void {
  settings.apiBase = url.replace(/\/+$/, "");
}
