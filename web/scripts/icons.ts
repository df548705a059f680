/**
 * Renders the app's PNG icons (web/public/icons) from icon.svg in headless chromium:
 * 192 and 512 pixels, and a maskable 512 with the glyph inside the safe zone. Run once
 * after changing icon.svg: `node --import tsx web/scripts/icons.ts`; the PNGs are committed.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const iconsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../public/icons");
const flags = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

const svg = await readFile(path.join(iconsDir, "icon.svg"), "utf8");
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", headless: true, args: flags });
const page = await browser.newPage();
const render = async (size: number, file: string, maskable: boolean) => {
  await page.setViewportSize({ width: size, height: size });
  // Maskable: a full-bleed background, the glyph scaled into the central 80 % circle.
  const inner = maskable ? `<div style="width:100%;height:100%;background:#0b4f6c;display:flex;align-items:center;justify-content:center"><div style="width:72%;height:72%">${svg}</div></div>` : svg;
  await page.setContent(`<html><body style="margin:0;background:transparent"><div style="width:${size}px;height:${size}px">${inner}</div><style>svg{width:100%;height:100%;display:block}</style></body></html>`);
  await page.screenshot({ path: path.join(iconsDir, file), omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
};
await render(192, "icon-192.png", false);
await render(512, "icon-512.png", false);
await render(512, "icon-maskable-512.png", true);
await browser.close();
console.log(`icons written to ${iconsDir}`);
