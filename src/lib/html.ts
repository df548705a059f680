/**
 * Minimal server-rendered pages, shared by the portal (src/http) and the stand-in servers
 * (the card gateway's hosted page, the simulated phone): Arabic by default, right to left;
 * English on request. No script: pages refresh themselves with <meta http-equiv="refresh">.
 * A leaf library: it imports nothing of the project.
 */
export type Lang = "ar" | "en";
export interface Text {
  ar: string;
  en: string;
}

const escapes: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Escapes text for HTML content and attribute values. */
export function esc(value: unknown): string {
  return String(value ?? "").replace(/[&<>"']/g, (char) => escapes[char]!);
}

/** The language asked for (?lang=), else the one remembered in the `lang` cookie, else Arabic. */
export function langOf(query: unknown, cookies: Record<string, string | undefined>): Lang {
  const asked = typeof query === "object" && query !== null ? (query as Record<string, unknown>).lang : undefined;
  if (asked === "en" || asked === "ar") return asked;
  return cookies.lang === "en" ? "en" : "ar";
}

/** Adds or replaces the lang parameter of a path. */
export function withLang(path: string, lang: Lang): string {
  const url = new URL(path, "http://x");
  url.searchParams.set("lang", lang);
  return `${url.pathname}${url.search}`;
}

const style = `body{font-family:system-ui,"Noto Naskh Arabic","Segoe UI",Tahoma,sans-serif;margin:0;background:#f4f6f8;color:#1b2733}
main{max-width:44rem;margin:2rem auto;background:#fff;padding:1.5rem 2rem;border-radius:8px;box-shadow:0 1px 3px #0002}
header{display:flex;justify-content:space-between;align-items:center;gap:1rem}
h1{font-size:1.4rem;margin:0 0 1rem}label{display:block;margin:.75rem 0 .25rem;font-weight:600}
input[type=text],input:not([type]),select{font-size:1.1rem;padding:.5rem;width:100%;box-sizing:border-box}
button{font-size:1rem;padding:.5rem 1.2rem;margin:.5rem 0;cursor:pointer}
.code{font-size:2.2rem;font-weight:700;letter-spacing:.3rem}.muted{color:#5a6b7b}.error{color:#a30000;font-weight:600}
.card{border:1px solid #d5dde5;border-radius:6px;padding:1rem;margin:1rem 0}table{border-collapse:collapse;width:100%}
td,th{border-bottom:1px solid #e3e8ee;padding:.4rem;text-align:start}code{word-break:break-all}`;

export function page(options: { lang: Lang; title: Text; body: string; switchTo?: string; refreshSeconds?: number }): string {
  const { lang } = options;
  const other: Lang = lang === "ar" ? "en" : "ar";
  const switcher = options.switchTo
    ? `<a href="${esc(withLang(options.switchTo, other))}" lang="${other}" id="lang-switch">${other === "en" ? "English" : "العربية"}</a>`
    : "";
  return `<!doctype html>
<html lang="${lang}" dir="${lang === "ar" ? "rtl" : "ltr"}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
${options.refreshSeconds ? `<meta http-equiv="refresh" content="${options.refreshSeconds}">` : ""}
<title>${esc(options.title[lang])}</title><style>${style}</style></head>
<body><main><header><h1>${esc(options.title[lang])}</h1>${switcher}</header>
${options.body}
</main></body></html>`;
}
