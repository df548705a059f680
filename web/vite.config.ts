/**
 * The web application's build: served by the API process under /app/ (see
 * src/http/web-app.ts). `npm run web:dev` serves it with hot reload and sends API,
 * sign-in and identity-provider calls to a running `npm start` on port 3000.
 */
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const backend = process.env.TANFEETH_URL ?? "http://127.0.0.1:3000";

export default defineConfig({
  root: import.meta.dirname,
  base: "/app/",
  plugins: [react()],
  // The pure domain code the pages read (labels, state machines, rules) is imported as "#domain/…":
  // the package's own subpath imports (package.json "imports"), which Node, TypeScript and Vite all resolve.
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // The shell stays small: one entry chunk plus the self-hosted font files.
    chunkSizeWarningLimit: 600,
  },
  server: {
    proxy: Object.fromEntries(["/api", "/auth", "/idp", "/verify"].map((path) => [path, { target: backend, changeOrigin: false }])),
  },
});
