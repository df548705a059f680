/**
 * Hub mode: the kit plays an agency against a hub — ours, or a future one — and checks the
 * hub's answers to what an agency may send it: the batch errors of section 2 with their
 * statuses and codes (media type 415, too large 413 TOO_LARGE, malformed, bad signature,
 * unknown sender, audience, replay window, version), the receipt codes of section 11 for
 * replies about nothing the hub sent (UNKNOWN_ORDER, UNKNOWN_REQUEST, NOT_ALLOWED,
 * INVALID_ORDER, INVALID_MESSAGE), and replayed batches. It needs the agency's private key
 * (the one whose public key the hub's directory has for the agency): nothing it sends names
 * a real order, so nothing changes at the hub.
 */
import { randomUUID } from "node:crypto";
import type { JWK } from "jose";
import { PROTOCOL_VERSION, type AgencyMessage } from "../../domain/exchange/messages.ts";
import { generateSigningKeyPair } from "../protocol/keys.ts";
import { checkKeySet, describeAnswer, expectRefusal, receiptOf, statusesOf } from "./checks.ts";
import { envelopeClaims, goodHeader, hmacBatch, MEDIA_TYPE, postRaw, signedBatch, signRaw, tampered, unsignedBatch, type PostAnswer } from "./raw.ts";
import { CaseFailure, expect, summarise, type CaseResult, type ConformanceReport } from "./report.ts";

export interface HubConformanceOptions {
  /** The hub's base URL: batches to <hub>/agency/v1/messages, keys at <hub>/agency/v1/jwks.json. */
  hubUrl: string;
  /** The agency the kit speaks for, e.g. "bank:NBOK". */
  agency: string;
  /** The agency's private signing key (a JWK with d and kid), registered with the hub. */
  privateJwk: JWK;
  /** Bytes of the body that must be refused as too large (default 4 MiB + 1: the least limit the spec allows). */
  oversizeBytes?: number;
  /** The clock batches are stamped with (iat, sentAt): the hub's, which must be within seconds of real time (section 3). */
  now?: () => Date;
  onCase?: (result: CaseResult) => void;
}

const MIB = 1024 * 1024;

export async function runHubConformance(options: HubConformanceOptions): Promise<ConformanceReport> {
  const startedAt = new Date();
  const agency = options.agency;
  const hub = options.hubUrl.replace(/\/$/, "");
  const messagesUrl = `${hub}/agency/v1/messages`;
  if (typeof options.privateJwk.kid !== "string" || typeof options.privateJwk.d !== "string") throw new Error("the agency key must be a private JWK with a kid");
  const key = { kid: options.privateJwk.kid, privateJwk: options.privateJwk };
  const latencies: number[] = [];

  const clock = options.now ?? (() => new Date());
  const now = () => clock().toISOString();
  const ack = (): AgencyMessage => ({ type: "ack", messageId: randomUUID(), sentAt: now(), inReplyTo: randomUUID(), orderId: randomUUID() });
  const claimsFor = (messages: unknown[], change: { aud?: string; iss?: string; iatOffsetSeconds?: number } = {}) =>
    envelopeClaims({ iss: change.iss ?? agency, aud: change.aud ?? "hub", messages, now: clock(), ...(change.iatOffsetSeconds ? { iatOffsetSeconds: change.iatOffsetSeconds } : {}) });
  const genuine = (messages: unknown[], change: { aud?: string; iss?: string; iatOffsetSeconds?: number } = {}) => signedBatch(key, claimsFor(messages, change));
  const post = async (body: string | Buffer, contentType: string | undefined = MEDIA_TYPE): Promise<PostAnswer> => {
    const answer = await postRaw(messagesUrl, body, contentType, 30_000);
    latencies.push(answer.ms);
    return answer;
  };
  const single = async (message: AgencyMessage, code: string) => {
    const entries = receiptOf(await post(genuine([message])), [message]);
    expect(entries[0]?.status === "rejected" && entries[0]?.code === code, `receipt ${statusesOf(entries).join(", ")}, expected rejected ${code}`);
    return [`rejected ${code}`];
  };
  const replayed: { body?: string; messages?: AgencyMessage[] } = {};
  const otherParty = agency === "traffic" ? "ports" : "traffic";

  const cases: { id: string; section: string; title: string; run: () => Promise<string[] | void> }[] = [
    { id: "H01", section: "§4", title: "the hub's key set: public EC P-256 ES256 keys only, cached ≤ 600 s", run: () => checkKeySet(`${hub}/agency/v1/jwks.json`) },
    {
      id: "H02", section: "§2 §6 §11", title: "a valid batch: 200 receipt, one entry per message; an ack for an order the hub never sent is rejected UNKNOWN_ORDER", run: async () => {
        const messages = [ack()];
        const body = genuine(messages);
        replayed.body = body;
        replayed.messages = messages;
        const entries = receiptOf(await post(body), messages);
        expect(entries[0]?.status === "rejected" && entries[0]?.code === "UNKNOWN_ORDER", `receipt ${statusesOf(entries).join(", ")}, expected rejected UNKNOWN_ORDER`);
      },
    },
    { id: "H03", section: "§2", title: "a body sent as application/json: 415 UNSUPPORTED_MEDIA_TYPE", run: async () => expectRefusal(await post(genuine([ack()]), "application/json"), "UNSUPPORTED_MEDIA_TYPE") },
    { id: "H04", section: "§2", title: "a body sent as text/plain: 415 UNSUPPORTED_MEDIA_TYPE", run: async () => expectRefusal(await post(genuine([ack()]), "text/plain"), "UNSUPPORTED_MEDIA_TYPE") },
    {
      id: "H05", section: "§2", title: "a body over the limit: 413 TOO_LARGE with a string message", run: async () => {
        const size = options.oversizeBytes ?? 4 * MIB + 1;
        return [...expectRefusal(await post(Buffer.alloc(size, "a")), "TOO_LARGE"), `${size} bytes`];
      },
    },
    {
      id: "H06", section: "§2", title: "a body of 4 MiB is read (not refused as too large)", run: async () => {
        const answer = await post(Buffer.alloc(4 * MIB, "a"));
        expect(answer.status !== 413, `a 4 MiB body was refused ${describeAnswer(answer)}: receivers must accept at least 4 MiB`);
        return expectRefusal(answer, "MALFORMED");
      },
    },
    { id: "H07", section: "§3", title: "not a compact JWS: 400 MALFORMED", run: async () => expectRefusal(await post("this.is-not-a-jws"), "MALFORMED") },
    { id: "H08", section: "§3", title: "alg none: 400 MALFORMED", run: async () => expectRefusal(await post(unsignedBatch(key.kid, claimsFor([ack()]))), "MALFORMED") },
    { id: "H09", section: "§3", title: "alg HS256 (keyed with the agency's public x): 400 MALFORMED", run: async () => expectRefusal(await post(hmacBatch(key.kid, String(options.privateJwk.x), claimsFor([ack()]))), "MALFORMED") },
    { id: "H10", section: "§3", title: "a protected header with jku: 400 MALFORMED", run: async () => expectRefusal(await post(signRaw(key, { ...goodHeader(key.kid), jku: "https://attacker.example/jwks.json" }, JSON.stringify(claimsFor([ack()])))), "MALFORMED") },
    { id: "H11", section: "§3", title: "typ other than tanfeeth-agency+jws: 400 MALFORMED", run: async () => expectRefusal(await post(signRaw(key, { ...goodHeader(key.kid), typ: "JWT" }, JSON.stringify(claimsFor([ack()])))), "MALFORMED") },
    {
      id: "H12", section: "§3 §4", title: "a key the agency never published (unknown kid): 401 UNKNOWN_SENDER", run: async () => {
        const stranger = await generateSigningKeyPair();
        return expectRefusal(await post(signedBatch({ kid: stranger.kid, privateJwk: stranger.privateJwk }, claimsFor([ack()]))), "UNKNOWN_SENDER");
      },
    },
    {
      id: "H13", section: "§3", title: "forged: the agency's kid, another key: 401 BAD_SIGNATURE", run: async () => {
        const impostor = await generateSigningKeyPair();
        return expectRefusal(await post(signedBatch({ kid: key.kid, privateJwk: impostor.privateJwk }, claimsFor([ack()]))), "BAD_SIGNATURE");
      },
    },
    { id: "H14", section: "§3", title: "tampered: the payload changed after signing: 401 BAD_SIGNATURE", run: async () => expectRefusal(await post(tampered(genuine([ack()]), (claims) => ({ ...claims, messages: [ack()] }))), "BAD_SIGNATURE") },
    { id: "H15", section: "§3", title: "the agency's key signing for another party (iss): 401 UNKNOWN_SENDER", run: async () => expectRefusal(await post(genuine([ack()], { iss: otherParty })), "UNKNOWN_SENDER") },
    { id: "H16", section: "§3", title: "a payload that is not JSON: 400 MALFORMED", run: async () => expectRefusal(await post(signRaw(key, goodHeader(key.kid), "not json")), "MALFORMED") },
    { id: "H17", section: "§3 §12", title: 'ver "2": 400 UNSUPPORTED_VERSION', run: async () => expectRefusal(await post(signedBatch(key, { ...claimsFor([ack()]), ver: "2" })), "UNSUPPORTED_VERSION") },
    { id: "H18", section: "§3", title: "ver missing: 400 MALFORMED", run: async () => { const { ver: _ver, ...claims } = claimsFor([ack()]); return expectRefusal(await post(signedBatch(key, claims)), "MALFORMED"); } },
    { id: "H19", section: "§3", title: "aud not hub: 403 WRONG_AUDIENCE", run: async () => expectRefusal(await post(genuine([ack()], { aud: otherParty })), "WRONG_AUDIENCE") },
    { id: "H20", section: "§3 §5", title: "iat 600 s in the past (replay window): 422 OUTSIDE_WINDOW", run: async () => expectRefusal(await post(genuine([ack()], { iatOffsetSeconds: -600 })), "OUTSIDE_WINDOW") },
    { id: "H21", section: "§3 §5", title: "iat 600 s in the future: 422 OUTSIDE_WINDOW", run: async () => expectRefusal(await post(genuine([ack()], { iatOffsetSeconds: 600 })), "OUTSIDE_WINDOW") },
    { id: "H22", section: "§3 §6", title: "501 messages: 400 TOO_MANY_MESSAGES", run: async () => expectRefusal(await post(genuine(Array.from({ length: 501 }, () => ack()))), "TOO_MANY_MESSAGES") },
    { id: "H23", section: "§3", title: "a message without a messageId: 400 MALFORMED", run: async () => { const { messageId: _id, ...nameless } = ack(); return expectRefusal(await post(genuine([ack(), nameless])), "MALFORMED"); } },
    {
      id: "H24", section: "§5", title: "a batch replayed within the window: 200, every message duplicate", run: async () => {
        expect(replayed.body && replayed.messages, "needs H02's batch");
        const entries = receiptOf(await post(replayed.body), replayed.messages);
        expect(entries.every((entry) => entry.status === "duplicate"), `replay: ${statusesOf(entries).join(", ")}, expected duplicate`);
      },
    },
    { id: "H25", section: "§11", title: "a disclosure.statement for a request the hub never sent: rejected UNKNOWN_REQUEST", run: () => single({ type: "disclosure.statement", messageId: randomUUID(), sentAt: now(), inReplyTo: randomUUID(), requestId: randomUUID(), accounts: [], securities: [] }, "UNKNOWN_REQUEST") },
    {
      id: "H26", section: "§11", title: "a message type this agency may not send: rejected NOT_ALLOWED", run: () =>
        single(
          agency.startsWith("bank:")
            ? { type: "identity.result", messageId: randomUUID(), sentAt: now(), inReplyTo: randomUUID(), queryId: randomUUID(), civilId: "288020122596", found: false, person: null }
            : { type: "attachment.declaration", messageId: randomUUID(), sentAt: now(), inReplyTo: randomUUID(), orderId: randomUUID(), sequence: 1, accounts: [], totalFrozen: "0", otherAttachments: 0 },
          "NOT_ALLOWED",
        ),
    },
    { id: "H27", section: "§10.4 §11", title: "a rejection naming neither an order nor a request: rejected INVALID_ORDER", run: () => single({ type: "rejection", messageId: randomUUID(), sentAt: now(), inReplyTo: randomUUID(), code: "OTHER", reason: "conformance test" }, "INVALID_ORDER") },
    {
      id: "H28", section: "§6 §12", title: "a message of no known type: rejected INVALID_MESSAGE, the rest of the batch still answered", run: async () => {
        const unknown = { type: "conformance.unknown", messageId: randomUUID(), sentAt: now() };
        const other = ack();
        const entries = receiptOf(await post(genuine([unknown, other])), [unknown, other]);
        const byId = new Map(entries.map((entry) => [entry.messageId, entry]));
        expect(byId.get(unknown.messageId)?.status === "rejected" && byId.get(unknown.messageId)?.code === "INVALID_MESSAGE", `unknown type: ${statusesOf([byId.get(unknown.messageId)]).join("")}, expected rejected INVALID_MESSAGE`);
        expect(byId.get(other.messageId)?.code === "UNKNOWN_ORDER", `the other message: ${statusesOf([byId.get(other.messageId)]).join("")}, expected rejected UNKNOWN_ORDER`);
      },
    },
    {
      id: "H29", section: "§2", title: "every batch answered within 5 s", run: async () => {
        const slowest = Math.max(...latencies);
        expect(slowest < 5_000, `slowest answer ${Math.round(slowest)} ms`);
        return [`slowest ${Math.round(slowest)} ms over ${latencies.length} batches`];
      },
    },
  ];

  const results: CaseResult[] = [];
  for (const entry of cases) {
    let result: CaseResult;
    try {
      result = { id: entry.id, title: entry.title, section: entry.section, status: "pass", details: (await entry.run()) ?? [] };
    } catch (error) {
      result = { id: entry.id, title: entry.title, section: entry.section, status: "fail", details: [error instanceof CaseFailure ? error.message : `error: ${(error as Error).message}`] };
    }
    results.push(result);
    options.onCase?.(result);
  }
  const summary = summarise(results);
  return { kit: "tanfeeth agency-conformance", protocolVersion: PROTOCOL_VERSION, mode: "hub", agency, target: hub, startedAt: startedAt.toISOString(), finishedAt: new Date().toISOString(), summary, conformant: summary.fail === 0, cases: results };
}
