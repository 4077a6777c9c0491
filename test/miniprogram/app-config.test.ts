import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { CUSTOMER_PAGE, TODAY_PAGE } from "../../bot/renderers/digest-messages";
import { OPPORTUNITY_PAGE } from "../../bot/renderers/timeout-cards";

/**
 * What WeChat DevTools checks when it opens the project, checked here so a broken app.json or a
 * component path with a typo fails CI instead of a rep's phone.
 */
const ROOT = join(__dirname, "../../miniprogram");
const readJson = (file: string): unknown => JSON.parse(readFileSync(join(ROOT, file), "utf8"));
const PARTS = [".ts", ".wxml", ".wxss", ".json"];

const usingComponents = z.record(z.string(), z.string());
const appJson = z.strictObject({
  pages: z.array(z.string()).min(1),
  window: z.object({ navigationBarTitleText: z.string() }).passthrough(),
  tabBar: z
    .object({
      list: z
        .array(z.object({ pagePath: z.string(), text: z.string() }))
        .min(2)
        .max(5),
    })
    .optional(),
  usingComponents: usingComponents.optional(),
  sitemapLocation: z.string(),
});
const pageJson = z.strictObject({
  navigationBarTitleText: z.string().min(1),
  usingComponents: usingComponents.optional(),
});
const componentJson = z.strictObject({ component: z.literal(true), usingComponents });
const packageJson = z.object({ dependencies: z.record(z.string(), z.string()) });

const app = appJson.parse(readJson("app.json"));
const npmPackages = Object.keys(packageJson.parse(readJson("package.json")).dependencies);

/** Every component folder's `index`, relative to the mini-program's root. */
const components = readdirSync(join(ROOT, "components")).map((name) => `components/${name}/index`);

/** A component path as DevTools resolves it: from the file's folder, from the root, or from npm. */
function resolves(from: string, target: string): boolean {
  if (target.startsWith(".") || target.startsWith("/")) {
    const path = target.startsWith("/")
      ? target.slice(1)
      : relative(ROOT, join(ROOT, dirname(from), target));
    return PARTS.every((part) => existsSync(join(ROOT, `${path}${part}`)));
  }
  return npmPackages.some((name) => target.startsWith(`${name}/`));
}

describe("the mini-program's configuration", () => {
  it("app.json has the fields DevTools takes and nothing it would refuse", () => {
    expect(app.pages[0]).toBe("pages/today/index");
    expect(existsSync(join(ROOT, app.sitemapLocation))).toBe(true);
    expect(Object.keys(readJson("project.config.json") as object)).toEqual(
      expect.arrayContaining(["compileType", "miniprogramRoot", "appid"]),
    );
  });

  it("each page listed in app.json has its four files and a valid JSON", () => {
    for (const page of app.pages) {
      for (const part of PARTS)
        expect(existsSync(join(ROOT, `${page}${part}`)), page + part).toBe(true);
      expect(() => pageJson.parse(readJson(`${page}.json`)), page).not.toThrow();
    }
  });

  it("the pages the bot's cards and digests open are in app.json", () => {
    expect(app.pages).toEqual(
      expect.arrayContaining([CUSTOMER_PAGE, TODAY_PAGE, OPPORTUNITY_PAGE]),
    );
  });

  it("runs zod from a bundle WeChat's 构建 npm can pack, of the server's zod version", () => {
    const vendored = JSON.parse(readFileSync(join(ROOT, "vendor/zod/package.json"), "utf8")) as {
      version: string;
      main: string;
    };
    const server = JSON.parse(
      readFileSync(join(ROOT, "../node_modules/zod/package.json"), "utf8"),
    ) as {
      version: string;
    };
    const bundled = require(join(ROOT, "vendor/zod", vendored.main)) as typeof import("zod");

    expect(vendored.main).toMatch(/\.js$/);
    expect(vendored.version).toBe(server.version);
    expect(packageJson.parse(readJson("package.json")).dependencies.zod).toBe("file:vendor/zod");
    expect(bundled.z.object({ id: bundled.z.number() }).safeParse({ id: "1" }).success).toBe(false);
  });

  it("every tab opens a page that is listed", () => {
    for (const tab of app.tabBar?.list ?? []) expect(app.pages).toContain(tab.pagePath);
  });

  it("every component a page or component uses resolves", () => {
    const users: [string, Record<string, string>][] = [
      ["app", app.usingComponents ?? {}],
      ...app.pages.map((p): [string, Record<string, string>] => [
        p,
        pageJson.parse(readJson(`${p}.json`)).usingComponents ?? {},
      ]),
      ...components.map((c): [string, Record<string, string>] => [
        c,
        componentJson.parse(readJson(`${c}.json`)).usingComponents,
      ]),
    ];
    for (const [user, used] of users) {
      for (const [tag, target] of Object.entries(used)) {
        expect(resolves(user, target), `${user} uses <${tag}> from ${target}`).toBe(true);
      }
    }
  });

  it("every tag a page's WXML uses beyond the built-in ones is declared for it", () => {
    const declaredGlobally = Object.keys(app.usingComponents ?? {});
    for (const page of [...app.pages, ...components]) {
      const wxml = readFileSync(join(ROOT, `${page}.wxml`), "utf8");
      const json = readJson(`${page}.json`) as { usingComponents?: Record<string, string> };
      const declared = [...declaredGlobally, ...Object.keys(json.usingComponents ?? {})];
      const custom = [...wxml.matchAll(/<([a-z]+-[a-z-]+)/g)]
        .map((m) => m[1] as string)
        .filter((tag) => !["radio-group", "checkbox-group", "scroll-view"].includes(tag));
      for (const tag of custom) expect(declared, `${page} uses <${tag}>`).toContain(tag);
    }
  });
});
