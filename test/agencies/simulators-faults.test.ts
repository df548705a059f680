/**
 * Every fault a stand-in agency can show, observed over real HTTP from the fake hub's
 * side and through the control API: these are what the hub's reliability tests build on.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, afterEach, before, describe, it } from "node:test";
import { commercialBankCodes, makeCivilId } from "../../src/domain/identifiers/index.ts";
import { PROTOCOL_VERSION, TransportError, postBatch, signEnvelope, type AgencyMessage } from "../../src/agencies/protocol/index.ts";
import { createSimulatorServer } from "../../src/agencies/simulators/index.ts";
import { KD, control, ofType, orders, person, startHarness, type Harness } from "./simulators-support.ts";

let h: Harness;
let serial = 2000;
function newCivilId(): string {
  for (;;) {
    const id = makeCivilId({ year: 1979, month: 11, day: 2 }, serial++);
    if (id) return id;
  }
}

before(async () => {
  h = await startHarness({ seed: 11 });
  // The faults are the subject here: the banks declare amounts only (the particulars that
  // follow a declaration, Art. 234(2), are shown in simulators.test.ts).
  for (const code of commercialBankCodes) h.sim.bank(code).declaresParticulars = false;
});
after(async () => {
  await h.close();
});
afterEach(async () => {
  h.sim.setFaults("*", { down: false, holdReplies: false, garbage: false, failureRate: 0 });
  await h.sim.idle();
  h.sim.reset();
  h.hub.clear();
});

/** A standing attachment on a debtor with 1,000 KD at the bank. */
async function standingOrder(code: "NBOK" | "KFHO" | "GULB" | "BBYN", max = KD(2000)) {
  const debtor = newCivilId();
  h.sim.setBalances(debtor, { [code]: KD(1000) });
  const orderId = randomUUID();
  await h.send(`bank:${code}`, [orders.attachment(orderId, person(debtor), max)]);
  return { debtor, orderId };
}

const types = (messages: AgencyMessage[]) => messages.map((message) => message.type);

describe("faults: timing", () => {
  it("delayMs: nothing is done or sent before the delay", async () => {
    // Long enough that "not acted on yet", looked at as soon as the order is accepted, holds
    // however busy the machine is; the delay is a lower bound (a busy machine only adds to it).
    h.sim.setFaults("bank:NBOK", { delayMs: 2_000 });
    const started = Date.now();
    const { orderId } = await standingOrder("NBOK");
    assert.equal(h.sim.bank("NBOK").order(orderId), undefined, "accepted, not acted on yet");
    assert.equal(h.sim.agency("bank:NBOK").status().pendingActions, 1);
    await h.sim.idle();
    const arrivals = h.hub.received.map((entry) => entry.at);
    assert.equal(arrivals.length, 2);
    assert.ok(arrivals.every((at) => at - started >= 2_000));
  });

  it("declarationDelayMs: the ack comes first, the declaration later in its own batch", async () => {
    h.sim.setFaults("bank:KFHO", { declarationDelayMs: 300 });
    const started = Date.now();
    await standingOrder("KFHO");
    await h.sim.idle();
    const [ack, declaration] = h.hub.received;
    assert.deepEqual([ack!.message.type, declaration!.message.type], ["ack", "attachment.declaration"]);
    assert.notEqual(declaration!.jti, ack!.jti);
    assert.ok(declaration!.at - started >= 300);
    assert.ok(declaration!.at >= ack!.at);
  });
});

describe("faults: availability", () => {
  it("down 503: every request is answered 503 with Retry-After (JWKS too), and no replies leave while down", async () => {
    const { orderId } = await standingOrder("GULB");
    h.sim.setFaults("bank:GULB", { down: "503" });
    const post = await fetch(`${h.endpoint("bank:GULB")}/messages`, { method: "POST", headers: { "content-type": "application/jose" }, body: "x.y.z" });
    assert.equal(post.status, 503);
    assert.equal(post.headers.get("retry-after"), "5");
    assert.equal((await fetch(`${h.endpoint("bank:GULB")}/jwks.json`)).status, 503);
    await assert.rejects(h.send("bank:GULB", [orders.lift(orderId)]), (error: unknown) => error instanceof TransportError && error.retryable && error.status === 503);
    await h.sim.idle(); // replies are held while down: idle ignores them
    assert.equal(h.repliesFrom("bank:GULB").length, 0);
    assert.equal((await control(h.sim, "GET", "/control/agencies/bank:GULB/outbox")).json.pending.length, 2);
    await control(h.sim, "PATCH", "/control/agencies/bank:GULB/faults", { down: false });
    await h.sim.idle();
    assert.deepEqual(types(h.repliesFrom("bank:GULB")), ["ack", "attachment.declaration"]);
  });

  it("down refuse: the connection is closed without an answer (retryable, no status)", async () => {
    h.sim.setFaults("traffic", { down: "refuse" });
    await assert.rejects(h.send("traffic", [orders.seizure(randomUUID(), person(newCivilId()))]), (error: unknown) => {
      assert.ok(error instanceof TransportError);
      assert.equal(error.retryable, true);
      assert.equal(error.status, undefined);
      assert.match(error.message, /unreachable/);
      return true;
    });
    assert.equal(h.sim.agency("traffic").counters.messagesAccepted, 0);
  });

  it("failureRate 1: HTTP 500 and nothing processed, so a resend is accepted, not a duplicate", async () => {
    h.sim.setFaults("ports", { failureRate: 1 });
    const order = orders.travelBan(randomUUID(), person(newCivilId()));
    await assert.rejects(h.send("ports", [order]), (error: unknown) => error instanceof TransportError && error.retryable && error.status === 500);
    h.sim.setFaults("ports", { failureRate: 0 });
    const receipt = await h.send("ports", [order]);
    assert.deepEqual(receipt.receipts.map((entry) => entry.status), ["accepted"]);
    await h.sim.idle();
    assert.equal(ofType(h.repliesFrom("ports"), "travel_ban.registered").length, 1);
  });

  it("failureRate is deterministic: the same seed fails the same requests", async () => {
    const pattern = async () => {
      const sim = await createSimulatorServer({ seed: 99, faults: { clearing: { failureRate: 0.5 } }, hubUrl: "http://127.0.0.1:9" });
      const outcomes: number[] = [];
      for (let i = 0; i < 24; i++) {
        const response = await sim.app.inject({ method: "POST", url: "/agencies/clearing/messages", headers: { "content-type": "application/jose" }, payload: "a.b.c" });
        outcomes.push(response.statusCode);
      }
      await sim.close();
      return outcomes;
    };
    const first = await pattern();
    assert.deepEqual(await pattern(), first);
    const failures = first.filter((status) => status === 500).length;
    assert.ok(failures > 4 && failures < 20, `${failures}/24 failed`);
    assert.ok(first.every((status) => status === 500 || status === 400));
  });

  it("the hub's keys cannot be fetched: 503 KEYS_UNAVAILABLE (retry later), not 401", async () => {
    const sim = await createSimulatorServer({ hubUrl: "http://127.0.0.1:9", hubJwks: { timeoutMs: 500 } });
    const url = await sim.listen();
    try {
      const jws = await signEnvelope({ iss: "hub", aud: "ports", jti: randomUUID(), iat: Math.floor(Date.now() / 1000), ver: PROTOCOL_VERSION, messages: [orders.lift(randomUUID())] }, h.hub.signingKey);
      await assert.rejects(postBatch(`${url}/agencies/ports`, jws), (error: unknown) => error instanceof TransportError && error.status === 503 && /KEYS_UNAVAILABLE/.test(error.message) && error.retryable);
    } finally {
      await sim.close();
    }
  });
});

describe("faults: garbage", () => {
  it("garbage receipt: the batch is processed but the answer is not JSON; the sender's resend is a duplicate", async () => {
    h.sim.setFaults("civil_info", { garbage: "receipt" });
    const query = orders.identity(randomUUID(), newCivilId());
    await assert.rejects(h.send("civil_info", [query]), (error: unknown) => error instanceof TransportError && error.retryable && /not JSON/.test(error.message));
    h.sim.setFaults("civil_info", { garbage: false });
    const receipt = await h.send("civil_info", [query]);
    assert.deepEqual(receipt.receipts.map((entry) => entry.status), ["duplicate"]);
    await h.sim.idle();
    assert.equal(ofType(h.repliesFrom("civil_info"), "identity.result").length, 1, "answered once");
  });

  for (const [variant, status, code] of [
    ["unsigned", 400, "MALFORMED"],
    ["forged", 401, "BAD_SIGNATURE"],
  ] as const) {
    it(`garbage ${variant}: a bad copy of each reply batch is refused by the hub (${status} ${code}), then the genuine one is accepted`, async () => {
      h.sim.setFaults("bank:BBYN", { garbage: variant });
      await standingOrder("BBYN");
      await h.sim.idle();
      assert.deepEqual(h.hub.refused.map((entry) => [entry.status, entry.code]), [[status, code]]);
      assert.deepEqual(types(h.repliesFrom("bank:BBYN")), ["ack", "attachment.declaration"]);
      const garbage = h.sim.agency("bank:BBYN").log().filter((event) => event.kind === "garbage");
      assert.equal(garbage.length, 1);
      assert.equal((garbage[0] as { httpStatus?: number }).httpStatus, status);
    });
  }

  it("garbage malformed: a signed batch whose messages break the schema is rejected message by message; the genuine replies follow", async () => {
    h.sim.setFaults("bank:NBOK", { garbage: "malformed" });
    await standingOrder("NBOK");
    await h.sim.idle();
    assert.equal(h.hub.rejectedMessages.length, 2);
    assert.ok(h.hub.rejectedMessages.every((entry) => /sentAt/.test(entry.issues)));
    const genuine = h.repliesFrom("bank:NBOK");
    assert.deepEqual(types(genuine), ["ack", "attachment.declaration"]);
    assert.ok(h.hub.rejectedMessages.every((entry) => !genuine.some((message) => message.messageId === entry.messageId)));
  });
});

describe("faults: duplicates, order, late declarations", () => {
  it("duplicateReplies: every reply batch is sent twice; the hub sees each messageId twice", async () => {
    h.sim.setFaults("bank:KFHO", { duplicateReplies: true });
    await standingOrder("KFHO");
    await h.sim.idle();
    const byId = new Map<string, string[]>();
    for (const entry of h.hub.received) byId.set(entry.message.messageId, [...(byId.get(entry.message.messageId) ?? []), entry.status]);
    assert.equal(byId.size, 2);
    for (const statuses of byId.values()) assert.deepEqual(statuses, ["accepted", "duplicate"]);
    const jtis = new Set(h.hub.received.map((entry) => entry.jti));
    assert.equal(jtis.size, 2, "the copy is a new batch");
  });

  it("reorderReplies reverse (with holdReplies): held replies leave newest first, one batch each", async () => {
    h.sim.setFaults("bank:GULB", { holdReplies: true, reorderReplies: "reverse" });
    const { debtor } = await standingOrder("GULB", KD(5000));
    await h.sim.idle();
    for (const amount of [100, 200, 300]) h.sim.credit("GULB", debtor, KD(amount));
    assert.equal(h.hub.received.length, 0);
    assert.equal(h.sim.agency("bank:GULB").outboxMessages().length, 5);
    h.sim.setFaults("bank:GULB", { holdReplies: false });
    await h.sim.idle();
    const replies = h.repliesFrom("bank:GULB");
    assert.deepEqual(
      replies.map((message) => (message.type === "attachment.declaration" ? message.sequence : message.type)),
      [4, 3, 2, 1, "ack"],
    );
    assert.equal(new Set(h.hub.received.map((entry) => entry.jti)).size, 5);
    // The highest sequence carries the truth whatever the arrival order.
    const last = ofType(replies, "attachment.declaration").reduce((a, b) => (a.sequence > b.sequence ? a : b));
    assert.equal(last.totalFrozen, String(KD(1600)));
  });

  it("reorderReplies shuffle: the same replies, in another order", async () => {
    h.sim.setFaults("bank:NBOK", { holdReplies: true, reorderReplies: "shuffle" });
    const { debtor } = await standingOrder("NBOK", KD(9000));
    await h.sim.idle();
    for (let i = 0; i < 6; i++) h.sim.credit("NBOK", debtor, KD(10));
    const queued = h.sim.agency("bank:NBOK").outboxMessages().map((message) => message.messageId);
    h.sim.setFaults("bank:NBOK", { holdReplies: false });
    await h.sim.idle();
    const arrived = h.repliesFrom("bank:NBOK").map((message) => message.messageId);
    assert.deepEqual([...arrived].sort(), [...queued].sort());
    assert.notDeepEqual(arrived, queued);
  });

  it("declareAfterLift: a late declaration (higher sequence, pre-lift total) follows the lift confirmation", async () => {
    h.sim.setFaults("bank:KFHO", { declareAfterLift: true });
    const { orderId, debtor } = await standingOrder("KFHO");
    await h.sim.idle();
    await h.send("bank:KFHO", [orders.lift(orderId)]);
    await h.sim.idle();
    const replies = h.repliesFrom("bank:KFHO");
    assert.deepEqual(types(replies), ["ack", "attachment.declaration", "lift.confirmation", "attachment.declaration"]);
    const late = ofType(replies, "attachment.declaration")[1]!;
    assert.deepEqual([late.sequence, late.totalFrozen], [2, String(KD(1000))]);
    assert.equal(h.sim.totalFrozen(debtor), 0n, "the bank itself holds nothing");
  });
});

describe("faults: the hub unreachable or refusing", () => {
  it("hub down: replies are retried with backoff until the hub answers", async () => {
    h.hub.failNext(3, 503);
    await standingOrder("BBYN");
    await h.sim.idle();
    assert.equal(h.hub.refused.length, 3);
    assert.deepEqual(types(h.repliesFrom("bank:BBYN")), ["ack", "attachment.declaration"]);
    const outcomes = h.sim
      .agency("bank:BBYN")
      .log()
      .filter((event) => event.direction === "out")
      .map((event) => (event as { outcome: string }).outcome);
    // Three refusals, then receipts only. Under load the ack and the declaration may travel in
    // one batch or two, so the number of successful sends is not fixed.
    assert.deepEqual(outcomes.slice(0, 3), ["error", "error", "error"]);
    assert.ok(outcomes.length >= 4 && outcomes.slice(3).every((outcome) => outcome === "receipt"), outcomes.join(","));
  });

  it("the hub refusing (4xx) sends replies to the dead letters at once; redrive sends them again", async () => {
    h.hub.failNext(1, 400);
    await standingOrder("NBOK");
    await h.sim.idle();
    const outbox = await control(h.sim, "GET", "/control/agencies/bank:NBOK/outbox");
    assert.equal(outbox.json.deadLetters.length, 2);
    assert.match(outbox.json.deadLetters[0].reason, /HTTP 400/);
    assert.equal(h.repliesFrom("bank:NBOK").length, 0);
    const redriven = await control(h.sim, "POST", "/control/agencies/bank:NBOK/redrive");
    assert.equal(redriven.json.redriven, 2);
    await h.sim.idle();
    assert.deepEqual(types(h.repliesFrom("bank:NBOK")), ["ack", "attachment.declaration"]);
  });

  it("a hub down for good: dead letters after the last attempt", async () => {
    h.hub.failNext(1000, 503);
    await standingOrder("GULB");
    await h.sim.idle(10_000);
    const status = h.sim.agency("bank:GULB").status();
    assert.equal(status.deadLetters.length, 2);
    assert.ok(status.deadLetters.every((dead) => dead.attempts === 8));
  });
});

describe("keys, clock and fault control", () => {
  it("key rotation: the new key is published beside the old one and replies are signed with it", async () => {
    const rotated = await control(h.sim, "POST", "/control/agencies/ports/rotate-key", {});
    assert.equal(rotated.status, 200);
    assert.equal(rotated.json.jwks.keys.length, 2);
    await h.send("ports", [orders.travelBan(randomUUID(), person(newCivilId()))]);
    await h.sim.idle();
    assert.deepEqual(types(h.repliesFrom("ports")), ["ack", "travel_ban.registered"]);
    const retired = await control(h.sim, "POST", "/control/agencies/ports/rotate-key", { retirePrevious: true });
    assert.equal(retired.json.jwks.keys.length, 1);
    assert.equal(h.sim.agency("ports").kid, retired.json.kid);
  });

  it("the clock option stamps sentAt and iat; a skewed clock gets the agency's replies refused (422)", async () => {
    const skewed = new Date(Date.now() + 3_600_000);
    const harness = await startHarness({ clock: { now: () => new Date(skewed) }, retry: { baseMs: 10, maxMs: 20, maxAttempts: 2 } });
    try {
      const iat = Math.floor(skewed.getTime() / 1000);
      await harness.send("clearing", [orders.disclosure(randomUUID(), person(newCivilId()))], { envelope: { iat } });
      await harness.sim.idle();
      assert.deepEqual(harness.hub.refused.map((entry) => [entry.status, entry.code]), [
        [422, "OUTSIDE_WINDOW"],
        [422, "OUTSIDE_WINDOW"],
      ]);
      const [dead] = harness.sim.agency("clearing").deadLetterMessages();
      assert.equal(dead!.message.sentAt, skewed.toISOString());
    } finally {
      await harness.close();
    }
  });

  it("PATCH /control/faults sets faults on many agencies at once; GET /control/agencies shows them", async () => {
    const patched = await control(h.sim, "PATCH", "/control/faults?target=bank:*", { delayMs: 42, duplicateReplies: true });
    assert.equal(patched.status, 200);
    const agencies = (await control(h.sim, "GET", "/control/agencies")).json as { agency: string; faults: { delayMs: number; duplicateReplies: boolean } }[];
    for (const agency of agencies) {
      const bank = agency.agency.startsWith("bank:");
      assert.equal(agency.faults.delayMs, bank ? 42 : 5);
      assert.equal(agency.faults.duplicateReplies, bank);
    }
    h.sim.setFaults("*", { delayMs: 5, duplicateReplies: false });
  });
});
