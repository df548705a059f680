/**
 * The stand-in agencies over real HTTP, against a minimal fake hub: orders signed by the
 * hub go in, receipts come back at once, and the agencies' replies arrive later as signed
 * batches that the hub verifies against each agency's published JWKS.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, afterEach, before, describe, it } from "node:test";
import { ibanBankCode, isIban, makeCivilId, makeIban } from "../../src/domain/identifiers/index.ts";
import { PROTOCOL_VERSION, generateSigningKeyPair, postBatch, signEnvelope, signingKeyFrom, type Receipt } from "../../src/agencies/protocol/index.ts";
import { generateVehicles, isValidVin, simulatedAgencyIds } from "../../src/agencies/simulators/index.ts";
import { KD, company, control, ofType, orders, person, startHarness, waitFor, type Harness } from "./simulators-support.ts";
import { calculateJwkThumbprint } from "jose";
import { parseDirectoryFile } from "../../src/agencies/hub/directory.ts";

let h: Harness;
let serial = 100;
/** A fresh, valid civil ID per use: tests never share a debtor. */
function newCivilId(): string {
  for (;;) {
    const id = makeCivilId({ year: 1985, month: 6, day: 15 }, serial++);
    if (id) return id;
  }
}
const departmentIban = makeIban("CBKU", "0000000000000000000042");

before(async () => {
  h = await startHarness({ seed: 7 });
});
after(async () => {
  await h.close();
});
afterEach(async () => {
  await h.sim.idle();
  h.sim.reset();
  h.hub.clear();
});

const statuses = (receipt: Receipt) => receipt.receipts.map((entry) => entry.status);

describe("directory and keys", () => {
  it("hosts every agency under its own base path, each with its own key and JWKS", async () => {
    const directory = h.sim.directory();
    assert.deepEqual(directory.map((entry) => entry.agencyKey), [...simulatedAgencyIds]);
    assert.equal(directory.length, 14);
    assert.ok(directory.some((entry) => entry.endpoint.endsWith("/agencies/bank/NBOK")));
    assert.ok(directory.some((entry) => entry.endpoint.endsWith("/agencies/civil_info")));
    const kids = new Set<string>();
    for (const entry of directory) {
      const response = await fetch(entry.jwksUrl);
      assert.equal(response.status, 200);
      const body = (await response.json()) as { keys: { kid: string; kty: string; crv: string; alg: string; d?: string }[] };
      assert.equal(body.keys.length, 1);
      assert.deepEqual([body.keys[0]!.kty, body.keys[0]!.crv, body.keys[0]!.alg, body.keys[0]!.d], ["EC", "P-256", "ES256", undefined]);
      assert.equal(body.keys[0]!.kid, entry.kid);
      // What the hub pins: the RFC 7638 thumbprint of the key it publishes.
      assert.deepEqual(entry.thumbprints, [await calculateJwkThumbprint(body.keys[0] as never, "sha256")]);
      kids.add(entry.kid);
    }
    assert.equal(kids.size, 14, "no two agencies share a key");
    // The control directory is a valid AGENCY_DIRECTORY_FILE as it stands.
    const control = await (await fetch(`${h.sim.url}/control/directory`)).json();
    const file = parseDirectoryFile(JSON.stringify(control), { requireThumbprints: true });
    assert.deepEqual(file.agencies.map((entry) => entry.agencyKey), [...simulatedAgencyIds]);
  });
});

describe("banks", () => {
  it("an attachment order to 3 banks: acks, then declarations with valid IBANs and totals within the maximum", async () => {
    const debtor = newCivilId();
    h.sim.setBalances(debtor, { NBOK: KD(3000), KFHO: KD(1500), BBYN: KD(500) });
    const max = KD(2000);
    const orderIds = { NBOK: randomUUID(), KFHO: randomUUID(), BBYN: randomUUID() };
    for (const [code, orderId] of Object.entries(orderIds)) {
      const receipt = await h.send(`bank:${code}`, [orders.attachment(orderId, person(debtor), max)]);
      assert.deepEqual(statuses(receipt), ["accepted"]);
    }
    await h.sim.idle();
    const expected = { NBOK: KD(2000), KFHO: KD(1500), BBYN: KD(500) };
    for (const [code, orderId] of Object.entries(orderIds)) {
      const replies = h.repliesFrom(`bank:${code}`);
      // Art. 234(2): a declaration holding money is followed by its cause and documents (declaration.particulars).
      assert.deepEqual(replies.map((reply) => reply.type), ["ack", "attachment.declaration", "declaration.particulars"]);
      const [ack] = ofType(replies, "ack");
      assert.equal(ack!.orderId, orderId);
      const [declaration] = ofType(replies, "attachment.declaration");
      assert.equal(declaration!.orderId, orderId);
      assert.equal(declaration!.sequence, 1);
      assert.ok(BigInt(declaration!.totalFrozen) <= max);
      assert.equal(BigInt(declaration!.totalFrozen), expected[code as keyof typeof expected]);
      assert.equal(declaration!.otherAttachments, 0);
      assert.ok(declaration!.accounts.length >= 1);
      for (const account of declaration!.accounts) {
        assert.ok(isIban(account.iban), `${account.iban} is a valid IBAN`);
        assert.equal(ibanBankCode(account.iban), code);
      }
      assert.equal(declaration!.accounts.reduce((total, account) => total + BigInt(account.frozen), 0n), BigInt(declaration!.totalFrozen));
      const [particulars] = ofType(replies, "declaration.particulars");
      assert.equal(particulars!.sequence, declaration!.sequence);
      assert.equal(particulars!.inReplyTo, declaration!.inReplyTo);
      assert.deepEqual(
        particulars!.accounts.map((account) => account.iban),
        declaration!.accounts.filter((account) => BigInt(account.frozen) > 0n).map((account) => account.iban),
      );
      assert.ok(particulars!.accounts.every((account) => account.causeText.length > 0 && account.documents.length >= 1));
    }
    assert.equal(h.sim.totalFrozen(debtor), KD(4000));
    // What is frozen where, through the control API.
    const view = await control(h.sim, "GET", `/control/debtors/${debtor}/banks`);
    assert.equal(view.status, 200);
    assert.equal(view.json.totalFrozen, String(KD(4000)));
    assert.deepEqual(view.json.banks.map((bank: { bank: string }) => bank.bank).sort(), ["BBYN", "KFHO", "NBOK"]);
  });

  it("a debtor unknown to the bank: a declaration of zero, not a rejection", async () => {
    const debtor = newCivilId();
    h.sim.setBalances(debtor, {});
    const orderId = randomUUID();
    await h.send("bank:GULB", [orders.attachment(orderId, person(debtor), KD(100))]);
    await h.sim.idle();
    const [declaration] = ofType(h.repliesFrom("bank:GULB"), "attachment.declaration");
    assert.deepEqual([declaration!.totalFrozen, declaration!.accounts, declaration!.sequence], ["0", [], 1]);
    assert.equal(ofType(h.repliesFrom("bank:GULB"), "rejection").length, 0);
  });

  it("hold.adjust releases the excess at once, and a later credit never freezes above the new maximum", async () => {
    const debtor = newCivilId();
    h.sim.setBalances(debtor, { NBOK: KD(3000) });
    const orderId = randomUUID();
    await h.send("bank:NBOK", [orders.attachment(orderId, person(debtor), KD(2000))]);
    await h.sim.idle();
    await h.send("bank:NBOK", [orders.adjust(orderId, KD(1200))]);
    await h.sim.idle();
    let declarations = ofType(h.repliesFrom("bank:NBOK"), "attachment.declaration");
    assert.deepEqual(declarations.map((d) => [d.sequence, d.totalFrozen]), [
      [1, String(KD(2000))],
      [2, String(KD(1200))],
    ]);
    assert.equal(h.sim.bank("NBOK").order(orderId)!.totalFrozen, String(KD(1200)));
    // A large credit: the order is at its maximum, nothing more is frozen, nothing declared.
    assert.equal(h.sim.credit("NBOK", debtor, KD(5000)), 0);
    await h.sim.idle();
    declarations = ofType(h.repliesFrom("bank:NBOK"), "attachment.declaration");
    assert.equal(declarations.length, 2);
    assert.equal(h.sim.totalFrozen(debtor), KD(1200));
    // An older adjustment arriving late changes nothing (it is still answered with the current state).
    await h.send("bank:NBOK", [orders.adjust(orderId, KD(2500), new Date(Date.now() - 60_000).toISOString())]);
    await h.sim.idle();
    declarations = ofType(h.repliesFrom("bank:NBOK"), "attachment.declaration");
    assert.deepEqual(declarations.at(-1)!.totalFrozen, String(KD(1200)));
    assert.equal(declarations.at(-1)!.sequence, 3);
  });

  it("a standing order catches a later credit: a new declaration with a higher sequence (control API over HTTP)", async () => {
    const debtor = newCivilId();
    h.sim.setBalances(debtor, { KFHO: KD(1500) });
    const orderId = randomUUID();
    await h.send("bank:KFHO", [orders.attachment(orderId, person(debtor), KD(2000))]);
    await h.sim.idle();
    const credited = await control(h.sim, "POST", "/control/banks/KFHO/credit", { debtor, amount: String(KD(800)) });
    assert.equal(credited.status, 200);
    assert.equal(credited.json.declarations, 1);
    await h.sim.idle();
    const declarations = ofType(h.repliesFrom("bank:KFHO"), "attachment.declaration");
    assert.deepEqual(declarations.map((d) => [d.sequence, d.totalFrozen]), [
      [1, String(KD(1500))],
      [2, String(KD(2000))],
    ]);
    // The credit's declaration replies to the order itself.
    assert.equal(declarations[1]!.inReplyTo, declarations[0]!.inReplyTo);
    const account = credited.json.accounts[0];
    assert.deepEqual([account.balance, account.frozen, account.available], [String(KD(2300)), String(KD(2000)), String(KD(300))]);
  });

  it("lift unfreezes everything, confirms, and the order freezes nothing more", async () => {
    const debtor = newCivilId();
    h.sim.setBalances(debtor, { ABKK: KD(900) });
    const orderId = randomUUID();
    await h.send("bank:ABKK", [orders.attachment(orderId, person(debtor), KD(2000))]);
    await h.sim.idle();
    assert.equal(h.sim.totalFrozen(debtor), KD(900));
    await h.send("bank:ABKK", [orders.lift(orderId)]);
    await h.sim.idle();
    const [confirmation] = ofType(h.repliesFrom("bank:ABKK"), "lift.confirmation");
    assert.equal(confirmation!.orderId, orderId);
    assert.equal(h.sim.totalFrozen(debtor), 0n);
    assert.equal(h.sim.bank("ABKK").order(orderId)!.status, "lifted");
    assert.equal(h.sim.credit("ABKK", debtor, KD(500)), 0);
    await h.sim.idle();
    assert.equal(ofType(h.repliesFrom("bank:ABKK"), "attachment.declaration").length, 1);
    // Lift is idempotent; an order lifted before it arrived is refused when it does.
    await h.send("bank:ABKK", [orders.lift(orderId)]);
    const early = randomUUID();
    await h.send("bank:ABKK", [orders.lift(early)]);
    await h.send("bank:ABKK", [orders.attachment(early, person(debtor), KD(10))]);
    await h.sim.idle();
    assert.equal(ofType(h.repliesFrom("bank:ABKK"), "lift.confirmation").length, 3);
    const [rejection] = ofType(h.repliesFrom("bank:ABKK"), "rejection");
    assert.deepEqual([rejection!.orderId, rejection!.code], [early, "INVALID_ORDER"]);
    assert.equal(h.sim.totalFrozen(debtor), 0n);
  });

  it("transfer moves frozen funds out, confirms with a reference, and declares the lower total", async () => {
    const debtor = newCivilId();
    h.sim.setBalances(debtor, { COMB: KD(3000) });
    const orderId = randomUUID();
    await h.send("bank:COMB", [orders.attachment(orderId, person(debtor), KD(2000))]);
    await h.sim.idle();
    await h.send("bank:COMB", [orders.transfer(orderId, KD(1500), departmentIban)]);
    await h.sim.idle();
    const [confirmation] = ofType(h.repliesFrom("bank:COMB"), "transfer.confirmation");
    assert.equal(confirmation!.amount, String(KD(1500)));
    assert.match(confirmation!.transferReference, /^COMB-TRF-\d{6}$/);
    const declarations = ofType(h.repliesFrom("bank:COMB"), "attachment.declaration");
    assert.deepEqual(declarations.map((d) => [d.sequence, d.totalFrozen]), [
      [1, String(KD(2000))],
      [2, String(KD(500))],
    ]);
    // Balance fell by what was paid over; the order's maximum fell too, so it does not re-freeze it.
    const view = h.sim.bank("COMB").debtorView(debtor);
    assert.deepEqual([view.accounts[0]!.balance, view.accounts[0]!.frozen], [String(KD(1500)), String(KD(500))]);
    assert.equal(view.orders[0]!.maxAmount, String(KD(500)));
    // More than is frozen: only what is frozen moves.
    await h.send("bank:COMB", [orders.transfer(orderId, KD(9000), departmentIban)]);
    await h.sim.idle();
    assert.equal(ofType(h.repliesFrom("bank:COMB"), "transfer.confirmation")[1]!.amount, String(KD(500)));
    assert.equal(h.sim.totalFrozen(debtor), 0n);
  });

  it("two orders on one debtor share the balance and count each other as other attachments", async () => {
    const debtor = newCivilId();
    h.sim.setBalances(debtor, { WRBA: KD(1000) });
    const first = randomUUID();
    const second = randomUUID();
    await h.send("bank:WRBA", [orders.attachment(first, person(debtor), KD(700)), orders.attachment(second, person(debtor), KD(700))]);
    await h.sim.idle();
    const declarations = ofType(h.repliesFrom("bank:WRBA"), "attachment.declaration");
    assert.deepEqual(declarations.map((d) => [d.orderId, d.totalFrozen, d.otherAttachments]), [
      [first, String(KD(700)), 0],
      [second, String(KD(300)), 1],
    ]);
  });

  it("disclosure: accounts and balances, no securities; a company is known by its CR number", async () => {
    const cr = "4455667";
    h.sim.setBalances(cr, { BRGN: KD(12_345) });
    const requestId = randomUUID();
    await h.send("bank:BRGN", [orders.disclosure(requestId, company(cr))]);
    await h.sim.idle();
    const [statement] = ofType(h.repliesFrom("bank:BRGN"), "disclosure.statement");
    assert.equal(statement!.requestId, requestId);
    assert.deepEqual(statement!.securities, []);
    assert.equal(statement!.accounts.length, 1);
    assert.equal(statement!.accounts[0]!.balance, String(KD(12_345)));
    assert.equal(ibanBankCode(statement!.accounts[0]!.iban), "BRGN");
  });

  it("generated balances are deterministic, in 0–3 banks, with valid IBANs", async () => {
    let withAccounts = 0;
    for (let i = 0; i < 60; i++) {
      const debtor = newCivilId();
      const view = await control(h.sim, "GET", `/control/debtors/${debtor}/banks`);
      const banks = view.json.banks as { bank: string; accounts: { iban: string; balance: string }[] }[];
      assert.ok(banks.length <= 3);
      if (banks.length > 0) withAccounts++;
      for (const bank of banks) {
        for (const account of bank.accounts) {
          assert.ok(isIban(account.iban));
          assert.equal(ibanBankCode(account.iban), bank.bank);
          assert.ok(BigInt(account.balance) <= KD(50_000));
        }
      }
      assert.deepEqual(h.sim.bank("NBOK").debtorView(debtor).accounts, h.sim.bank("NBOK").debtorView(debtor).accounts);
    }
    assert.ok(withAccounts > 35 && withAccounts < 60, `most debtors bank somewhere, some nowhere (${withAccounts}/60)`);
  });

  it("a message a bank does not handle is rejected INVALID_ORDER", async () => {
    const orderId = randomUUID();
    await h.send("bank:DOHB", [orders.seizure(orderId, person(newCivilId()))]);
    await h.sim.idle();
    const [rejection] = ofType(h.repliesFrom("bank:DOHB"), "rejection");
    assert.deepEqual([rejection!.orderId, rejection!.code], [orderId, "INVALID_ORDER"]);
  });
});

describe("traffic, ports, civil information, clearing", () => {
  it("seizure: the vehicles registered to the civil ID are flagged and reported; lift unflags them", async () => {
    let debtor = newCivilId();
    while (generateVehicles(7, debtor).length < 2) debtor = newCivilId();
    const orderId = randomUUID();
    await h.send("traffic", [orders.seizure(orderId, person(debtor))]);
    await h.sim.idle();
    const replies = h.repliesFrom("traffic");
    assert.deepEqual(replies.map((reply) => reply.type), ["ack", "seizure.result"]);
    const [result] = ofType(replies, "seizure.result");
    assert.deepEqual(result!.vehicles, generateVehicles(7, debtor));
    for (const vehicle of result!.vehicles) {
      assert.ok(isValidVin(vehicle.vin), `${vehicle.vin} has a valid check digit`);
      assert.match(vehicle.plate, /^\d{1,2}\/\d{1,5}$/);
    }
    const flagged = await control(h.sim, "GET", "/control/traffic/flagged");
    assert.deepEqual(flagged.json.map((entry: { vin: string }) => entry.vin).sort(), result!.vehicles.map((v) => v.vin).sort());
    await h.send("traffic", [orders.lift(orderId)]);
    await h.sim.idle();
    assert.equal(ofType(h.repliesFrom("traffic"), "lift.confirmation")[0]!.orderId, orderId);
    assert.deepEqual((await control(h.sim, "GET", "/control/traffic/flagged")).json, []);
  });

  it("seizure with nothing registered: an empty result; a company's fleet is found by CR number", async () => {
    const debtor = newCivilId();
    await control(h.sim, "PUT", `/control/traffic/debtors/${debtor}/vehicles`, { vehicles: [] });
    const cr = "998877";
    let donor = newCivilId();
    while (generateVehicles(7, donor).length === 0) donor = newCivilId();
    const fleet = [{ ...generateVehicles(7, donor)[0]!, plate: "12/34567" }];
    const put = await control(h.sim, "PUT", `/control/traffic/debtors/${cr}/vehicles`, { vehicles: fleet });
    assert.equal(put.status, 200);
    await h.send("traffic", [orders.seizure(randomUUID(), person(debtor)), orders.seizure(randomUUID(), company(cr))]);
    await h.sim.idle();
    const results = ofType(h.repliesFrom("traffic"), "seizure.result");
    assert.deepEqual(results.map((result) => result.vehicles), [[], fleet]);
  });

  it("ports: a ban is registered with a reference and is in force until lifted; a company is refused", async () => {
    const debtor = newCivilId();
    const orderId = randomUUID();
    await h.send("ports", [orders.travelBan(orderId, person(debtor))]);
    await h.sim.idle();
    const [registered] = ofType(h.repliesFrom("ports"), "travel_ban.registered");
    assert.equal(registered!.orderId, orderId);
    assert.match(registered!.reference, /^TB-\d{4}-\d{6}$/);
    let bans = await control(h.sim, "GET", "/control/ports/bans?inForce=true");
    assert.deepEqual(bans.json.map((ban: { civilId: string }) => ban.civilId), [debtor]);
    assert.ok(h.sim.ports.isBanned(debtor));
    await h.send("ports", [orders.lift(orderId)]);
    const companyOrder = randomUUID();
    await h.send("ports", [orders.travelBan(companyOrder, company("123456"))]);
    await h.sim.idle();
    assert.equal(ofType(h.repliesFrom("ports"), "lift.confirmation")[0]!.orderId, orderId);
    bans = await control(h.sim, "GET", "/control/ports/bans?inForce=true");
    assert.deepEqual(bans.json, []);
    const [rejection] = ofType(h.repliesFrom("ports"), "rejection");
    assert.deepEqual([rejection!.orderId, rejection!.code], [companyOrder, "NOT_ALLOWED"]);
    assert.equal(ofType(h.repliesFrom("ports"), "ack").length, 1, "no ack for the refused order");
  });

  it("civil information: a loaded population answers identity queries; unknown is found: false", async () => {
    const known = newCivilId();
    const loaded = await control(h.sim, "POST", "/control/civil_info/persons", {
      persons: [{ civilId: known, nameAr: "سارة عادل القطان", nameEn: "Sara Adel Al-Qattan", nationality: "KWT", email: "sara@example.com", phone: "+96550000000" }],
    });
    assert.equal(loaded.status, 200);
    const knownQuery = randomUUID();
    const unknownQuery = randomUUID();
    const unknown = newCivilId();
    await h.send("civil_info", [orders.identity(knownQuery, known), orders.identity(unknownQuery, unknown)]);
    await h.sim.idle();
    const results = ofType(h.repliesFrom("civil_info"), "identity.result");
    assert.deepEqual(results.map((result) => [result.queryId, result.found]), [
      [knownQuery, true],
      [unknownQuery, false],
    ]);
    assert.deepEqual(results[0]!.person, { nameAr: "سارة عادل القطان", nameEn: "Sara Adel Al-Qattan", nationality: "KWT", alive: true, email: "sara@example.com", phone: "+96550000000" });
    assert.equal(results[1]!.person, null);
    assert.equal(results[1]!.civilId, unknown);
  });

  it("clearing: a disclosure statement of listed securities (quantities and values in fils)", async () => {
    const debtor = newCivilId();
    await control(h.sim, "PUT", `/control/clearing/debtors/${debtor}/securities`, {
      securities: [
        { symbol: "NBK", quantity: 10_000, value: "9800000" },
        { symbol: "ZAIN", quantity: 2_500, value: 1_200_000 },
      ],
    });
    const requestId = randomUUID();
    await h.send("clearing", [orders.disclosure(requestId, person(debtor))]);
    await h.sim.idle();
    const [statement] = ofType(h.repliesFrom("clearing"), "disclosure.statement");
    assert.equal(statement!.requestId, requestId);
    assert.deepEqual(statement!.accounts, []);
    assert.deepEqual(statement!.securities, [
      { symbol: "NBK", quantity: 10_000, value: "9800000" },
      { symbol: "ZAIN", quantity: 2_500, value: "1200000" },
    ]);
    // Generated holdings: about 4 persons in 10 hold some.
    let holders = 0;
    for (let i = 0; i < 50; i++) {
      const view = await control(h.sim, "GET", `/control/clearing/debtors/${newCivilId()}/securities`);
      if (view.json.securities.length > 0) holders++;
      for (const holding of view.json.securities) assert.ok(BigInt(holding.value) > 0n);
    }
    assert.ok(holders > 8 && holders < 35, `${holders}/50 hold securities`);
  });
});

describe("inbound protocol checks", () => {
  it("a duplicate messageId is answered 'duplicate' and acted on once (across batches and within one)", async () => {
    const debtor = newCivilId();
    h.sim.setBalances(debtor, { NBOK: KD(100) });
    const order = orders.attachment(randomUUID(), person(debtor), KD(50));
    assert.deepEqual(statuses(await h.send("bank:NBOK", [order])), ["accepted"]);
    assert.deepEqual(statuses(await h.send("bank:NBOK", [order])), ["duplicate"]);
    const lift = orders.lift(randomUUID());
    assert.deepEqual(statuses(await h.send("bank:NBOK", [lift, lift, order])), ["accepted", "duplicate", "duplicate"]);
    await h.sim.idle();
    const replies = h.repliesFrom("bank:NBOK");
    assert.equal(ofType(replies, "ack").length, 1);
    assert.equal(ofType(replies, "attachment.declaration").length, 1);
    assert.equal(ofType(replies, "lift.confirmation").length, 1);
    assert.equal(h.sim.agency("bank:NBOK").counters.duplicatesDropped, 3);
  });

  it("a replayed batch (the same JWS again, inside the window) is answered 'duplicate' throughout and changes nothing", async () => {
    const debtor = newCivilId();
    h.sim.setBalances(debtor, { KFHO: KD(100) });
    const jws = await signEnvelope(
      { iss: "hub", aud: "bank:KFHO", jti: randomUUID(), iat: Math.floor(Date.now() / 1000), ver: PROTOCOL_VERSION, messages: [orders.attachment(randomUUID(), person(debtor), KD(60))] },
      h.hub.signingKey,
    );
    assert.deepEqual(statuses(await postBatch(h.endpoint("bank:KFHO"), jws)), ["accepted"]);
    assert.deepEqual(statuses(await postBatch(h.endpoint("bank:KFHO"), jws)), ["duplicate"]);
    await h.sim.idle();
    assert.equal(ofType(h.repliesFrom("bank:KFHO"), "attachment.declaration").length, 1);
    assert.equal(h.sim.totalFrozen(debtor), KD(60));
    const log = h.sim.agency("bank:KFHO").log();
    assert.equal(log.filter((event) => event.direction === "in" && event.code === "REPLAYED_BATCH").length, 1);
  });

  it("a schema-invalid message is rejected in the receipt while the others in the batch are accepted", async () => {
    const good = orders.lift(randomUUID());
    const bad = { ...orders.lift(randomUUID()), reason: 42 } as unknown as typeof good;
    const receipt = await h.send("bank:KWIB", [good, bad]);
    assert.deepEqual(receipt.receipts, [
      { messageId: good.messageId, status: "accepted" },
      { messageId: bad.messageId, status: "rejected", code: "INVALID_MESSAGE" },
    ]);
    // A message without a usable messageId cannot be named in a receipt: the batch is refused whole.
    const nameless = { ...orders.lift(randomUUID()), messageId: "nope" } as typeof good;
    await assert.rejects(h.send("bank:KWIB", [orders.lift(randomUUID()), nameless]), (error: Error & { status?: number }) => error.status === 400);
    await h.sim.idle();
    assert.equal(ofType(h.repliesFrom("bank:KWIB"), "lift.confirmation").length, 1);
  });

  async function refusedWith(promise: Promise<unknown>, status: number, code: string) {
    await assert.rejects(promise, (error: Error & { status?: number; retryable?: boolean }) => {
      assert.equal(error.status, status);
      assert.match(error.message, new RegExp(code));
      assert.equal(error.retryable, false);
      return true;
    });
  }

  it("a bad signature, an unknown key, a wrong audience, a stale batch or another version is refused with a clear 4xx, and nothing is done", async () => {
    const debtor = newCivilId();
    h.sim.setBalances(debtor, { GULB: KD(1000) });
    const stranger = await generateSigningKeyPair();
    const forged = { kid: h.hub.keys.kid, privateKey: (await signingKeyFrom(stranger)).privateKey };
    await refusedWith(h.send("bank:GULB", [orders.attachment(randomUUID(), person(debtor), KD(500))], { key: forged }), 401, "BAD_SIGNATURE");
    await refusedWith(h.send("bank:GULB", [orders.attachment(randomUUID(), person(debtor), KD(500))], { key: await signingKeyFrom(stranger) }), 401, "UNKNOWN_SENDER");
    await refusedWith(h.send("bank:GULB", [orders.attachment(randomUUID(), person(debtor), KD(500))], { envelope: { aud: "bank:NBOK" } }), 403, "WRONG_AUDIENCE");
    await refusedWith(h.send("bank:GULB", [orders.attachment(randomUUID(), person(debtor), KD(500))], { envelope: { iat: Math.floor(Date.now() / 1000) - 301 } }), 422, "OUTSIDE_WINDOW");
    await refusedWith(h.send("bank:GULB", [orders.attachment(randomUUID(), person(debtor), KD(500))], { envelope: { ver: "2" } }), 400, "UNSUPPORTED_VERSION");
    await refusedWith(h.send("bank:GULB", [orders.attachment(randomUUID(), person(debtor), KD(500))], { envelope: { iss: "bank:NBOK" } }), 401, "UNKNOWN_SENDER");
    const json = await fetch(`${h.endpoint("bank:GULB")}/messages`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    assert.equal(json.status, 415);
    assert.equal(((await json.json()) as { code: string }).code, "UNSUPPORTED_MEDIA_TYPE");
    const garbage = await fetch(`${h.endpoint("bank:GULB")}/messages`, { method: "POST", headers: { "content-type": "application/jose" }, body: "not a jws" });
    assert.equal(garbage.status, 400);
    assert.deepEqual(await garbage.json(), { code: "MALFORMED", message: "MALFORMED: not a compact JWS" });
    await h.sim.idle();
    assert.equal(h.sim.totalFrozen(debtor), 0n);
    assert.deepEqual(h.sim.bank("GULB").snapshot().orders, []);
    assert.equal(h.repliesFrom("bank:GULB").length, 0);
    const counters = h.sim.agency("bank:GULB").counters;
    assert.deepEqual([counters.messagesAccepted, counters.batchesRefused], [0, 8]);
    const log = await control(h.sim, "GET", "/control/agencies/bank:GULB/log");
    assert.deepEqual(log.json.map((event: { status: number }) => event.status), [401, 401, 403, 422, 400, 401, 415, 400]);
  });

  it("the control API reports unknown agencies and bad input clearly", async () => {
    assert.equal((await control(h.sim, "GET", "/control/agencies/bank:CBKU")).status, 404);
    assert.equal((await control(h.sim, "PATCH", "/control/agencies/traffic/faults", { failureRate: 2 })).status, 400);
    assert.equal((await control(h.sim, "PATCH", "/control/agencies/traffic/faults", { flood: true })).status, 400);
    assert.equal((await control(h.sim, "POST", "/control/banks/NBOK/credit", { debtor: "x", amount: "5" })).status, 400);
    const state = await control(h.sim, "GET", "/control/agencies/bank:NBOK");
    assert.equal(state.status, 200);
    assert.equal(state.json.agency, "bank:NBOK");
    assert.deepEqual(state.json.state.orders, []);
    assert.deepEqual((await control(h.sim, "POST", "/control/idle?timeoutMs=2000")).json, { idle: true });
    assert.equal((await control(h.sim, "GET", "/control/directory")).json.length, 14);
    assert.equal((await control(h.sim, "GET", "/healthz")).status, 200);
  });

  it("reset forgets orders and overrides; the seeded data comes back", async () => {
    const debtor = newCivilId();
    const generated = h.sim.bank("NBOK").debtorView(debtor).accounts;
    h.sim.setBalances(debtor, { NBOK: KD(77) });
    await h.send("bank:NBOK", [orders.attachment(randomUUID(), person(debtor), KD(10))]);
    await h.sim.idle();
    assert.equal(h.sim.totalFrozen(debtor), KD(10));
    assert.equal((await control(h.sim, "POST", "/control/reset")).status, 200);
    assert.equal(h.sim.totalFrozen(debtor), 0n);
    assert.deepEqual(h.sim.bank("NBOK").debtorView(debtor).accounts, generated);
    assert.deepEqual(h.sim.bank("NBOK").snapshot().orders, []);
  });
});
