/**
 * Machine clients (institutional creditors' systems): OAuth client credentials, scoped
 * and revocable tokens acting for one commercial registration; tampered, expired and
 * revoked bearer tokens are refused.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { companyCr, people } from "../support/fixtures.ts";
import { startHttpHarness, type HttpHarness } from "../support/http.ts";
import { assertError, assertWritesNothing } from "../http/helpers.ts";

let harness: HttpHarness;

before(async () => {
  harness = await startHttpHarness();
});

after(async () => {
  await harness?.close();
});

async function newClient(scopes: string[]) {
  const admin = await harness.clientFor(people.administrator);
  const response = await admin.post("/api/v1/machine-clients", { crNumber: companyCr, name: "Collections", scopes });
  assert.equal(response.statusCode, 201, response.body);
  return response.json() as { clientId: string; clientSecret: string };
}

async function token(clientId: string, clientSecret: string, scope?: string) {
  const response = await fetch(`${harness.baseUrl}/oauth/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString("base64")}` },
    body: new URLSearchParams({ grant_type: "client_credentials", ...(scope ? { scope } : {}) }).toString(),
  });
  return { status: response.status, body: (await response.json()) as Record<string, string> };
}

const bearer = (accessToken: string) => ({ authorization: `Bearer ${accessToken}` });

async function companyFile() {
  const file = await harness.world.openFileFor({ crNumber: companyCr }, { civilId: people.debtor });
  const parties = await harness.database.db.selectFrom("file_parties").select(["id", "party_role"]).where("file_id", "=", file.id).execute();
  return { ...file, debtorPartyId: parties.find((party) => party.party_role === "debtor")!.id };
}

describe("machine clients", () => {
  test("client credentials → a scoped token; the client acts for its company, signed by its credentials, without CSRF", async () => {
    const client = await newClient(["files:read", "procedures:request"]);
    const issued = await token(client.clientId, client.clientSecret);
    assert.equal(issued.status, 200);
    assert.equal(issued.body.token_type, "Bearer");
    assert.equal(issued.body.scope, "files:read procedures:request");
    const file = await companyFile();
    const otherFile = await harness.world.openFileFor({ civilId: people.creditor }, { civilId: people.debtor });

    const list = await harness.app.inject({ method: "GET", url: `/api/v1/files?search=${encodeURIComponent(file.number)}`, headers: bearer(issued.body.access_token!) });
    assert.equal(list.statusCode, 200, list.body);
    assert.deepEqual((list.json() as { files: { id: string }[] }).files.map((row) => row.id), [file.id]);
    assertError(await harness.app.inject({ method: "GET", url: `/api/v1/files/${otherFile.id}`, headers: bearer(issued.body.access_token!) }), 404, "FILE_NOT_FOUND");

    const requested = await harness.app.inject({
      method: "POST",
      url: `/api/v1/files/${file.id}/procedures`,
      headers: bearer(issued.body.access_token!),
      payload: { kind: "vehicle_seizure", debtorPartyId: file.debtorPartyId },
    });
    assert.equal(requested.statusCode, 201, requested.body);
    const action = await harness.database.db
      .selectFrom("actions")
      .select(["actor", "actor_role", "payload"])
      .where("procedure_id", "=", (requested.json() as { id: string }).id)
      .where("action_kind", "=", "procedure.request")
      .executeTakeFirstOrThrow();
    assert.equal(action.actor, `client:${client.clientId}`);
    assert.equal(action.actor_role, "creditor");
    const signature = (action.payload as { signature: Record<string, string> }).signature;
    assert.equal(signature.method, "client_credentials");
    assert.equal(signature.clientId, client.clientId);
    assert.equal(signature.crNumber, companyCr);
    assert.match(signature.digest!, /^sha256:/);

    // Outside its scopes: waiving (403); staff work and mobile-ID signing are never a client's.
    const procedureId = (requested.json() as { id: string }).id;
    assertError(
      await harness.app.inject({ method: "POST", url: `/api/v1/files/${file.id}/procedures/${procedureId}/waive`, headers: bearer(issued.body.access_token!), payload: { reason: "x" } }),
      403,
      "FORBIDDEN",
    );
    assertError(await harness.app.inject({ method: "POST", url: "/api/v1/files", headers: bearer(issued.body.access_token!), payload: {} }), 400, "VALIDATION_FAILED");
    assertError(
      await harness.app.inject({ method: "POST", url: "/api/v1/signing-requests", headers: bearer(issued.body.access_token!), payload: { purpose: "procedure.request", fileId: file.id, request: { kind: "vehicle_seizure", debtorPartyId: file.debtorPartyId } } }),
      403,
      "FORBIDDEN",
    );
    assertError(await harness.app.inject({ method: "GET", url: "/api/v1/machine-clients", headers: bearer(issued.body.access_token!) }), 403, "FORBIDDEN");
  });

  test("a token narrowed to files:read cannot request; a scope the client lacks is refused at the token endpoint", async () => {
    const client = await newClient(["files:read", "procedures:request"]);
    const narrow = await token(client.clientId, client.clientSecret, "files:read");
    assert.equal(narrow.body.scope, "files:read");
    const file = await companyFile();
    await assertWritesNothing(harness.database.db, async () =>
      assertError(
        await harness.app.inject({ method: "POST", url: `/api/v1/files/${file.id}/procedures`, headers: bearer(narrow.body.access_token!), payload: { kind: "vehicle_seizure", debtorPartyId: file.debtorPartyId } }),
        403,
        "FORBIDDEN",
      ),
    );
    const wider = await token(client.clientId, client.clientSecret, "procedures:waive");
    assert.equal(wider.status, 400);
    assert.equal(wider.body.error, "invalid_scope");
    const wrongSecret = await token(client.clientId, `${client.clientSecret}x`);
    assert.equal(wrongSecret.status, 401);
    assert.equal(wrongSecret.body.error, "invalid_client");
    const unknown = await token("mc_nobody", client.clientSecret);
    assert.equal(unknown.status, 401);
  });

  test("tampered, expired and revoked bearer tokens → 401 with the reason", async () => {
    const client = await newClient(["files:read"]);
    const { body } = await token(client.clientId, client.clientSecret);
    const get = (accessToken: string) => harness.app.inject({ method: "GET", url: "/api/v1/files", headers: bearer(accessToken) });
    assert.equal((await get(body.access_token!)).statusCode, 200);
    const tampered = body.access_token!.slice(0, -1) + (body.access_token!.endsWith("A") ? "B" : "A");
    const refusedTampered = assertError(await get(tampered), 401, "UNAUTHENTICATED");
    assert.equal(refusedTampered.details.reason, "token_invalid");
    assertError(await harness.app.inject({ method: "GET", url: "/api/v1/files", headers: { authorization: "Basic abc" } }), 401, "UNAUTHENTICATED");

    harness.world.clock.advance(16 * 60_000);
    assert.equal(assertError(await get(body.access_token!), 401, "UNAUTHENTICATED").details.reason, "token_expired");

    const fresh = await token(client.clientId, client.clientSecret);
    assert.equal((await get(fresh.body.access_token!)).statusCode, 200);
    const admin = await harness.clientFor(people.administrator);
    assert.equal((await admin.post(`/api/v1/machine-clients/${client.clientId}/revoke`, { reason: "Contract ended." })).statusCode, 200);
    assert.equal(assertError(await get(fresh.body.access_token!), 401, "UNAUTHENTICATED").details.reason, "token_revoked");
    const after = await token(client.clientId, client.clientSecret);
    assert.equal(after.status, 401, "a revoked client gets no new token");
  });
});
