/**
 * The stand-in agencies keep their state in their own store (src/agencies/simulators/store.ts):
 * a server started again on the same state directory has the same keys, orders and holdings,
 * remembers the messages it accepted (a repeat is a duplicate), acts on what it accepted but
 * had not done, and sends the replies that were waiting. (The SIGKILL run of `tanfeeth start`
 * is test/reliability/reconcile-kills.test.ts.)
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { PROTOCOL_VERSION, postBatch, signEnvelope, type Envelope, type HubMessage, type Receipt } from "../../src/agencies/protocol/index.ts";
import { createSimulatorServer, type SimulatorServer, type SimulatorServerOptions } from "../../src/agencies/simulators/index.ts";
import { commercialBankCodes } from "../../src/domain/identifiers/index.ts";
import { KD, ofType, orders, person, startFakeHub, waitFor, type FakeHub } from "./simulators-support.ts";

let dir: string;
let hub: FakeHub;
let sim: SimulatorServer | undefined;

const start = async (extra: Partial<SimulatorServerOptions> = {}) => {
  sim = await createSimulatorServer({ seed: 11, stateDir: dir, hubUrl: hub.url, retry: { baseMs: 20, maxMs: 200, maxAttempts: 50 }, faults: { "*": { delayMs: 5 } }, ...extra });
  // What survives a restart is the subject here: the banks declare amounts only (the
  // particulars that follow a declaration, Art. 234(2), are shown in simulators.test.ts).
  for (const code of commercialBankCodes) sim.bank(code).declaresParticulars = false;
  await sim.listen();
  return sim;
};

const send = async (agencyId: string, messages: HubMessage[]): Promise<Receipt> => {
  const endpoint = sim!.directory().find((entry) => entry.agencyKey === agencyId)!.endpoint;
  const envelope: Envelope<unknown> = { iss: "hub", aud: agencyId, jti: randomUUID(), iat: Math.floor(Date.now() / 1000), ver: PROTOCOL_VERSION, messages };
  return postBatch(endpoint, await signEnvelope(envelope, hub.signingKey));
};

const replies = () => hub.received.filter((entry) => entry.status === "accepted").map((entry) => entry.message);

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "tanfeeth-standins-"));
  hub = await startFakeHub((agencyId) => sim?.directory().find((entry) => entry.agencyKey === agencyId)?.jwksUrl);
});

after(async () => {
  await sim?.close();
  await hub.close();
  await rm(dir, { recursive: true, force: true });
});

describe("stand-in agencies survive a restart", () => {
  test("pending replies, orders, holdings, keys and dedupe memory come back; an accepted message not yet acted on is acted on", async () => {
    const debtor = "287654321012";
    let first = await start({ balances: undefined });
    first.setBalances(debtor, { NBOK: KD(500) });
    const kid = first.agency("bank:NBOK").kid;

    // Replies held (not sent), then the server goes away: they are only in the store.
    first.setFaults("bank:NBOK", { holdReplies: true });
    const heldId = randomUUID();
    const held = orders.attachment(heldId, person(debtor), KD(300));
    const receipt = await send("bank:NBOK", [held]);
    assert.equal(receipt.receipts[0]!.status, "accepted");
    await waitFor(() => first.agency("bank:NBOK").outboxMessages().length === 2, undefined, "ack and declaration queued");

    // Accepted, but the action (delayed a minute) has not run when the server goes away.
    first.setFaults("bank:KFHO", { delayMs: 60_000 });
    first.setBalances("287654321013", { KFHO: KD(50) });
    const pendingId = randomUUID();
    const pendingOrder = orders.attachment(pendingId, person("287654321013"), KD(80));
    assert.equal((await send("bank:KFHO", [pendingOrder])).receipts[0]!.status, "accepted");
    await first.close();
    sim = undefined;
    assert.equal(replies().length, 0, "nothing reached the hub before the stop");

    const second = await start();
    assert.equal(second.agency("bank:NBOK").kid, kid, "same signing key after the restart");
    await waitFor(() => replies().length >= 4, undefined, "the held replies and the late action's replies");
    await second.idle();
    const declarations = ofType(replies(), "attachment.declaration");
    const nbok = declarations.find((message) => message.orderId === heldId)!;
    assert.equal(nbok.totalFrozen, String(KD(300)));
    const kfho = declarations.find((message) => message.orderId === pendingId)!;
    assert.equal(kfho.totalFrozen, String(KD(50)));
    assert.equal(ofType(replies(), "ack").length, 2);

    // The bank still holds what it froze; the same message again is a duplicate.
    assert.equal(second.bank("NBOK").order(heldId)?.totalFrozen, String(KD(300)));
    assert.equal(second.totalFrozen(debtor), KD(300));
    assert.equal((await send("bank:NBOK", [held])).receipts[0]!.status, "duplicate");

    // A credit through the control API is kept too: after another restart, the order holds it.
    second.credit("NBOK", debtor, KD(1));
    await second.idle();
    const sequence = second.bank("NBOK").order(heldId)!.sequence;
    await second.close();
    const third = await start();
    const order = third.bank("NBOK").order(heldId)!;
    assert.equal(order.sequence, sequence, "the sequence continues where it was");
    assert.equal(order.totalFrozen, String(KD(300)));
    assert.equal(third.bank("NBOK").debtorView(debtor).accounts[0]!.balance, String(KD(501)));

    // A status query after the restart answers from the kept state.
    hub.clear();
    await send("bank:NBOK", [{ type: "order.status", orderId: heldId, fileNumber: "2026/000042", messageId: randomUUID(), sentAt: new Date().toISOString() } as HubMessage]);
    await waitFor(() => ofType(replies(), "attachment.declaration").length === 1, undefined, "the status answer");
    assert.equal(ofType(replies(), "attachment.declaration")[0]!.sequence, sequence + 1);

    // reset forgets everything in the store as well.
    third.reset();
    await third.close();
    const fourth = await start();
    assert.equal(fourth.bank("NBOK").order(heldId), undefined);
    assert.deepEqual(fourth.store.counts(), { inbox: 0, journal: 0, outbox: 0, deadLetters: 0 });
  });
});
