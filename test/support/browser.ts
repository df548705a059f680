/**
 * A small browser for end-to-end tests over real HTTP: fetch with a cookie jar (name,
 * path, expiry honoured), redirects followed by hand so every hop's cookies are kept,
 * and forms read from the HTML it gets.
 */
import assert from "node:assert/strict";

interface Cookie {
  name: string;
  value: string;
  path: string;
  expires: number | null;
}

export interface Page {
  status: number;
  url: string;
  body: string;
  headers: Headers;
  /** Every URL visited to get here, the first one included. */
  hops: string[];
}

export class Browser {
  private cookies: Cookie[] = [];

  readonly baseUrl: string;

  constructor(baseUrl: string) {
    this.baseUrl = baseUrl;
  }

  private store(response: Response, url: URL) {
    for (const header of response.headers.getSetCookie()) {
      const [pair, ...attributes] = header.split(";").map((part) => part.trim());
      const eq = pair!.indexOf("=");
      const name = pair!.slice(0, eq);
      const value = pair!.slice(eq + 1);
      let path = url.pathname.replace(/\/[^/]*$/, "") || "/";
      let expires: number | null = null;
      for (const attribute of attributes) {
        const [key, val = ""] = attribute.split("=");
        const lower = key!.toLowerCase();
        if (lower === "path") path = val;
        else if (lower === "max-age") expires = Date.now() + Number(val) * 1000;
        else if (lower === "expires" && expires === null) expires = Date.parse(val);
      }
      this.cookies = this.cookies.filter((cookie) => !(cookie.name === name && cookie.path === path));
      if (expires === null || expires > Date.now()) this.cookies.push({ name, value, path, expires });
    }
  }

  cookieHeader(url: URL): string {
    const now = Date.now();
    return this.cookies
      .filter((cookie) => (cookie.expires === null || cookie.expires > now) && (url.pathname === cookie.path || url.pathname.startsWith(cookie.path.endsWith("/") ? cookie.path : `${cookie.path}/`) || cookie.path === "/"))
      .map((cookie) => `${cookie.name}=${cookie.value}`)
      .join("; ");
  }

  cookie(name: string): string | undefined {
    return this.cookies.find((cookie) => cookie.name === name)?.value;
  }

  /** One request, no redirect followed. */
  async fetch(path: string, init: { method?: string; form?: Record<string, string>; json?: unknown; headers?: Record<string, string> } = {}): Promise<Response> {
    const url = new URL(path, this.baseUrl);
    const headers: Record<string, string> = { ...init.headers };
    const cookie = this.cookieHeader(url);
    if (cookie) headers.cookie = cookie;
    let body: string | undefined;
    if (init.form) {
      headers["content-type"] = "application/x-www-form-urlencoded";
      body = new URLSearchParams(init.form).toString();
    } else if (init.json !== undefined) {
      headers["content-type"] = "application/json";
      body = JSON.stringify(init.json);
    }
    const response = await fetch(url, { method: init.method ?? (body ? "POST" : "GET"), headers, body, redirect: "manual" });
    this.store(response, url);
    return response;
  }

  /** A request and every redirect after it (GET), like a browser. */
  async go(path: string, init: Parameters<Browser["fetch"]>[1] = {}): Promise<Page> {
    let url = new URL(path, this.baseUrl).href;
    const hops = [url];
    let response = await this.fetch(url, init);
    for (let count = 0; response.status >= 300 && response.status < 400; count++) {
      assert.ok(count < 20, "too many redirects");
      url = new URL(response.headers.get("location")!, url).href;
      hops.push(url);
      await response.arrayBuffer();
      response = await this.fetch(url);
    }
    return { status: response.status, url, body: await response.text(), headers: response.headers, hops };
  }
}

/** The action and fields of the first form in a page matching `selector` text (by id or action). */
export function formIn(html: string, match: RegExp = /<form/): { action: string; fields: Record<string, string> } {
  const start = html.search(match);
  assert.ok(start >= 0, `no form matching ${match} in:\n${html.slice(0, 2000)}`);
  const formStart = html.lastIndexOf("<form", start + 5);
  const end = html.indexOf("</form>", formStart);
  const form = html.slice(formStart, end);
  const action = /action="([^"]*)"/.exec(form)?.[1] ?? "";
  const fields: Record<string, string> = {};
  for (const input of form.matchAll(/<input[^>]*>/g)) {
    const name = /name="([^"]*)"/.exec(input[0])?.[1];
    const value = /value="([^"]*)"/.exec(input[0])?.[1] ?? "";
    if (name) fields[name] = value.replaceAll("&amp;", "&").replaceAll("&quot;", '"').replaceAll("&#39;", "'").replaceAll("&lt;", "<").replaceAll("&gt;", ">");
  }
  return { action: action.replaceAll("&amp;", "&"), fields };
}
