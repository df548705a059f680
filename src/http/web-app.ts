/**
 * Serves the web application (web/dist, built by Vite) at /app/: hashed assets cached for
 * a year, the shell and the service worker always revalidated, and every other path under
 * /app/ answered with the shell so the browser's router shows the page (deep links work).
 * /app/config.json tells the app what this installation offers: with the stand-in identity
 * provider, the simulated phone's API and the demo accounts present in the database.
 * If web/dist was not built, /app/ says so (in both languages) instead of failing.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance } from "fastify";
import type { AppDeps } from "../app/deps.ts";
import { registeredAmong } from "../app/registry.ts";
import { errorBody } from "./error-map.ts";

export interface WebAppOptions {
  /** The built app; default web/dist in this checkout. */
  distDir?: string;
  /** The stand-in provider's simulated phone API (e.g. /idp/phone/api), or null (a real provider). */
  demoPhoneApi: string | null;
  /** The demo accounts the sign-in page offers with the simulated phone (the composition root passes the seed's). */
  demoAccounts?: readonly DemoAccountRef[];
}

export interface DemoAccountRef {
  key: string;
  civilId: string;
  nameAr: string;
  nameEn: string;
}

export const defaultWebDistDir = fileURLToPath(new URL("../../web/dist/", import.meta.url));

const notBuiltPage = `<!doctype html>
<html lang="ar" dir="rtl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>تنفيذ</title></head>
<body><main><h1>لم يُبنَ تطبيق الويب بعد</h1><p>شغّل <code dir="ltr">npm run build:web</code> ثم أعد تحميل الصفحة.</p>
<div lang="en" dir="ltr"><h2>The web application is not built yet</h2><p>Run <code>npm run build:web</code>, then reload this page.</p></div></main></body></html>`;

// Our own hashed file names (Vite's build) never change content under the same name.
const hashedAsset = /^\/app\/assets\//;
// A path with a file extension that is not there is a missing file, not a page.
const looksLikeFile = /\/[^/]+\.[A-Za-z0-9]{1,12}$/;

export async function webAppRoutes(app: FastifyInstance, deps: AppDeps, options: WebAppOptions): Promise<void> {
  const distDir = options.distDir ?? defaultWebDistDir;
  const built = existsSync(`${distDir}/index.html`);

  app.get("/app", { schema: { hide: true } }, async (_request, reply) => reply.redirect("/app/", 301));

  app.get("/app/config.json", { schema: { hide: true } }, async (_request, reply) => {
    let demo = null;
    if (options.demoPhoneApi) {
      const accounts = options.demoAccounts ?? [];
      const seeded = await registeredAmong(deps, accounts.map((account) => account.civilId));
      demo = {
        phoneApi: options.demoPhoneApi,
        accounts: accounts.filter((account) => seeded.has(account.civilId)).map((account) => ({ key: account.key, civilId: account.civilId, nameAr: account.nameAr, nameEn: account.nameEn })),
      };
    }
    return reply.header("cache-control", "no-store").send({ demo });
  });

  if (!built) {
    app.get("/app/*", { schema: { hide: true } }, async (_request, reply) =>
      reply.code(503).header("cache-control", "no-store").type("text/html; charset=utf-8").send(notBuiltPage),
    );
    return;
  }

  await app.register(async (scope) => {
    await scope.register(fastifyStatic, {
      root: distDir,
      prefix: "/",
      wildcard: true,
      index: ["index.html"],
      // Dot files (the build stamp) are not served.
      dotfiles: "ignore",
      cacheControl: false,
      schemaHide: true,
      setHeaders: (reply, filePath) => {
        const url = reply.request.url;
        if (hashedAsset.test(url)) void reply.header("cache-control", "public, max-age=31536000, immutable");
        else void reply.header("cache-control", "no-cache");
        if (filePath.endsWith(".webmanifest")) void reply.header("content-type", "application/manifest+json");
      },
    });
    // The router's pages: any other GET under /app/ is the shell.
    scope.setNotFoundHandler(async (request, reply) => {
      const path = request.url.split("?")[0] ?? "";
      if (request.method === "GET" && path.startsWith("/app/") && !looksLikeFile.test(path)) {
        return reply.header("cache-control", "no-cache").sendFile("index.html");
      }
      const { status, body } = errorBody("NOT_FOUND", { path });
      return reply.code(status).send(body);
    });
  }, { prefix: "/app" });
}
