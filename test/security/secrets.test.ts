/**
 * Secrets come only from configuration: every source file under src/ is scanned for
 * private keys (PEM blocks, private JWKs), known token formats, credentials inside URLs,
 * and string literals assigned to anything named like a password, secret, key or token.
 * A literal is allowed only when it labels itself a stand-in or demo value (the stand-in
 * identity provider's development secret), and such a value must never be what a
 * production configuration gets. Only src/config.ts reads the environment. The scanner
 * is shown to find each kind of secret in planted samples first.
 */
import assert from "node:assert/strict";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { test } from "node:test";
import { loadConfig } from "../../src/config.ts";

interface Finding {
  file: string;
  line: number;
  kind: string;
  text: string;
}

const secretName = /(?:password|passwd|passphrase|secret|api[_-]?key|access[_-]?key|private[_-]?key|auth[_-]?token|bearer|client[_-]?secret|signing[_-]?key|hmac[_-]?key)/i;

const patterns: [string, RegExp][] = [
  ["PEM private key", /-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED )?PRIVATE KEY-----/],
  ["private JWK member", /["']?\bd["']?\s*:\s*["'][A-Za-z0-9_-]{32,}["']/],
  ["AWS access key id", /\bAKIA[0-9A-Z]{16}\b/],
  ["GitHub token", /\bgh[pousr]_[A-Za-z0-9]{36,}\b/],
  ["Slack token", /\bxox[baprs]-[A-Za-z0-9-]{10,}/],
  ["Stripe live key", /\b(?:sk|rk)_live_[A-Za-z0-9]{16,}/],
  ["credentials in a URL", /\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@"'`]+:[^\s@/"'`]{3,}@[^\s"'`]+/i],
  [
    "a literal assigned to a secret's name",
    // name = "literal", name: "literal", or a fallback: name = process.env.X ?? "literal"
    new RegExp(`\\b[A-Za-z_]*${secretName.source}[A-Za-z_]*["']?\\s*[:=]\\s*(?:[^"'\`;]{0,80}?(?:\\?\\?|\\|\\|)\\s*)?["'\`]([^"'\`\\s]{8,})["'\`]`, "i"),
  ],
];

/** A literal that says what it is: a stand-in's or demo's value, never a real one. */
const selfLabelled = /stand-?in|demo|example|not-for-production|placeholder/i;

/** Not a secret at all: paths, URLs, media types, identifiers of things (e.g. "client_secret" the OAuth field name). */
function harmless(text: string): boolean {
  const value = /["'`]([^"'`]*)["'`]\s*$/.exec(text)?.[1] ?? /["'`]([^"'`]*)["'`]/.exec(text)?.[1] ?? "";
  return /^(?:\/|https?:\/\/|[a-z]+\/[a-z.+-]+$|[a-z][a-z0-9]*(?:_[a-z0-9]+)+$|[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$|[a-z]+(?:[.:][a-z_]+)+$)/.test(value);
}

export function scan(file: string, source: string): { found: Finding[]; allowed: Finding[] } {
  const found: Finding[] = [];
  const allowed: Finding[] = [];
  source.split("\n").forEach((text, index) => {
    for (const [kind, pattern] of patterns) {
      const match = pattern.exec(text);
      if (!match) continue;
      const finding = { file, line: index + 1, kind, text: text.trim().slice(0, 160) };
      if (kind === "a literal assigned to a secret's name" && harmless(match[0])) continue;
      if (kind === "credentials in a URL" && /:\/\/[^:]+:(?:\$\{|<)/.test(match[0])) continue;
      (selfLabelled.test(match[0]) ? allowed : found).push(finding);
    }
  });
  return { found, allowed };
}

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await sourceFiles(full)));
    else if (/\.(ts|js|mjs|sql|json)$/.test(entry.name) && !/\.test\.ts$/.test(entry.name)) files.push(full);
  }
  return files;
}

test("the scanner finds each kind of planted secret (so a clean scan means something)", () => {
  const planted = [
    "const key = `-----BEGIN PRIVATE KEY-----\\nMIGH...`;",
    'const jwk = { kty: "EC", d: "ZmFrZS1wcml2YXRlLWtleS1tYXRlcmlhbC0xMjM0NTY3OA" };',
    'const awsKey = "AKIAIOSFODNN7EXAMPLQ";',
    'const gh = "ghp_abcdefghijklmnopqrstuvwxyz0123456789";',
    'const url = "postgres://tanfeeth:s3cr3t-pass@db.internal/tanfeeth";',
    'const clientSecret = "hJ8s0dK2mQ9xL4pV";',
    'password: "Winter2026!",',
    'const apiKey = process.env.X ?? "hJ8s0dK2mQ9xL4pVzz";',
  ];
  for (const line of planted) assert.equal(scan("planted.ts", line).found.length, 1, `not found: ${line}`);
  assert.equal(scan("planted.ts", 'const STAND_IN_CLIENT_SECRET = "stand-in-portal-secret-not-for-production";').allowed.length, 1);
  for (const clean of ['tokenUrl: "/oauth/token"', 'const field = "client_secret";', 'secretAccessKey: required("DOCUMENTS_S3_SECRET_ACCESS_KEY")', "const url = `postgres://${user}:${password}@host`;"]) {
    assert.deepEqual(scan("clean.ts", clean).found, [], clean);
  }
});

test("no secret is written into src/; the stand-in's labelled value never reaches a production configuration", async () => {
  const root = path.resolve("src");
  const files = await sourceFiles(root);
  assert.ok(files.length > 50, `only ${files.length} files`);
  const found: Finding[] = [];
  const allowed: Finding[] = [];
  for (const file of files) {
    const result = scan(path.relative(process.cwd(), file), await readFile(file, "utf8"));
    found.push(...result.found);
    allowed.push(...result.allowed);
  }
  for (const finding of allowed) console.log(`allowed (labelled a stand-in or demo value): ${finding.file}:${finding.line} ${finding.text}`);
  console.log(`files scanned: ${files.length}; attacks tried: ${files.length * patterns.length}, leaks: ${found.length}`);
  assert.deepEqual(found, []);
  // Production: no stand-in, and nothing labelled a stand-in in the configuration.
  const production = loadConfig({ NODE_ENV: "production", OIDC_ISSUER: "https://mobileid.paci.gov.kw", METRICS_TOKEN: "operator-chosen-scrape-token-of-32-chars", AUDIT_CHECKPOINT_JWK: "{}", DOCUMENTS_SIGNING_KEY_FILE: "/run/secrets/document-signing.key", DOCUMENTS_SIGNING_CERT_FILE: "/run/secrets/document-signing.crt" });
  assert.equal(production.identity.standIn, false);
  const values: string[] = [];
  JSON.stringify(production, (_key, value: unknown) => (typeof value === "string" && values.push(value), value));
  assert.deepEqual(values.filter((value) => selfLabelled.test(value)), [], "a production configuration holds no stand-in value");
});

test("only src/config.ts reads the environment (others may pass it on to a child process whole)", async () => {
  const files = await sourceFiles(path.resolve("src"));
  const readers: string[] = [];
  for (const file of files) {
    const source = await readFile(file, "utf8");
    source.split("\n").forEach((text, index) => {
      const code = text.replace(/\/\/.*$|^\s*\*.*$/, "");
      if (/process\.env\b/.test(code) && !/\.\.\.process\.env\b/.test(code) && !file.endsWith(path.join("src", "config.ts"))) readers.push(`${path.relative(process.cwd(), file)}:${index + 1}: ${text.trim()}`);
    });
  }
  assert.deepEqual(readers, []);
});
