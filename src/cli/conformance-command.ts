/**
 * `tanfeeth agency-conformance`: the conformance kit (src/agencies/conformance) from the
 * command line. Agency mode plays the hub against an agency's endpoint, with the kit's own
 * hub side listening for the agency's replies; hub mode plays an agency against a hub.
 * Prints one line per case, writes the JSON report with --json, exits 1 when a case fails.
 * Needs no database and no configuration (docs/agency-onboarding.md).
 */
import { readFile, writeFile } from "node:fs/promises";
import type { JWK } from "jose";
import {
  DEFAULT_EMPTY_DEBTOR,
  DEFAULT_TEST_COMPANY,
  DEFAULT_TEST_DEBTOR,
  DEFAULT_UNKNOWN_PERSON,
  agencyKindOf,
  formatReport,
  runAgencyConformance,
  runHubConformance,
  startConformanceHub,
  type CaseResult,
  type ConformanceReport,
} from "../agencies/conformance/index.ts";
import { ecThumbprint, generateSigningKeyPair, type KeyPairRecord } from "../agencies/protocol/index.ts";
import type { ParsedArgs } from "./args.ts";

export const conformanceUsage = `usage:
  tanfeeth agency-conformance --agency <party id> --endpoint URL --jwks URL [--json FILE] [--verbose]
        [--thumbprints T1,T2] [--listen HOST:PORT] [--public-url URL] [--hub-key FILE] [--start-after SECONDS]
        [--debtor CIVIL_ID] [--empty-debtor CIVIL_ID] [--company CR] [--person CIVIL_ID] [--unknown-person CIVIL_ID]
        [--reply-timeout SECONDS] [--settle MS] [--no-key-outage]
      play the hub against an agency's endpoint; its replies must go to the kit's hub URL (printed first)
  tanfeeth agency-conformance --hub URL --agency <party id> --key FILE [--json FILE] [--verbose] [--oversize-bytes N]
      play the agency against a hub, with the agency's private signing key (a JWK with kid and d)`;

const text = (args: ParsedArgs, name: string): string | undefined => {
  const value = args.flags.get(name);
  if (value === true) throw new UsageError(`--${name} needs a value`);
  return value;
};
const number = (args: ParsedArgs, name: string, fallback: number): number => {
  const value = text(args, name);
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < 0) throw new UsageError(`--${name} needs a number`);
  return parsed;
};

class UsageError extends Error {}

const progress = (result: CaseResult) => {
  process.stderr.write(`${result.id} ${result.status} `);
};

/** The kit's hub key: read from the file if it exists (so the agency registers it once), else made and saved there. */
async function hubKey(path: string | undefined): Promise<KeyPairRecord | undefined> {
  if (!path) return undefined;
  try {
    const stored = JSON.parse(await readFile(path, "utf8")) as KeyPairRecord;
    if (!stored.kid || !stored.privateJwk?.d || !stored.publicJwk) throw new UsageError(`${path} is not a kit hub key ({kid, privateJwk, publicJwk})`);
    return stored;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    const made = await generateSigningKeyPair();
    await writeFile(path, `${JSON.stringify(made, null, 2)}\n`, { mode: 0o600 });
    return made;
  }
}

/** The agency's private key for hub mode: a private JWK with kid, or a {kid, privateJwk} record. */
async function agencyKey(path: string): Promise<JWK> {
  const stored = JSON.parse(await readFile(path, "utf8")) as JWK & { privateJwk?: JWK };
  const jwk = stored.privateJwk ? { kid: (stored as { kid?: string }).kid, ...stored.privateJwk } : stored;
  if (typeof jwk.d !== "string" || typeof jwk.kid !== "string") throw new UsageError(`${path}: a private EC JWK with "kid" and "d" is required`);
  return jwk;
}

async function finish(report: ConformanceReport, jsonPath: string | undefined, verbose: boolean): Promise<number> {
  process.stderr.write("\n");
  console.log(formatReport(report, { verbose }));
  if (jsonPath) {
    await writeFile(jsonPath, `${JSON.stringify(report, null, 2)}\n`);
    console.log(`report written to ${jsonPath}`);
  }
  return report.conformant ? 0 : 1;
}

export async function agencyConformanceCommand(args: ParsedArgs): Promise<number> {
  try {
    const agency = text(args, "agency");
    if (!agency) throw new UsageError("--agency is required");
    agencyKindOf(agency);
    const jsonPath = text(args, "json");
    const hubUrl = text(args, "hub");
    if (hubUrl) {
      const keyPath = text(args, "key");
      if (!keyPath) throw new UsageError("hub mode needs --key (the agency's private JWK)");
      const oversize = text(args, "oversize-bytes");
      const report = await runHubConformance({ hubUrl, agency, privateJwk: await agencyKey(keyPath), ...(oversize ? { oversizeBytes: number(args, "oversize-bytes", 0) } : {}), onCase: progress });
      return await finish(report, jsonPath, args.flags.get("verbose") === true);
    }
    const endpoint = text(args, "endpoint");
    const jwksUrl = text(args, "jwks");
    if (!endpoint || !jwksUrl) throw new UsageError("agency mode needs --endpoint and --jwks (or --hub for hub mode)");
    const [host, port] = (text(args, "listen") ?? "127.0.0.1:3190").split(":") as [string, string | undefined];
    const publicUrl = text(args, "public-url");
    const key = await hubKey(text(args, "hub-key"));
    const hub = await startConformanceHub({ host, port: Number(port ?? 3190), ...(publicUrl ? { publicUrl } : {}), ...(key ? { key } : {}) });
    try {
      console.log(`the kit's hub side: ${hub.url}`);
      console.log(`  the agency sends its replies to ${hub.url}/agency/v1/messages`);
      console.log(`  and verifies the kit with the key set ${hub.url}/agency/v1/jwks.json (kid ${hub.key.kid}, thumbprint ${ecThumbprint(hub.key.publicJwk)})`);
      const startAfter = number(args, "start-after", 0);
      if (startAfter > 0) {
        console.log(`starting in ${startAfter} s …`);
        await new Promise((resolve) => setTimeout(resolve, startAfter * 1000));
      }
      const thumbprints = text(args, "thumbprints")?.split(",").map((value) => value.trim()).filter(Boolean);
      const report = await runAgencyConformance({
        agency,
        endpoint,
        jwksUrl,
        hub,
        ...(thumbprints ? { thumbprints } : {}),
        debtor: text(args, "debtor") ?? DEFAULT_TEST_DEBTOR,
        emptyDebtor: text(args, "empty-debtor") ?? DEFAULT_EMPTY_DEBTOR,
        company: text(args, "company") ?? DEFAULT_TEST_COMPANY,
        person: text(args, "person") ?? DEFAULT_TEST_DEBTOR,
        unknownPerson: text(args, "unknown-person") ?? DEFAULT_UNKNOWN_PERSON,
        replyTimeoutMs: number(args, "reply-timeout", 20) * 1000,
        settleMs: number(args, "settle", 1500),
        keyOutage: args.flags.get("no-key-outage") !== true,
        onCase: progress,
      });
      return await finish(report, jsonPath, args.flags.get("verbose") === true);
    } finally {
      await hub.close();
    }
  } catch (error) {
    if (error instanceof UsageError || (error as Error).message.includes("is not a party id")) {
      console.error(`tanfeeth agency-conformance: ${(error as Error).message}\n${conformanceUsage}`);
      return 2;
    }
    throw error;
  }
}
