/**
 * Tampered, expired and replayed credentials are refused: signing proofs (offline and
 * over the API), id_tokens and authorization responses at the portal's callback, bearer
 * tokens of machine clients, and sessions. Key rotation keeps old proofs verifiable.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import * as oidc from "openid-client";
import { createMachineClient } from "../../src/app/machine-clients.ts";
import { systemSubject } from "../../src/domain/access/system-subject.ts";
import { addSigningKey } from "../../src/identity/idp/keys.ts";
import { RelyingParty, SignInFailed } from "../../src/identity/relying-party/relying-party.ts";
import { signProof, verifySigningProof } from "../../src/identity/signing-proof.ts";
import { DomainError } from "../../src/domain/errors.ts";
import { Browser, formIn } from "../support/browser.ts";
import { companyCr, people } from "../support/fixtures.ts";
import { startHttpHarness, type HttpHarness } from "../support/http.ts";
import { answerOnPhone, phoneRequests, signOnPhone } from "../support/signing.ts";
import { eventually } from "../support/wait.ts";
import { assertError, assertWritesNothing } from "../http/helpers.ts";

let harness: HttpHarness;
let issuer: string;

before(async () => {
  harness = await startHttpHarness();
  issuer = `${harness.baseUrl}/idp`;
});

after(async () => {
  await harness?.close();
});

async function debtorParty(fileId: string) {
  const parties = await harness.database.db.selectFrom("file_parties").select(["id", "party_role"]).where("file_id", "=", fileId).execute();
  return parties.find((party) => party.party_role === "debtor")!.id;
}

async function jwks() {
  const response = await fetch(`${issuer}/jwks`);
  assert.equal(response.status, 200);
  return (await response.json()) as { keys: { kid: string; kty: string; d?: string }[] };
}

async function freshSignedRequest(kind: "vehicle_seizure" | "bank_attachment" = "vehicle_seizure") {
  const file = await harness.world.openFileFor({ civilId: people.creditor }, { civilId: people.debtor });
  const debtorPartyId = await debtorParty(file.id);
  const body: Record<string, unknown> =
    kind === "vehicle_seizure" ? { kind, debtorPartyId } : { kind, debtorPartyId, amount: "3.000", banks: ["KFHO"] };
  const creditor = await harness.clientFor(people.creditor);
  const signed = await signOnPhone(harness, creditor, { purpose: "procedure.request", fileId: file.id, request: body });
  return { file, body, creditor, signed, url: `/api/v1/files/${file.id}/procedures` };
}

const expectCode = async (promise: Promise<unknown>, code: string) => {
  await assert.rejects(promise, (error: unknown) => error instanceof DomainError && error.code === code);
};

describe("signing proofs", () => {
  test("a proof verifies with the published keys alone (no private key in the JWKS); tampering, another key, another issuer or age are refused", async () => {
    const { signed } = await freshSignedRequest();
    const keys = await jwks();
    assert.ok(keys.keys.every((key) => key.d === undefined && key.kty === "EC"));
    const now = harness.world.clock.now();
    const verified = await verifySigningProof(signed.proof, { keys, issuer, audience: "tanfeeth-portal", now });
    assert.equal(verified.civilId, people.creditor);
    assert.equal(verified.digest, signed.digest);
    // Verifiable later by anyone: without the freshness check.
    assert.equal((await verifySigningProof(signed.proof, { keys, issuer })).digest, signed.digest);

    const [header, payload, signature] = signed.proof.split(".") as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString());
    const forged = `${header}.${Buffer.from(JSON.stringify({ ...claims, digest: `sha256:${"0".repeat(64)}` })).toString("base64url")}.${signature}`;
    await expectCode(verifySigningProof(forged, { keys, issuer, now }), "SIGNATURE_INVALID");
    const flipped = `${header}.${payload}.${signature.startsWith("A") ? "B" : "A"}${signature.slice(1)}`;
    await expectCode(verifySigningProof(flipped, { keys, issuer, now }), "SIGNATURE_INVALID");
    await expectCode(verifySigningProof(signed.proof, { keys, issuer: "https://evil.example/idp", now }), "SIGNATURE_INVALID");
    await expectCode(verifySigningProof(signed.proof, { keys, issuer, audience: "another-portal", now }), "SIGNATURE_INVALID");
    await expectCode(verifySigningProof(signed.proof, { keys, issuer, now: new Date(now.getTime() + 6 * 60_000) }), "SIGNATURE_EXPIRED");

    // Same claims, same kid, but signed with a key the provider never published.
    const { privateKey } = await generateKeyPair("ES256");
    const impostor = await signProof(privateKey, keys.keys[0]!.kid, { issuer, audience: "tanfeeth-portal", civilId: people.creditor, digest: signed.digest, purpose: "procedure.request", requestId: "x" }, "nonce-1", now);
    await expectCode(verifySigningProof(impostor, { keys, issuer, now }), "SIGNATURE_INVALID");
    // An unsigned token ("alg": "none") and a token of another type.
    const none = `${Buffer.from(JSON.stringify({ alg: "none", typ: "signing-proof+jwt" })).toString("base64url")}.${payload}.`;
    await expectCode(verifySigningProof(none, { keys, issuer, now }), "SIGNATURE_INVALID");
    const otherType = await new SignJWT(claims).setProtectedHeader({ alg: "ES256", kid: keys.keys[0]!.kid, typ: "JWT" }).sign(privateKey);
    await expectCode(verifySigningProof(otherType, { keys, issuer, now }), "SIGNATURE_INVALID");
  });

  test("the API takes a proof once: a replay → SIGNATURE_REUSED; the action keeps the proof", async () => {
    const { body, creditor, signed, url } = await freshSignedRequest("bank_attachment");
    const first = await creditor.post(url, { ...body, signingRequestId: signed.id });
    assert.equal(first.statusCode, 201, first.body);
    await assertWritesNothing(harness.database.db, async () => assertError(await creditor.post(url, { ...body, signingRequestId: signed.id }), 409, "SIGNATURE_REUSED"));
    await assertWritesNothing(harness.database.db, async () => assertError(await creditor.post(url, { ...body, signingProof: signed.proof }), 409, "SIGNATURE_REUSED"));
  });

  test("a proof for another request, by another person, tampered, expired, rejected or never approved is refused and writes nothing", async () => {
    const db = harness.database.db;
    const { file, body, creditor, signed, url } = await freshSignedRequest();
    // Another request: a bank attachment instead of the seizure that was signed.
    const other = { kind: "bank_attachment", debtorPartyId: body.debtorPartyId as string, amount: "5.000", banks: ["NBOK"] };
    const mismatch = await assertWritesNothing(db, async () => assertError(await creditor.post(url, { ...other, signingRequestId: signed.id }), 403, "SIGNATURE_INVALID"));
    assert.equal(mismatch.details.reason, "digest");
    // Another person (the creditor's own lawyer) presenting the creditor's proof.
    const lawyer = await harness.clientFor(people.lawyer);
    const signer = await assertWritesNothing(db, async () => assertError(await lawyer.post(url, { ...body, signingProof: signed.proof }), 403, "SIGNATURE_INVALID"));
    assert.equal(signer.details.reason, "signer");
    assertError(await lawyer.post(url, { ...body, signingRequestId: signed.id }), 403, "SIGNATURE_INVALID");
    // Tampered.
    const tampered = signed.proof.slice(0, -3) + (signed.proof.endsWith("AAA") ? "BBB" : "AAA");
    await assertWritesNothing(db, async () => assertError(await creditor.post(url, { ...body, signingProof: tampered }), 403, "SIGNATURE_INVALID"));
    // Expired: used more than five minutes after approval.
    harness.world.clock.advance(5 * 60_000 + 1000);
    await assertWritesNothing(db, async () => assertError(await creditor.post(url, { ...body, signingRequestId: signed.id }), 403, "SIGNATURE_EXPIRED"));

    // Rejected on the phone, and left unanswered past two minutes.
    const ask = () => creditor.post("/api/v1/signing-requests", { purpose: "procedure.request", fileId: file.id, request: body });
    const rejected = (await ask()).json() as { id: string; digest: string };
    const onPhone = (await phoneRequests(harness, people.creditor)).find((request) => request.digest === rejected.digest && request.kind === "signing")!;
    assert.equal((await answerOnPhone(harness, people.creditor, onPhone.id, "reject")).statusCode, 200);
    assertError(await creditor.post(url, { ...body, signingRequestId: rejected.id }), 403, "SIGNATURE_REJECTED");
    const unanswered = (await ask()).json() as { id: string };
    assertError(await creditor.post(url, { ...body, signingRequestId: unanswered.id }), 409, "SIGNATURE_PENDING");
    harness.world.clock.advance(2 * 60_000 + 1000);
    assertError(await creditor.post(url, { ...body, signingRequestId: unanswered.id }), 403, "SIGNATURE_EXPIRED");
    // No signature at all.
    assertError(await creditor.post(url, body), 428, "SIGNATURE_REQUIRED");
    // A signing request that is not the caller's reads as not found.
    assertError(await lawyer.get(`/api/v1/signing-requests/${signed.id}`), 404, "NOT_FOUND");
  });

  test("key rotation: new proofs are signed with the new key, the old key stays published, old proofs still verify", async () => {
    const { signed: old } = await freshSignedRequest();
    const oldKid = JSON.parse(Buffer.from(old.proof.split(".")[0]!, "base64url").toString()).kid as string;
    const newKid = await addSigningKey(harness.database.db, harness.world.clock.now());
    // Every node re-reads the key table periodically (here every 200 ms): wait for the new key to be published.
    await eventually("the new key is published", async () => (await jwks()).keys.some((key) => key.kid === newKid), { everyMs: 100 });
    const keys = await jwks();
    assert.deepEqual(keys.keys.map((key) => key.kid).sort(), [oldKid, newKid].sort());
    const { signed: fresh, body, creditor, url } = await freshSignedRequest();
    assert.equal(JSON.parse(Buffer.from(fresh.proof.split(".")[0]!, "base64url").toString()).kid, newKid);
    assert.equal((await verifySigningProof(old.proof, { keys, issuer })).civilId, people.creditor);
    // The portal fetches the new key on first sight of its kid.
    const accepted = await creditor.post(url, { ...body, signingRequestId: fresh.id });
    assert.equal(accepted.statusCode, 201, accepted.body);
  });
});

