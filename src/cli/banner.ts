/**
 * What a server prints when it is up: for people, an aligned block on stdout (coloured on
 * a terminal); when the logs are JSON lines (not a terminal, or LOG_FORMAT=json) the same
 * block goes to stderr, so stdout holds JSON alone. It names addresses and paths, never
 * personal data, and is printed whatever LOG_LEVEL says.
 */
import { paint, wantsColour, type LogFormat } from "../log-format.ts";

export interface BannerEntry {
  label: string;
  url: string;
  note?: string;
}

export interface Banner {
  /** The first line, as tools and tests look for it (e.g. "tanfeeth is running: http://…"). */
  headline: string;
  entries?: BannerEntry[];
  footer?: string;
}

export function bannerText(banner: Banner, colour: boolean): string {
  const entries = banner.entries ?? [];
  const labelWidth = Math.max(0, ...entries.map((entry) => entry.label.length));
  const urlWidth = Math.max(0, ...entries.filter((entry) => entry.note).map((entry) => entry.url.length));
  const lines = [paint(colour, "bold", banner.headline)];
  for (const entry of entries) {
    const url = entry.note ? entry.url.padEnd(urlWidth) : entry.url;
    lines.push(`  ${paint(colour, "dim", entry.label.padEnd(labelWidth))}  ${paint(colour, "cyan", url)}${entry.note ? `  ${paint(colour, "dim", entry.note)}` : ""}`.trimEnd());
  }
  if (banner.footer) lines.push(banner.footer);
  return `${lines.join("\n")}\n`;
}

export function printBanner(banner: Banner, format: LogFormat): void {
  const out = format === "pretty" ? process.stdout : process.stderr;
  out.write(bannerText(banner, format === "pretty" && wantsColour(out)));
}
