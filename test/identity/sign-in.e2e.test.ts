/**
 * Sign-in with the national mobile ID, end to end over real HTTP: the portal (relying
 * party) and the stand-in identity provider on one server on an ephemeral port, a
 * cookie-jar browser following every redirect, the simulated phone answering through
 * its JSON API. Then "my files", a signed request, and sign-out of both sessions; the
 * same with the approval rejected, and left to expire (the provider's clock advanced).
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { demoAccounts, seedDemo } from "../../src/seed/demo.ts";
import { CSRF_HEADER, SESSION_COOKIE } from "../../src/http/session-auth.ts";
import { Browser, formIn, type Page } from "../support/browser.ts";
import { startHttpHarness, type HttpHarness } from "../support/http.ts";

let harness: HttpHarness;
const person = demoAccounts.creditor;

before(async () => {
  harness = await startHttpHarness();
  await seedDemo(harness.world.deps, { files: 12 });
});

after(async () => {
  await harness?.close();
});

async function phone(civilId: string) {
  const response = await fetch(`${harness.baseUrl}/idp/phone/api/requests?civilId=${civilId}`);
  assert.equal(response.status, 200);
  return ((await response.json()) as { requests: { id: string; kind: string; summary: { ar: string; en: string }; digest: string | null; code: string }[] }).requests;
}

async function answer(civilId: string, id: string, decision: "approve" | "reject") {
  return fetch(`${harness.baseUrl}/idp/phone/api/requests/${id}/${decision}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ civilId }),
  });
}

/** From the portal's sign-in link to the provider's "approve on your phone" page. */
async function startSignIn(browser: Browser, civilId: string): Promise<{ waitUrl: string; page: Page }> {
  const civilIdPage = await browser.go("/auth/login");
  assert.equal(civilIdPage.status, 200, civilIdPage.body);
  assert.match(civilIdPage.url, /\/idp\/interaction\/[^/]+$/);
  assert.match(civilIdPage.body, /<html lang="ar" dir="rtl">/, "Arabic, right to left, by default");
  assert.match(civilIdPage.body, /الرقم المدني/);
  const hops = civilIdPage.hops.map((hop) => new URL(hop).pathname);
  assert.deepEqual(hops.slice(0, 2), ["/auth/login", "/idp/auth"]);
  const authorize = new URL(civilIdPage.hops[1]!);
  assert.equal(authorize.searchParams.get("code_challenge_method"), "S256");
  assert.ok(authorize.searchParams.get("state") && authorize.searchParams.get("nonce") && authorize.searchParams.get("code_challenge"));
  const form = formIn(civilIdPage.body);
  const waiting = await browser.go(form.action, { form: { civilId } });
  assert.equal(waiting.status, 200, waiting.body);
  assert.match(waiting.url, /\/wait$/);
  assert.match(waiting.body, /http-equiv="refresh"/);
  return { waitUrl: waiting.url, page: waiting };
}

describe("sign-in with the mobile ID over real HTTP", () => {
  test("approve on the phone → session; my files; a signed request; logout ends both sessions", async () => {
    const browser = new Browser(harness.baseUrl);
    const { waitUrl, page } = await startSignIn(browser, person.civilId);

    const requests = await phone(person.civilId);
    assert.equal(requests.length, 1);
    assert.equal(requests[0]!.kind, "sign_in");
    assert.match(page.body, new RegExp(`id="code">${requests[0]!.code}<`), "the page shows the number the phone shows");
    assert.equal((await answer(person.civilId, requests[0]!.id, "approve")).status, 200);

    const home = await browser.go(waitUrl);
    assert.equal(home.status, 200, home.body);
    assert.equal(new URL(home.url).pathname, "/");
    assert.ok(home.hops.some((hop) => new URL(hop).pathname === "/auth/callback"), home.hops.join("\n"));
    assert.match(home.body, new RegExp(person.nameAr));
    assert.ok(browser.cookie(SESSION_COOKIE), "session cookie set");
    assert.deepEqual(await phone(person.civilId), [], "the approval is no longer pending");

    const me = await browser.fetch("/api/v1/me");
    assert.equal(me.status, 200);
    const meBody = (await me.json()) as { civilId: string; nameEn: string; csrfToken: string };
    assert.equal(meBody.civilId, person.civilId);
    assert.equal(meBody.nameEn, person.nameEn);

    // My files.
    const files = (await (await browser.fetch("/api/v1/files?limit=100")).json()) as { files: { id: string; number: string; activeProcedures: number }[] };
    assert.ok(files.files.length >= 1, "the demo creditor has files");
    const file = files.files[0]!;
    const detail = (await (await browser.fetch(`/api/v1/files/${file.id}`)).json()) as { parties: { id: string; role: string }[]; procedures: { kind: string; status: string; debtorPartyId: string }[] };
    const debtor = detail.parties.find((party) => party.role === "debtor")!;

    // A signed request: ask, approve on the phone (it shows the summary and the digest), submit.
    const csrf = { [CSRF_HEADER]: meBody.csrfToken };
    const body = { kind: "bank_attachment", debtorPartyId: debtor.id, amount: "1.000", banks: ["NBOK"] };
    const unsigned = await browser.fetch(`/api/v1/files/${file.id}/procedures`, { json: body, headers: csrf });
    assert.equal(unsigned.status, 428, "unsigned: SIGNATURE_REQUIRED");
    assert.equal(((await unsigned.json()) as { code: string }).code, "SIGNATURE_REQUIRED");
    const signing = await browser.fetch("/api/v1/signing-requests", { json: { purpose: "procedure.request", fileId: file.id, request: body }, headers: csrf });
    assert.equal(signing.status, 201);
    const signingBody = (await signing.json()) as { id: string; digest: string; summary: { ar: string; en: string }; status: string };
    assert.equal(signingBody.status, "pending");
    assert.match(signingBody.digest, /^sha256:[0-9a-f]{64}$/);
    assert.match(signingBody.summary.en, /bank attachment.*1\.000.*National Bank of Kuwait/);
    assert.match(signingBody.summary.ar, /حجز/);
    const onPhone = (await phone(person.civilId)).find((request) => request.kind === "signing")!;
    assert.equal(onPhone.digest, signingBody.digest);
    assert.deepEqual(onPhone.summary, signingBody.summary);
    const early = await browser.fetch(`/api/v1/files/${file.id}/procedures`, { json: { ...body, signingRequestId: signingBody.id }, headers: csrf });
    assert.equal(((await early.json()) as { code: string }).code, "SIGNATURE_PENDING");
    assert.equal((await answer(person.civilId, onPhone.id, "approve")).status, 200);
    const submitted = await browser.fetch(`/api/v1/files/${file.id}/procedures`, { json: { ...body, signingRequestId: signingBody.id }, headers: csrf });
    assert.equal(submitted.status, 201, await submitted.clone().text());
    const procedure = (await submitted.json()) as { id: string; status: string };
    assert.equal(procedure.status, "ordered");
    const action = await harness.database.db
      .selectFrom("actions")
      .select(["actor", "payload"])
      .where("procedure_id", "=", procedure.id)
      .where("action_kind", "=", "procedure.request")
      .executeTakeFirstOrThrow();
    const signature = (action.payload as { signature: { method: string; proof: string; digest: string } }).signature;
    assert.equal(action.actor, person.civilId);
    assert.equal(signature.method, "mobile_id");
    assert.equal(signature.digest, signingBody.digest);
    assert.match(signature.proof, /^[\w-]+\.[\w-]+\.[\w-]+$/);

    // Sign out: our session ends, then the provider's after its confirmation page.
    const confirm = await browser.go("/auth/logout", { form: { csrf: meBody.csrfToken } });
    assert.equal(confirm.status, 200, confirm.body);
    assert.match(new URL(confirm.hops[1]!).pathname, /^\/idp\/session\/end/);
    assert.equal(new URL(confirm.hops[1]!).searchParams.has("id_token_hint"), true);
    assert.equal((await browser.fetch("/api/v1/me")).status, 401, "our session ended at once");
    const logoutForm = formIn(confirm.body, /op\.logoutForm/);
    const loggedOut = await browser.go(logoutForm.action, { form: { ...logoutForm.fields, logout: "yes" } });
    assert.equal(loggedOut.status, 200, loggedOut.body);
    assert.equal(new URL(loggedOut.url).pathname, "/auth/logged-out");
    assert.equal((await browser.fetch("/api/v1/me")).status, 401);

    // The provider's session ended too: a new sign-in asks for the civil ID again.
    const again = await browser.go("/auth/login");
    assert.match(again.url, /\/idp\/interaction\//);

    const kinds = await harness.database.db
      .selectFrom("actions")
      .select("action_kind")
      .where("stream", "=", `subject:${person.civilId}`)
      .orderBy("seq")
      .execute();
    assert.deepEqual(
      kinds.map((row) => row.action_kind),
      ["idp.approval.approved", "identity.sign_in", "identity.signing.requested", "idp.approval.approved", "identity.signing.approved", "identity.sign_out"],
    );
  });

  test("approval rejected on the phone → no session, back at the portal with the reason", async () => {
    const browser = new Browser(harness.baseUrl);
    const who = demoAccounts.debtor;
    const { waitUrl } = await startSignIn(browser, who.civilId);
    const [request] = await phone(who.civilId);
    assert.equal((await answer(who.civilId, request!.id, "reject")).status, 200);
    const back = await browser.go(waitUrl);
    assert.equal(back.status, 401);
    assert.equal(new URL(back.url).pathname, "/auth/callback");
    assert.equal(new URL(back.url).searchParams.get("error"), "access_denied");
    assert.match(back.body, /data-reason="sign_in_rejected"/);
    assert.equal(browser.cookie(SESSION_COOKIE), undefined);
    assert.equal((await browser.fetch("/api/v1/me")).status, 401);
    // Deciding twice is refused.
    assert.equal((await answer(who.civilId, request!.id, "approve")).status, 409);
    const failed = await harness.database.db.selectFrom("actions").select("action_kind").where("stream", "=", "identity").execute();
    assert.ok(failed.some((row) => row.action_kind === "identity.sign_in_failed"));
  });

  test("approval left for more than two minutes → expired: no session, and the phone can no longer approve", async () => {
    const browser = new Browser(harness.baseUrl);
    const who = demoAccounts.lawyer;
    const { waitUrl } = await startSignIn(browser, who.civilId);
    const [request] = await phone(who.civilId);
    harness.world.clock.advance(2 * 60_000 + 1000);
    const late = await answer(who.civilId, request!.id, "approve");
    assert.equal(late.status, 410);
    assert.equal(((await late.json()) as { code: string }).code, "APPROVAL_EXPIRED");
    const back = await browser.go(waitUrl);
    assert.equal(back.status, 401);
    assert.match(back.body, /data-reason="sign_in_expired"/);
    assert.equal(browser.cookie(SESSION_COOKIE), undefined);
    assert.equal((await browser.fetch("/api/v1/me")).status, 401);
  });

  test("English on request: the civil-ID page switches language and direction", async () => {
    const browser = new Browser(harness.baseUrl);
    const civilIdPage = await browser.go("/auth/login");
    const english = await browser.go(`${new URL(civilIdPage.url).pathname}?lang=en`);
    assert.match(english.body, /<html lang="en" dir="ltr">/);
    assert.match(english.body, /Civil ID number/);
  });
});
