/**
 * `npm run screenshots`: pictures of the web application's pages in Arabic and English,
 * at desktop (1280 px) and phone (390 px) widths, into docs/screenshots/ — from the real
 * exchange (stand-in banks answered the attachment shown). docs/web.md links them.
 */
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { webPages } from "./web-pages.ts";
import { chooseLanguage, chromiumAvailable, launchBrowser, signInDirectly, startWebWorld, webPeople } from "./web-world.ts";

const outDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../docs/screenshots");
/** `SCREENSHOT_PAGES=file,treasury npm run screenshots`: only these pages (default: every page). */
const only = process.env.SCREENSHOT_PAGES ? new Set(process.env.SCREENSHOT_PAGES.split(",").map((name) => name.trim())) : null;
const widths = { desktop: { width: 1280, height: 900 }, phone: { width: 390, height: 844 } } as const;

if (!chromiumAvailable) {
  console.error("screenshots need /usr/bin/chromium (apt-get install -y chromium)");
  process.exit(1);
}
await mkdir(outDir, { recursive: true });
const world = await startWebWorld({ files: 24 });
let count = 0;
try {
  for (const lang of ["ar", "en"] as const) {
    for (const [widthName, viewport] of Object.entries(widths)) {
      const browser = await launchBrowser(viewport);
      try {
        await chooseLanguage(browser.context, world, lang);
        for (const webPage of webPages.filter((candidate) => !candidate.leadsOn && (only === null || only.has(candidate.name)))) {
          const page = await browser.context.newPage();
          await browser.context.clearCookies({ name: "tanfeeth_session" });
          if (webPage.as) await signInDirectly(browser.context, world, webPeople[webPage.as].civilId);
          await webPage.open(page, world);
          // Fonts and the last poll settle before the picture.
          await page.evaluate("document.fonts.ready.then(() => true)");
          const file = path.join(outDir, `${webPage.name}-${lang}-${widthName}.png`);
          await page.screenshot({ path: file, fullPage: true, animations: "disabled" });
          count++;
          await page.close();
        }
      } finally {
        await browser.close();
      }
    }
  }
} finally {
  await world.close();
}
console.log(`${count} screenshots in ${path.relative(process.cwd(), outDir)}`);
