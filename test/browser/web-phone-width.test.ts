/**
 * Every page fits a phone (issue 18): every route of the web application — read from
 * web/src/app.tsx, so a new route without an entry in web-pages.ts fails here — is opened
 * as the person it is for, settled, in Arabic (right to left) and in English, in a 360 px
 * wide window; no page may scroll sideways and nothing may stick out of the screen unless
 * it sits in a frame that scrolls it (a wide table in its .table-wrap). A failure names the
 * page and the elements that stick out, outermost and innermost, with their widths.
 * Skipped, saying so, only where /usr/bin/chromium is absent (.ci/run installs it).
 */
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { after, before, test } from "node:test";
import type { Page } from "playwright-core";
import { webPages } from "./web-pages.ts";
import { chooseLanguage, launchBrowser, signInDirectly, skipWithoutChromium, startWebWorld, webPeople, type WebWorld } from "./web-world.ts";

const PHONE = { width: 360, height: 740 };

/** The routes as web/src/app.tsx writes them: "" for the index, "*" for every other address. */
async function appRoutes(): Promise<string[]> {
  const source = await readFile(new URL("../../web/src/app.tsx", import.meta.url), "utf8");
  const routes = new Set<string>();
  if (/<Route\s+index\b/.test(source)) routes.add("");
  for (const match of source.matchAll(/<Route\b[^>]*\spath="([^"]*)"/g)) routes.add(match[1]!);
  // The pages that need a person: ["files/:fileId", <FilePage />], ...
  for (const match of source.matchAll(/\[\s*"([^"]+)",\s*</g)) routes.add(match[1]!);
  return [...routes];
}

/** Whether an address's path (under /app) is one a route pattern matches. */
function matches(route: string, pathname: string): boolean {
  const pattern = route
    .split("/")
    .map((segment) => (segment.startsWith(":") ? "[^/]+" : segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
    .join("/");
  return new RegExp(`^/app${route === "" ? "" : "/"}${pattern}/?$`).test(pathname);
}

function visitedRoute(route: string, visited: string[], routes: string[]): boolean {
  if (route === "*") return visited.some((pathname) => routes.every((other) => other === "*" || !matches(other, pathname)));
  return visited.some((pathname) => matches(route, pathname));
}

interface Overflow {
  viewport: number;
  scrollWidth: number;
  outermost: string[];
  innermost: string[];
}

/**
 * Measured in the page: the document's width against the window's, and every visible element
 * reaching past either edge that no ancestor (below <body>) scrolls or clips. A string, as the
 * test's TypeScript knows no DOM; evaluated by the browser's debugging protocol, not eval.
 */
const measure = `(() => {
  const viewport = document.documentElement.clientWidth;
  // Whether a frame that scrolls or clips holds the element: an ancestor with overflow, along
  // the chain of containing blocks — an absolutely positioned element (a visually hidden
  // label) escapes every frame below its positioned ancestor, and widens the page.
  const scrolls = (element) => {
    let escapes = getComputedStyle(element).position;
    for (let ancestor = element.parentElement; ancestor && ancestor !== document.body; ancestor = ancestor.parentElement) {
      const style = getComputedStyle(ancestor);
      const transformed = style.transform !== "none";
      const contains = escapes === "absolute" ? style.position !== "static" || transformed : escapes === "fixed" ? transformed : true;
      if (!contains) continue;
      if (style.overflowX !== "visible") return true;
      escapes = style.position;
    }
    return false;
  };
  const name = (element) => {
    const id = element.id ? "#" + element.id : "";
    const classes = [...element.classList].slice(0, 2).map((name) => "." + name).join("");
    return element.tagName.toLowerCase() + id + classes;
  };
  const describe = (element) => {
    const rect = element.getBoundingClientRect();
    const chain = [];
    for (let at = element; at && at !== document.body && chain.length < 6; at = at.parentElement) chain.unshift(name(at));
    return chain.join(" > ") + " (" + Math.round(rect.width) + " px, " + Math.round(rect.left) + ".." + Math.round(rect.right) + ")";
  };
  const out = new Set();
  for (const element of document.body.querySelectorAll("*")) {
    const rect = element.getBoundingClientRect();
    // Not shown (a visually hidden label of 1 px still counts: it widens the page as much).
    if (rect.width === 0 && rect.height === 0) continue;
    if (rect.left >= -0.5 && rect.right <= viewport + 0.5) continue;
    if (scrolls(element)) continue;
    out.add(element);
  }
  const offenders = [...out];
  const byWidth = (a, b) => b.getBoundingClientRect().width - a.getBoundingClientRect().width;
  return {
    viewport,
    scrollWidth: Math.max(document.documentElement.scrollWidth, document.body.scrollWidth),
    outermost: offenders.filter((element) => !element.parentElement || !out.has(element.parentElement)).sort(byWidth).slice(0, 3).map(describe),
    innermost: offenders.filter((element) => ![...element.children].some((child) => out.has(child))).sort(byWidth).slice(0, 5).map(describe),
  };
})()`;

let world: WebWorld;

before(async () => {
  if (skipWithoutChromium) return;
  world = await startWebWorld({ files: 22 });
});
after(() => world?.close());

test("every route of the web application has a page in the sweep, and every page a route", async () => {
  const routes = await appRoutes();
  // The parse itself: the public pages, the not-found page and the personal pages are all there.
  for (const known of ["", "sign-in", "verify", "verify/:code", "*", "home", "files/:fileId", "agency/orders/:orderId"]) assert.ok(routes.includes(known), `app.tsx declares "${known}"`);
  assert.ok(routes.length >= 30, `${routes.length} routes read from app.tsx`);
  const covered = new Set(webPages.map((page) => page.route));
  assert.deepEqual(
    routes.filter((route) => !covered.has(route)),
    [],
    "routes of app.tsx without a page in test/browser/web-pages.ts",
  );
  assert.deepEqual(
    webPages.filter((page) => !routes.includes(page.route)).map((page) => `${page.name}: ${page.route}`),
    [],
    "pages whose route app.tsx does not declare",
  );
});

for (const lang of ["ar", "en"] as const) {
  test(`no page scrolls sideways or sticks out at 360 px (${lang})`, { skip: skipWithoutChromium }, async () => {
    const routes = await appRoutes();
    const browser = await launchBrowser(PHONE);
    const problems: string[] = [];
    let swept = 0;
    try {
      await chooseLanguage(browser.context, world, lang);
      for (const webPage of webPages) {
        await browser.context.clearCookies({ name: "tanfeeth_session" });
        if (webPage.as) await signInDirectly(browser.context, world, webPeople[webPage.as].civilId);
        const page: Page = await browser.context.newPage();
        const visited: string[] = [];
        page.on("framenavigated", (frame) => {
          if (frame === page.mainFrame()) visited.push(new URL(frame.url()).pathname);
        });
        await webPage.open(page, world);
        // Widths are measured with the page's own fonts.
        await page.evaluate("document.fonts.ready.then(() => true)");
        assert.equal(await page.getAttribute("html", "lang"), lang, `${webPage.name} is in the language chosen`);
        assert.equal(await page.getAttribute("html", "dir"), lang === "ar" ? "rtl" : "ltr", `${webPage.name}: the direction of its language`);
        assert.ok(visitedRoute(webPage.route, visited, routes), `${webPage.name} went through the route "${webPage.route}" (visited ${visited.join(", ")})`);
        const overflow = (await page.evaluate(measure)) as Overflow;
        assert.equal(overflow.viewport, PHONE.width, `${webPage.name}: a window 360 px wide (no vertical scroll bar takes from it)`);
        if (overflow.scrollWidth > overflow.viewport || overflow.outermost.length > 0) {
          problems.push(
            `${webPage.name} (${webPage.route || "/"}): ${overflow.scrollWidth} px wide in ${overflow.viewport}; sticking out: ${overflow.outermost.join("; ") || "nothing visible"}; innermost: ${overflow.innermost.join("; ") || "—"}`,
          );
        }
        swept++;
        await page.close();
      }
    } finally {
      await browser.close();
    }
    assert.equal(swept, webPages.length, "every page was swept");
    assert.deepEqual(problems, [], `pages wider than a 360 px phone (${lang})`);
  });
}
