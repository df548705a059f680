/**
 * The identity commands as an operator runs them, each as its own process:
 * `serve --role idp` publishes its discovery document and JWKS and stops on SIGTERM;
 * `rotate-idp-key` adds a signing key (both then published), `list-idp-keys` shows them,
 * `retire-idp-key --kid K` takes the old one out of the JWKS (never the last one);
 * `verify-signature` accepts a signing proof made by src/identity/signing-proof.ts with a
 * published key, and refuses a tampered one, a forged one, one for another issuer and one
 * whose key was retired, with a failing exit code.
 *
 * On PostgreSQL (TEST_DATABASE_URL) the processes share a fresh test database; otherwise
 * a temporary PGlite data directory, migrated and seeded by `tanfeeth seed`. A PGlite data
 * directory belongs to one process at a time, so the provider is stopped while the key
 * commands run and started again to see their effect; a provider killed outright leaves
 * its lock behind, and the next command takes it over.
 */
import assert from "node:assert/strict";
import { createHash, randomUUID } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from "jose";
import { signProof } from "../../src/identity/signing-proof.ts";
import { openDatabase, type Database } from "../../src/storage/database.ts";
import { createTestDatabase, testDatabaseUrl, type TestDatabase } from "../support/database.ts";
import { people } from "../support/fixtures.ts";
import { startTanfeeth, tempDir, type Exit, type StartedProcess } from "../support/child.ts";

/** Where the spawned commands find the database: DATABASE_URL, or a PGlite data directory. */
let databaseEnv: Record<string, string>;
let testDatabase: TestDatabase | undefined;
let dataDir: string | undefined;

/** Starts a command on the test's database (stopped at the end of the file at the latest). */
function run(args: string[], env: Record<string, string> = {}) {
  return startTanfeeth(args, { HOST: "127.0.0.1", ...databaseEnv, ...env });
}

/** Runs a command to its end. */
async function command(args: string[]) {
  return run(args).finished();
}

/** A port nobody listens on (IDP_PORT=0 would put port 0 in the issuer). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  assert.ok(address && typeof address === "object");
  return address.port;
}

interface RunningIdp {
  issuer: string;
  jwks(): Promise<(JWK & { kid: string })[]>;
  process: StartedProcess;
  /** SIGTERM; resolves with the exit. */
  stop(): Promise<Exit>;
}

/** One port for every start, so the issuer (in every proof) stays the same. */
let idpPort: number;

async function startIdp(): Promise<RunningIdp> {
  const child = run(["serve", "--role", "idp"], { IDP_PORT: String(idpPort) });
  const [, issuer] = await child.waitFor(/tanfeeth stand-in identity provider: (http:\/\/\S+) /);
  return {
    issuer: issuer!,
    process: child,
    jwks: async () => {
      const response = await fetch(`${issuer}/jwks`);
      assert.equal(response.status, 200);
      return ((await response.json()) as { keys: (JWK & { kid: string })[] }).keys;
    },
    stop: () => child.stop("SIGTERM"),
  };
}

/** The database, opened by the test itself (a PGlite directory only while no command holds it). */
async function withDatabase<T>(work: (database: Database["db"]) => Promise<T>): Promise<T> {
  if (testDatabase) return work(testDatabase.db);
  const database = await openDatabase({ dataDir: dataDir! });
  try {
    return await work(database.db);
  } finally {
    await database.close();
  }
}

async function privateSigningKeys(): Promise<Map<string, JWK>> {
  const rows = await withDatabase((db) => db.selectFrom("idp_keys").select(["kid", "private_jwk"]).where("use", "=", "sig").execute());
  return new Map(rows.map((row) => [row.kid, row.private_jwk as JWK]));
}

function listedKeys(output: string): { kid: string; state: string }[] {
  return output
    .split("\n")
    .map((line) => /^(\S+)\s+created (\S+)\s+(published|retired \S+)$/.exec(line.trim()))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => ({ kid: match[1]!, state: match[3]!.split(" ")[0]! }));
}

const digest = `sha256:${createHash("sha256").update('{"kind":"vehicle_seizure"}').digest("hex")}`;

/** A signing proof exactly as the provider makes one (signProof), with the private key `kid`. */
async function proofWith(jwk: JWK, kid: string, issuer: string): Promise<string> {
  const key = await importJWK(jwk, "ES256");
  return signProof(
    key as CryptoKey,
    kid,
    { issuer, audience: "tanfeeth-portal", civilId: people.creditor, digest, purpose: "procedure.request", requestId: randomUUID() },
    randomUUID(),
    new Date(),
  );
}

/** The same proof with one claim changed and the original signature kept. */
function tampered(proof: string, change: Record<string, unknown>): string {
  const [header, payload, signature] = proof.split(".") as [string, string, string];
  const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Record<string, unknown>;
  return [header, Buffer.from(JSON.stringify({ ...claims, ...change })).toString("base64url"), signature].join(".");
}

const verify = (proof: string, issuer: string) => command(["verify-signature", "--proof", proof, "--issuer", issuer]);

before(async () => {
  idpPort = await freePort();
  if (testDatabaseUrl) {
    testDatabase = await createTestDatabase();
    databaseEnv = { DATABASE_URL: testDatabase.url! };
  } else {
    dataDir = await tempDir("tanfeeth-idp");
    databaseEnv = { TANFEETH_DATA_DIR: dataDir };
    const seeded = await command(["seed", "--files", "5"]);
    assert.equal(seeded.code, 0, seeded.output);
    assert.match(seeded.output, /seeded 5 files/);
  }
});

after(async () => {
  await testDatabase?.drop();
});

describe(`tanfeeth identity commands (${testDatabaseUrl ? "PostgreSQL" : "PGlite"})`, () => {
  let firstKid: string;
  let secondKid: string;
  let idp: RunningIdp | undefined;
  const proofs: { old?: string; current?: string } = {};

  test("serve --role idp: discovery names the issuer and its JWKS, which publishes one public ES256 key; SIGTERM stops it with exit 0", async () => {
    const idp = await startIdp();
    try {
      const response = await fetch(`${idp.issuer}/.well-known/openid-configuration`);
      assert.equal(response.status, 200);
      const discovery = (await response.json()) as Record<string, unknown>;
      assert.equal(discovery.issuer, idp.issuer);
      assert.equal(discovery.jwks_uri, `${idp.issuer}/jwks`);
      assert.equal(discovery.authorization_endpoint, `${idp.issuer}/auth`);
      assert.equal(discovery.token_endpoint, `${idp.issuer}/token`);
      assert.deepEqual(discovery.code_challenge_methods_supported, ["S256"]);
      assert.deepEqual(discovery.id_token_signing_alg_values_supported, ["ES256"]);
      assert.ok((discovery.claims_supported as string[]).includes("civil_id"));
      const keys = await idp.jwks();
      assert.equal(keys.length, 1);
      const [key] = keys;
      assert.deepEqual([key!.kty, key!.crv, key!.alg, key!.use], ["EC", "P-256", "ES256", "sig"]);
      assert.equal("d" in key!, false, "no private key material in the JWKS");
      firstKid = key!.kid;
    } finally {
      const stopped = await idp.stop();
      assert.deepEqual([stopped.code, stopped.signal], [0, null], stopped.output);
    }
  });

  test("rotate-idp-key adds a key; list-idp-keys shows both published; the provider then publishes both, and proofs by either verify", async () => {
    const rotated = await command(["rotate-idp-key"]);
    assert.equal(rotated.code, 0, rotated.output);
    const [, kid] = /new signing key (\S+);/.exec(rotated.output) ?? [];
    assert.ok(kid && kid !== firstKid, rotated.output);
    secondKid = kid;
    const listed = await command(["list-idp-keys"]);
    assert.equal(listed.code, 0, listed.output);
    assert.deepEqual(listedKeys(listed.output), [
      { kid: firstKid, state: "published" },
      { kid: secondKid, state: "published" },
    ]);

    const privateKeys = await privateSigningKeys();
    idp = await startIdp();
    assert.deepEqual((await idp.jwks()).map((key) => key.kid).sort(), [firstKid, secondKid].sort());
    proofs.old = await proofWith(privateKeys.get(firstKid)!, firstKid, idp.issuer);
    proofs.current = await proofWith(privateKeys.get(secondKid)!, secondKid, idp.issuer);
    // Anyone with the provider's published keys can check a proof: both keys verify.
    const [old, current] = await Promise.all([verify(proofs.old, idp.issuer), verify(proofs.current, idp.issuer)]);
    assert.equal(old.code, 0, old.output);
    assert.match(old.output, new RegExp(`valid: signed by civil ID ${people.creditor} at \\S+ with key ${firstKid}`));
    assert.equal(current.code, 0, current.output);
    assert.match(current.output, new RegExp(`with key ${secondKid}`));
    assert.match(current.output, new RegExp(`digest\\s+${digest}`));
  });

  test("verify-signature refuses a tampered proof, a forged one and one for another issuer, with exit 1", async () => {
    assert.ok(idp, "the provider runs (previous test)");
    try {
      const stranger = await generateKeyPair("ES256", { extractable: true });
      const forged = await proofWith(await exportJWK(stranger.privateKey), secondKid, idp.issuer);
      const results = await Promise.all([
        // What was signed, changed after the fact (the signature kept).
        verify(tampered(proofs.current!, { digest: `sha256:${"0".repeat(64)}` }), idp.issuer),
        // Signed with a key the provider never had, under its key id.
        verify(forged, idp.issuer),
        // A genuine proof, but not from the issuer asked about.
        verify(proofs.current!, `${idp.issuer}-elsewhere`),
      ]);
      for (const result of results) {
        assert.equal(result.code, 1, result.output);
        assert.match(result.output, /INVALID: SIGNATURE_INVALID/);
        assert.doesNotMatch(result.output, /valid: signed/);
      }
    } finally {
      const stopped = await idp.stop();
      idp = undefined;
      assert.deepEqual([stopped.code, stopped.signal], [0, null], stopped.output);
    }
  });

  test("retire-idp-key --kid removes the old key from the JWKS (what it signed no longer verifies); never the last key", async () => {
    const retired = await command(["retire-idp-key", "--kid", firstKid]);
    assert.equal(retired.code, 0, retired.output);
    assert.match(retired.output, new RegExp(`retired ${firstKid}`));
    const last = await command(["retire-idp-key", "--kid", secondKid]);
    assert.equal(last.code, 1, last.output);
    assert.match(last.output, /not retired/);
    const listed = await command(["list-idp-keys"]);
    assert.deepEqual(listedKeys(listed.output), [
      { kid: firstKid, state: "retired" },
      { kid: secondKid, state: "published" },
    ]);

    const idp = await startIdp();
    try {
      assert.equal(idp.issuer, `http://127.0.0.1:${idpPort}/idp`);
      assert.deepEqual((await idp.jwks()).map((key) => key.kid), [secondKid]);
      const [old, current] = await Promise.all([verify(proofs.old!, idp.issuer), verify(proofs.current!, idp.issuer)]);
      assert.equal(old.code, 1, old.output);
      assert.match(old.output, /INVALID: SIGNATURE_INVALID/);
      assert.equal(current.code, 0, current.output);
    } finally {
      const stopped = await idp.stop();
      assert.deepEqual([stopped.code, stopped.signal], [0, null], stopped.output);
    }
  });

  test("a provider killed outright (SIGKILL) leaves its data-directory lock; the next command takes it over", async () => {
    const idp = await startIdp();
    const killed = await idp.process.kill();
    assert.equal(killed.signal, "SIGKILL");
    if (dataDir) assert.equal(readFileSync(path.join(dataDir, "tanfeeth.lock"), "utf8"), String(idp.process.pid), "the dead process's lock is left behind");
    const listed = await command(["list-idp-keys"]);
    assert.equal(listed.code, 0, listed.output);
    assert.deepEqual(listedKeys(listed.output), [
      { kid: firstKid, state: "retired" },
      { kid: secondKid, state: "published" },
    ]);
    if (dataDir) assert.equal(existsSync(path.join(dataDir, "tanfeeth.lock")), false, "taken over, then released");
  });
});
