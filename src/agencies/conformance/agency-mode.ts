/**
 * Agency mode: the kit plays the hub against one agency's endpoint and runs the spec's
 * conformance checklist (docs/agency-protocol.md section 13) as numbered cases — envelope
 * and signatures, batch errors and their codes, idempotency and the replay window, every
 * hub→agency message type of that agency, declarations after partial holds, transfers and
 * lifts, status queries — and then checks everything the agency sent back (signed with its
 * published key, valid, naming what it answers). Replies arrive at the kit's own hub side
 * (inbound.ts), whose URL the agency must use as the hub's.
 */
import { randomUUID } from "node:crypto";
import { isIban, makeIban } from "../../domain/identifiers/index.ts";
import { PROTOCOL_VERSION, type AgencyMessage, type HubMessage } from "../../domain/exchange/messages.ts";
import { generateSigningKeyPair } from "../protocol/keys.ts";
import { checkKeySet, describeAnswer, expectRefusal, receiptOf, statusesOf } from "./checks.ts";
import type { ConformanceHub } from "./inbound.ts";
import { envelopeClaims, goodHeader, hmacBatch, MEDIA_TYPE, postRaw, signedBatch, signRaw, tampered, unsignedBatch, type PostAnswer } from "./raw.ts";
import { CaseFailure, SkipCase, expect, summarise, type CaseResult, type ConformanceReport } from "./report.ts";

export type AgencyKind = "bank" | "traffic" | "ports" | "civil_info" | "clearing";

export function agencyKindOf(agency: string): AgencyKind {
  if (/^bank:[A-Z]{4}$/.test(agency)) return "bank";
  if (agency === "traffic" || agency === "ports" || agency === "civil_info" || agency === "clearing") return agency;
  throw new Error(`"${agency}" is not a party id of section 1 (bank:XXXX, traffic, ports, civil_info, clearing)`);
}

export interface AgencyConformanceOptions {
  /** The agency's party id, e.g. "bank:NBOK". */
  agency: string;
  /** Its <agencyBase>: batches go to <endpoint>/messages. */
  endpoint: string;
  /** Its key set URL. */
  jwksUrl: string;
  /** The kit's hub side, already listening, whose URL the agency uses as the hub's. */
  hub: ConformanceHub;
  /** RFC 7638 thumbprints registered for the agency: every key it publishes must be one of them. */
  thumbprints?: readonly string[];
  /** Banks: a test customer (civil ID) with funds at the bank. */
  debtor?: string;
  /** Banks: a civil ID with no account at the bank. */
  emptyDebtor?: string;
  /** A company's CR number (ports: refused; clearing, banks: disclosure). */
  company?: string;
  /** civil_info: a civil ID the authority knows. */
  person?: string;
  /** civil_info: a civil ID it does not know. */
  unknownPerson?: string;
  /** How long to wait for an expected reply (default 20 s). */
  replyTimeoutMs?: number;
  /** How long to wait before concluding that nothing more comes (default 1.5 s). */
  settleMs?: number;
  /**
   * Check that the agency answers 503 KEYS_UNAVAILABLE (not 401) when it cannot fetch the hub's
   * key set: the kit's key set goes down and a batch comes signed with a new key. Waits 31 s
   * first (an agency refetches at most every 30 s), and nothing else may use the kit meanwhile.
   */
  keyOutage?: boolean;
  /** Called after each case (progress). */
  onCase?: (result: CaseResult) => void;
}

export const DEFAULT_TEST_DEBTOR = "288020122596";
export const DEFAULT_EMPTY_DEBTOR = "299123100019";
export const DEFAULT_TEST_COMPANY = "97406";
export const DEFAULT_UNKNOWN_PERSON = "399999999990";
/** The department's account a conformance transfer pays to (a valid IBAN at the Central Bank). */
export const CONFORMANCE_TREASURY_IBAN = makeIban("CBKU", "0000000000001234560101");
const FILE_NUMBER = "2026/0000123-6";

interface CaseDef {
  id: string;
  section: string;
  title: string;
  kinds: readonly AgencyKind[] | "all";
  run: () => Promise<string[] | void>;
}


export async function runAgencyConformance(options: AgencyConformanceOptions): Promise<ConformanceReport> {
  const kind = agencyKindOf(options.agency);
  const agency = options.agency;
  const bankCode = kind === "bank" ? agency.slice(5) : "";
  const hub = options.hub;
  const messagesUrl = `${options.endpoint.replace(/\/$/, "")}/messages`;
  const replyTimeoutMs = options.replyTimeoutMs ?? 20_000;
  const settleMs = options.settleMs ?? 1_500;
  const debtorId = options.debtor ?? DEFAULT_TEST_DEBTOR;
  const emptyDebtorId = options.emptyDebtor ?? DEFAULT_EMPTY_DEBTOR;
  const companyId = options.company ?? DEFAULT_TEST_COMPANY;
  const personId = options.person ?? DEFAULT_TEST_DEBTOR;
  const unknownPersonId = options.unknownPerson ?? DEFAULT_UNKNOWN_PERSON;
  const startedAt = new Date();
  hub.expectAgency(agency, options.jwksUrl);
  const firstReply = hub.replies.length;
  const firstRefusal = hub.refused.length;

  // ---- what the kit sent -------------------------------------------------------------------
  const sent = new Map<string, HubMessage>();
  /** messageIds sent in refused batches only (never in an accepted one). */
  const refusedOnly = new Set<string>();
  const sentAccepted = new Set<string>();
  const latencies: number[] = [];
  const key = { kid: hub.key.kid, privateJwk: hub.key.privateJwk };

  const person = (civilId: string) => ({ civilId, nameAr: "مدين لاختبار المطابقة", nameEn: "Conformance Test Debtor" });
  const company = () => ({ crNumber: companyId, nameAr: "شركة لاختبار المطابقة", nameEn: "Conformance Test Company" });
  const base = () => ({ messageId: randomUUID(), sentAt: new Date().toISOString() });
  const orderRef = (orderId: string) => ({ orderId, fileNumber: FILE_NUMBER });
  const build = {
    attachment: (orderId: string, debtor: string, maxAmount: bigint): HubMessage => ({ type: "attachment.order", ...base(), ...orderRef(orderId), debtor: person(debtor), maxAmount: String(maxAmount), standing: true }),
    adjust: (orderId: string, maxAmount: bigint): HubMessage => ({ type: "hold.adjust", ...base(), ...orderRef(orderId), maxAmount: String(maxAmount), reason: "cap" }),
    lift: (orderId: string): HubMessage => ({ type: "lift.order", ...base(), ...orderRef(orderId), reason: "Conformance test: lifted." }),
    transfer: (orderId: string, amount: bigint): HubMessage => ({ type: "transfer.order", ...base(), ...orderRef(orderId), amount: String(amount), toIban: CONFORMANCE_TREASURY_IBAN }),
    status: (orderId: string): HubMessage => ({ type: "order.status", ...base(), ...orderRef(orderId) }),
    seizure: (orderId: string): HubMessage => ({ type: "seizure.order", ...base(), ...orderRef(orderId), debtor: person(debtorId) }),
    travelBan: (orderId: string, debtor: ReturnType<typeof person> | ReturnType<typeof company>): HubMessage => ({ type: "travel_ban.order", ...base(), ...orderRef(orderId), debtor }),
    disclosure: (debtor: ReturnType<typeof person> | ReturnType<typeof company>): HubMessage => ({ type: "disclosure.request", ...base(), requestId: randomUUID(), fileNumber: FILE_NUMBER, debtor, funds: "present_and_future" }),
    identity: (civilId: string): HubMessage => ({ type: "identity.query", ...base(), queryId: randomUUID(), civilId }),
  };
  /** A harmless message every agency of this kind answers with exactly one reply. */
  const probe = (): HubMessage => {
    if (kind === "bank" || kind === "clearing") return build.disclosure(person(emptyDebtorId));
    if (kind === "civil_info") return build.identity(unknownPersonId);
    return build.lift(randomUUID());
  };

  const claimsFor = (messages: unknown[], change: { aud?: string; iatOffsetSeconds?: number } = {}) =>
    envelopeClaims({ iss: "hub", aud: change.aud ?? agency, messages, now: new Date(), ...(change.iatOffsetSeconds ? { iatOffsetSeconds: change.iatOffsetSeconds } : {}) });

  const post = async (body: string, contentType: string | undefined = MEDIA_TYPE, messages: readonly unknown[] = []): Promise<PostAnswer> => {
    const answer = await postRaw(messagesUrl, body, contentType);
    latencies.push(answer.ms);
    const ids = messages.map((message) => (message as { messageId?: unknown }).messageId).filter((id): id is string => typeof id === "string");
    for (const message of messages) if (typeof (message as HubMessage).type === "string" && typeof (message as HubMessage).messageId === "string") sent.set((message as HubMessage).messageId, message as HubMessage);
    for (const id of ids) {
      if (answer.status === 200) {
        sentAccepted.add(id);
        refusedOnly.delete(id);
      } else if (!sentAccepted.has(id)) refusedOnly.add(id);
    }
    return answer;
  };

  /** Sends a correctly signed batch and returns its receipt entries by messageId (200 expected). */
  const deliver = async (messages: HubMessage[], jws?: string) => {
    const body = jws ?? signedBatch(key, claimsFor(messages));
    const answer = await post(body, MEDIA_TYPE, messages);
    return { answer, body, receipts: receiptOf(answer, messages) };
  };

  // ---- replies -------------------------------------------------------------------------------
  const repliesTo = (messageId: string): AgencyMessage[] =>
    hub.replies.slice(firstReply).filter((reply) => reply.agency === agency && reply.status === "accepted" && reply.message.inReplyTo === messageId).map((reply) => reply.message);
  const awaitReplies = async (messageId: string, count: number, what: string): Promise<AgencyMessage[]> => {
    const arrived = await hub.waitFor(() => repliesTo(messageId).length >= count, replyTimeoutMs);
    const replies = repliesTo(messageId);
    expect(arrived, `no ${what} within ${replyTimeoutMs / 1000} s (got ${replies.map((reply) => reply.type).join(", ") || "nothing"})`);
    return replies;
  };
  const settle = () => new Promise((resolve) => setTimeout(resolve, settleMs));
  const one = <T extends AgencyMessage["type"]>(replies: AgencyMessage[], type: T, what: string): Extract<AgencyMessage, { type: T }> => {
    const found = replies.filter((reply) => reply.type === type);
    expect(found.length === 1, `expected one ${type} (${what}), got ${replies.map((reply) => reply.type + (reply.type === "rejection" ? ` ${reply.code}` : "")).join(", ") || "nothing"}`);
    return found[0] as Extract<AgencyMessage, { type: T }>;
  };
  const expectRejection = async (message: HubMessage, code: string, what: string) => {
    const replies = await awaitReplies(message.messageId, 1, `rejection ${code}`);
    await settle();
    const all = repliesTo(message.messageId);
    const rejection = one(all, "rejection", what);
    expect(rejection.code === code, `rejection code ${rejection.code}, expected ${code}`);
    expect(all.length === 1, `expected only the rejection, also got ${all.filter((reply) => reply.type !== "rejection").map((reply) => reply.type).join(", ")}`);
    const business = "orderId" in message ? message.orderId : "requestId" in message ? message.requestId : undefined;
    if (business) expect(rejection.orderId === business || rejection.requestId === business, "the rejection does not name the order or request");
    return [`rejection ${rejection.code}: ${rejection.reason}`, ...(replies.length > 1 ? ["(more replies arrived)"] : [])];
  };

  /** The checks every declaration must pass (sections 9.3, 10.1, 13). */
  const checkDeclaration = (declaration: Extract<AgencyMessage, { type: "attachment.declaration" }>, maxAmount: bigint, orderId: string): bigint => {
    expect(declaration.orderId === orderId, `the declaration names order ${declaration.orderId}, not ${orderId}`);
    let sum = 0n;
    const seen = new Set<string>();
    for (const account of declaration.accounts) {
      expect(isIban(account.iban), `IBAN ${account.iban} fails ISO 7064 mod 97`);
      expect(account.iban.slice(4, 8) === bankCode, `IBAN ${account.iban} is not of bank ${bankCode}`);
      expect(!seen.has(account.iban), `IBAN ${account.iban} is listed twice`);
      seen.add(account.iban);
      sum += BigInt(account.frozen);
    }
    const total = BigInt(declaration.totalFrozen);
    expect(total === sum, `totalFrozen ${total} is not the sum of the accounts' frozen (${sum})`);
    expect(total <= maxAmount, `totalFrozen ${total} is above the order's maximum ${maxAmount}`);
    return total;
  };

  // ---- state shared by the bank cases ------------------------------------------------------------
  const bankOrder = { orderId: randomUUID(), orderMessageId: "", maxAmount: 500_000n, sequence: 0, total: 0n, ready: false, holding: [] as string[] };
  const needOrder = () => expect(bankOrder.ready, "needs the order of A30, which did not stand");
  const declarationAfter = async (message: HubMessage, extra: number, what: string) => {
    const replies = await awaitReplies(message.messageId, 1 + extra, what);
    const declaration = one(replies, "attachment.declaration", what);
    const expected = bankOrder.sequence + 1;
    bankOrder.sequence = Math.max(bankOrder.sequence, declaration.sequence);
    soft(() => expect(declaration.sequence === expected, `sequence ${declaration.sequence}, expected ${expected} (the next)`));
    soft(() => checkDeclaration(declaration, bankOrder.maxAmount, bankOrder.orderId));
    return { replies, declaration, total: BigInt(declaration.totalFrozen) };
  };
  const noFrozenDeclarationAfter = (orderId: string, since: number) => {
    const late = hub.replies.slice(since).filter((reply) => reply.agency === agency && reply.message.type === "attachment.declaration" && reply.message.orderId === orderId && reply.message.totalFrozen !== "0");
    expect(late.length === 0, `a declaration of ${late.map((reply) => (reply.message as { totalFrozen: string }).totalFrozen).join(", ")} fils came after the lift`);
  };

  /** Checks whose failure fails the case but lets it go on (so later cases start from the agency's real state). */
  let deferred: string[] = [];
  const soft = (check: () => unknown) => {
    try {
      check();
    } catch (error) {
      if (!(error instanceof CaseFailure)) throw error;
      deferred.push(error.message);
    }
  };

  // ---- the cases ----------------------------------------------------------------------------------
  const genuine = (messages: HubMessage[], change: { aud?: string; iatOffsetSeconds?: number } = {}) => signedBatch(key, claimsFor(messages, change));
  const replayProbe: { message?: HubMessage } = {};
  /** When the agency last had reason to fetch the kit's key set (an unknown kid). */
  let lastKeyFetchReason = Date.now();
  const refusedProbe: { message?: HubMessage } = {};

  const cases: CaseDef[] = [
    {
      id: "A01", section: "§4", title: "key set: public EC P-256 ES256 keys only, cached ≤ 600 s, thumbprints as registered", kinds: "all",
      run: () => checkKeySet(options.jwksUrl, options.thumbprints),
    },
    {
      id: "A02", section: "§2 §6", title: "a valid batch: 200, one receipt entry per message, accepted", kinds: "all",
      run: async () => {
        const message = probe();
        replayProbe.message = message;
        const { receipts } = await deliver([message]);
        expect(receipts[0]?.status === "accepted", `receipt ${statusesOf(receipts).join(", ")}, expected accepted`);
      },
    },
    {
      id: "A03", section: "§7", title: "replies come later, signed, to the hub's endpoint, naming the message in inReplyTo", kinds: "all",
      run: async () => {
        expect(replayProbe.message, "needs A02's message");
        const replies = await awaitReplies(replayProbe.message.messageId, 1, "reply");
        return [`${replies.map((reply) => reply.type).join(", ")}`];
      },
    },
    {
      id: "A04", section: "§2", title: "a body not sent as application/jose: 415 UNSUPPORTED_MEDIA_TYPE", kinds: "all",
      run: async () => {
        const messages = [probe()];
        const details = expectRefusal(await post(genuine(messages), "application/json", messages), "UNSUPPORTED_MEDIA_TYPE");
        const other = [probe()];
        expectRefusal(await post(genuine(other), "text/plain", other), "UNSUPPORTED_MEDIA_TYPE");
        return details;
      },
    },
    { id: "A05", section: "§3", title: "not a compact JWS: 400 MALFORMED", kinds: "all", run: async () => expectRefusal(await post("this.is-not-a-jws"), "MALFORMED") },
    { id: "A06", section: "§3", title: "alg none: 400 MALFORMED", kinds: "all", run: async () => { const m = [probe()]; return expectRefusal(await post(unsignedBatch(key.kid, claimsFor(m)), MEDIA_TYPE, m), "MALFORMED"); } },
    { id: "A07", section: "§3", title: "alg HS256 (keyed with the hub's public key): 400 MALFORMED", kinds: "all", run: async () => { const m = [probe()]; return expectRefusal(await post(hmacBatch(key.kid, String(hub.key.publicJwk.x), claimsFor(m)), MEDIA_TYPE, m), "MALFORMED"); } },
    { id: "A08", section: "§3", title: "typ other than tanfeeth-agency+jws: 400 MALFORMED", kinds: "all", run: async () => { const m = [probe()]; return expectRefusal(await post(signRaw(key, { ...goodHeader(key.kid), typ: "JWT" }, JSON.stringify(claimsFor(m))), MEDIA_TYPE, m), "MALFORMED"); } },
    { id: "A09", section: "§3", title: "a protected header with jku (beyond alg, kid, typ): 400 MALFORMED", kinds: "all", run: async () => { const m = [probe()]; return expectRefusal(await post(signRaw(key, { ...goodHeader(key.kid), jku: `${hub.url}/agency/v1/jwks.json` }, JSON.stringify(claimsFor(m))), MEDIA_TYPE, m), "MALFORMED"); } },
    { id: "A10", section: "§3", title: "no kid: 400 MALFORMED", kinds: "all", run: async () => { const m = [probe()]; const { kid: _kid, ...header } = goodHeader(key.kid); return expectRefusal(await post(signRaw(key, header, JSON.stringify(claimsFor(m))), MEDIA_TYPE, m), "MALFORMED"); } },
    {
      id: "A11", section: "§3", title: "a key the hub never published (unknown kid): 401 UNKNOWN_SENDER", kinds: "all",
      run: async () => {
        const stranger = await generateSigningKeyPair();
        const m = [probe()];
        lastKeyFetchReason = Date.now();
        return expectRefusal(await post(signedBatch({ kid: stranger.kid, privateJwk: stranger.privateJwk }, claimsFor(m)), MEDIA_TYPE, m), "UNKNOWN_SENDER");
      },
    },
    {
      id: "A12", section: "§3", title: "forged: the hub's kid, another key: 401 BAD_SIGNATURE", kinds: "all",
      run: async () => {
        const impostor = await generateSigningKeyPair();
        const m = [probe()];
        return expectRefusal(await post(signedBatch({ kid: key.kid, privateJwk: impostor.privateJwk }, claimsFor(m)), MEDIA_TYPE, m), "BAD_SIGNATURE");
      },
    },
    {
      id: "A13", section: "§3", title: "tampered: the payload changed after signing: 401 BAD_SIGNATURE", kinds: "all",
      run: async () => {
        const m = [probe()];
        const other = probe();
        return expectRefusal(await post(tampered(genuine(m), (claims) => ({ ...claims, messages: [other] })), MEDIA_TYPE, [...m, other]), "BAD_SIGNATURE");
      },
    },
    { id: "A14", section: "§3", title: "a payload that is not JSON: 400 MALFORMED", kinds: "all", run: async () => expectRefusal(await post(signRaw(key, goodHeader(key.kid), "not json")), "MALFORMED") },
    {
      id: "A15", section: "§3 §12", title: 'ver "2": 400 UNSUPPORTED_VERSION', kinds: "all",
      run: async () => { const m = [probe()]; return expectRefusal(await post(signedBatch(key, { ...claimsFor(m), ver: "2" }), MEDIA_TYPE, m), "UNSUPPORTED_VERSION"); },
    },
    {
      id: "A16", section: "§3", title: "ver missing: 400 MALFORMED", kinds: "all",
      run: async () => { const m = [probe()]; const { ver: _ver, ...claims } = claimsFor(m); return expectRefusal(await post(signedBatch(key, claims), MEDIA_TYPE, m), "MALFORMED"); },
    },
    {
      id: "A17", section: "§3", title: "an envelope member beyond iss, aud, jti, iat, ver, messages: 400 MALFORMED", kinds: "all",
      run: async () => { const m = [probe()]; return expectRefusal(await post(signedBatch(key, { ...claimsFor(m), nbf: 0 }), MEDIA_TYPE, m), "MALFORMED"); },
    },
    {
      id: "A18", section: "§3", title: "aud another party: 403 WRONG_AUDIENCE", kinds: "all",
      run: async () => {
        const m = [probe()];
        refusedProbe.message = m[0];
        return expectRefusal(await post(genuine(m, { aud: agency === "traffic" ? "ports" : "traffic" }), MEDIA_TYPE, m), "WRONG_AUDIENCE");
      },
    },
    { id: "A19", section: "§3 §5", title: "iat 600 s in the past (replay window): 422 OUTSIDE_WINDOW", kinds: "all", run: async () => { const m = [probe()]; return expectRefusal(await post(genuine(m, { iatOffsetSeconds: -600 }), MEDIA_TYPE, m), "OUTSIDE_WINDOW"); } },
    { id: "A20", section: "§3 §5", title: "iat 600 s in the future: 422 OUTSIDE_WINDOW", kinds: "all", run: async () => { const m = [probe()]; return expectRefusal(await post(genuine(m, { iatOffsetSeconds: 600 }), MEDIA_TYPE, m), "OUTSIDE_WINDOW"); } },
    {
      id: "A21", section: "§3 §6", title: "501 messages: 400 TOO_MANY_MESSAGES", kinds: "all",
      run: async () => {
        const m = Array.from({ length: 501 }, () => ({ type: "conformance.noop", messageId: randomUUID(), sentAt: new Date().toISOString() }));
        return expectRefusal(await post(genuine(m as never), MEDIA_TYPE, m), "TOO_MANY_MESSAGES");
      },
    },
    {
      id: "A22", section: "§3", title: "a message without a messageId: 400 MALFORMED (a receipt could not name it)", kinds: "all",
      run: async () => {
        const good = probe();
        const { messageId: _id, ...nameless } = probe();
        return expectRefusal(await post(genuine([good, nameless as HubMessage]), MEDIA_TYPE, [good]), "MALFORMED");
      },
    },
    {
      id: "A23", section: "§2 §5", title: "a refused batch is not acted on nor remembered: its message sent again is accepted and answered once", kinds: "all",
      run: async () => {
        expect(refusedProbe.message, "needs A18's message");
        const message = refusedProbe.message;
        const { receipts } = await deliver([message]);
        expect(receipts[0]?.status === "accepted", `receipt ${statusesOf(receipts).join(", ")}: the refused batch's message was remembered`);
        await awaitReplies(message.messageId, 1, "reply");
        await settle();
        const replies = repliesTo(message.messageId);
        expect(replies.length === 1, `${replies.length} replies to it: the refused batch was acted on`);
      },
    },
    {
      id: "A24", section: "§6 §12", title: "partial acceptance: an unknown message type rejected INVALID_MESSAGE, the rest of the batch accepted", kinds: "all",
      run: async () => {
        const unknown = { type: "conformance.unknown", messageId: randomUUID(), sentAt: new Date().toISOString() };
        const good = probe();
        const { receipts } = await deliver([unknown as never, good]);
        const byId = new Map(receipts.map((entry) => [entry.messageId, entry]));
        expect(byId.get(unknown.messageId)?.status === "rejected" && byId.get(unknown.messageId)?.code === "INVALID_MESSAGE", `the unknown type: ${statusesOf([byId.get(unknown.messageId)!]).join("")}, expected rejected INVALID_MESSAGE`);
        expect(byId.get(good.messageId)?.status === "accepted", `the valid message: ${statusesOf([byId.get(good.messageId)!]).join("")}, expected accepted`);
        await awaitReplies(good.messageId, 1, "reply to the valid message");
      },
    },
    {
      id: "A25", section: "§5", title: "a messageId already accepted, in a new batch: duplicate, acted on once", kinds: "all",
      run: async () => {
        const message = probe();
        await deliver([message]);
        await awaitReplies(message.messageId, 1, "reply");
        const { receipts } = await deliver([message]);
        expect(receipts[0]?.status === "duplicate", `second copy: ${statusesOf(receipts).join(", ")}, expected duplicate`);
        await settle();
        expect(repliesTo(message.messageId).length === 1, `${repliesTo(message.messageId).length} replies: acted on more than once`);
      },
    },
    {
      id: "A26", section: "§5", title: "the same messageId twice in one batch: accepted then duplicate, acted on once", kinds: "all",
      run: async () => {
        const message = probe();
        const { receipts } = await deliver([message, message]);
        expect(receipts.map((entry) => entry.status).join(",") === "accepted,duplicate", `receipt ${statusesOf(receipts).join(", ")}, expected accepted, duplicate`);
        await awaitReplies(message.messageId, 1, "reply");
        await settle();
        expect(repliesTo(message.messageId).length === 1, `${repliesTo(message.messageId).length} replies: acted on more than once`);
      },
    },
    {
      id: "A27", section: "§5", title: "a captured batch replayed within the window: 200, every message duplicate, nothing done again", kinds: "all",
      run: async () => {
        const message = probe();
        const { body } = await deliver([message]);
        await awaitReplies(message.messageId, 1, "reply");
        const again = await post(body, MEDIA_TYPE, [message]);
        const receipts = receiptOf(again, [message]);
        expect(receipts.every((entry) => entry.status === "duplicate"), `replay: ${statusesOf(receipts).join(", ")}, expected duplicate`);
        await settle();
        expect(repliesTo(message.messageId).length === 1, `${repliesTo(message.messageId).length} replies: the replay was acted on`);
      },
    },

    // ---- banks ----
    {
      id: "A30", section: "§10.1", title: "attachment.order: ack, then declaration sequence 1 (valid IBANs of this bank, total = Σ frozen ≤ maximum)", kinds: ["bank"],
      run: async () => {
        const order = build.attachment(bankOrder.orderId, debtorId, bankOrder.maxAmount);
        bankOrder.orderMessageId = order.messageId;
        const { receipts } = await deliver([order]);
        expect(receipts[0]?.status === "accepted", `receipt ${statusesOf(receipts).join(", ")}`);
        const replies = await awaitReplies(order.messageId, 2, "ack and declaration");
        one(replies, "ack", "the order's ack");
        const declaration = one(replies, "attachment.declaration", "the first declaration");
        expect(replies.findIndex((reply) => reply.type === "ack") < replies.findIndex((reply) => reply.type === "attachment.declaration"), "the declaration came before the ack");
        // The order stands whatever the declaration's faults: the later cases go on from what the bank declared.
        bankOrder.total = BigInt(declaration.totalFrozen);
        bankOrder.sequence = declaration.sequence;
        bankOrder.holding = declaration.accounts.filter((account) => BigInt(account.frozen) > 0n).map((account) => account.iban);
        bankOrder.ready = true;
        soft(() => expect(declaration.sequence === 1, `sequence ${declaration.sequence}, expected 1`));
        soft(() => checkDeclaration(declaration, bankOrder.maxAmount, bankOrder.orderId));
        return [`frozen ${bankOrder.total} of at most ${bankOrder.maxAmount} fils on ${declaration.accounts.length} account(s)${bankOrder.total === 0n ? " — the test debtor holds nothing: give --debtor a funded customer" : ""}`];
      },
    },
    {
      id: "A31", section: "§10.1", title: "hold.adjust to a partial maximum: the excess released, declaration next sequence naming the adjustment", kinds: ["bank"],
      run: async () => {
        needOrder();
        const newMax = bankOrder.total / 2n;
        const adjust = build.adjust(bankOrder.orderId, newMax);
        await deliver([adjust]);
        bankOrder.maxAmount = newMax;
        const { total } = await declarationAfter(adjust, 0, "declaration after hold.adjust");
        expect(total === newMax, `totalFrozen ${total} after lowering the maximum from ${bankOrder.total} to ${newMax}: expected ${newMax}`);
        bankOrder.total = total;
        return [`maximum ${newMax}: declared ${total}`];
      },
    },
    {
      id: "A32", section: "§10.5", title: "order.status on a standing order: ack and a declaration (next sequence), nothing changed", kinds: ["bank"],
      run: async () => {
        needOrder();
        const query = build.status(bankOrder.orderId);
        await deliver([query]);
        const { replies, total } = await declarationAfter(query, 1, "ack and declaration answering order.status");
        one(replies, "ack", "the status query's ack");
        expect(total === bankOrder.total, `totalFrozen ${total}, was ${bankOrder.total}: a status query must change nothing`);
      },
    },
    {
      id: "A33", section: "§5 §10.1", title: "the same order again under a new messageId: ack and declaration (next sequence), no second freeze", kinds: ["bank"],
      run: async () => {
        needOrder();
        const again = build.attachment(bankOrder.orderId, debtorId, 500_000n);
        await deliver([again]);
        const { replies, total } = await declarationAfter(again, 1, "ack and declaration answering the repeated order");
        one(replies, "ack", "ack of the repeated order");
        expect(total === bankOrder.total, `totalFrozen ${total}, was ${bankOrder.total}: the order was applied twice`);
      },
    },
    {
      id: "A34", section: "§10.1", title: "transfer.order: transfer.confirmation (at most asked and frozen), then declaration with the lower total", kinds: ["bank"],
      run: async () => {
        needOrder();
        const asked = bankOrder.total / 2n;
        const transfer = build.transfer(bankOrder.orderId, asked);
        await deliver([transfer]);
        const { replies, total } = await declarationAfter(transfer, 1, "transfer.confirmation and declaration");
        const confirmation = one(replies, "transfer.confirmation", "the transfer's confirmation");
        const paid = BigInt(confirmation.amount);
        expect(paid <= asked && paid <= bankOrder.total, `paid ${paid}: more than asked (${asked}) or frozen (${bankOrder.total})`);
        expect(confirmation.transferReference.length > 0, "no transferReference");
        expect(total === bankOrder.total - paid, `declared ${total} after paying ${paid} of ${bankOrder.total}`);
        expect(replies.findIndex((reply) => reply.type === "transfer.confirmation") < replies.findIndex((reply) => reply.type === "attachment.declaration"), "the declaration came before the confirmation");
        bankOrder.total = total;
        bankOrder.maxAmount = bankOrder.maxAmount > paid ? bankOrder.maxAmount - paid : 0n;
        return [`asked ${asked}, paid ${paid}, declared ${total}`];
      },
    },
    {
      id: "A35", section: "§10.1", title: "lift.order: lift.confirmation, nothing frozen under the order afterwards", kinds: ["bank"],
      run: async () => {
        needOrder();
        const since = hub.replies.length;
        const lift = build.lift(bankOrder.orderId);
        await deliver([lift]);
        const replies = await awaitReplies(lift.messageId, 1, "lift.confirmation");
        const confirmation = one(replies, "lift.confirmation", "the lift's confirmation");
        expect(confirmation.orderId === bankOrder.orderId, "the confirmation names another order");
        await settle();
        noFrozenDeclarationAfter(bankOrder.orderId, since);
      },
    },
    {
      id: "A36", section: "§10.1", title: "lift.order again (idempotent): confirmed again", kinds: ["bank"],
      run: async () => {
        needOrder();
        const lift = build.lift(bankOrder.orderId);
        await deliver([lift]);
        one(await awaitReplies(lift.messageId, 1, "lift.confirmation"), "lift.confirmation", "the second lift's confirmation");
      },
    },
    { id: "A37", section: "§10.1", title: "hold.adjust on a lifted order: rejection INVALID_ORDER, no declaration", kinds: ["bank"], run: async () => { needOrder(); const m = build.adjust(bankOrder.orderId, 0n); await deliver([m]); return expectRejection(m, "INVALID_ORDER", "refusing an adjustment of a lifted order"); } },
    { id: "A38", section: "§10.1", title: "transfer.order on a lifted order: rejection INVALID_ORDER, nothing paid", kinds: ["bank"], run: async () => { needOrder(); const m = build.transfer(bankOrder.orderId, 1n); await deliver([m]); return expectRejection(m, "INVALID_ORDER", "refusing a transfer on a lifted order"); } },
    {
      id: "A39", section: "§10.5", title: "order.status on a lifted order: lift.confirmation", kinds: ["bank"],
      run: async () => {
        needOrder();
        const query = build.status(bankOrder.orderId);
        await deliver([query]);
        const replies = await awaitReplies(query.messageId, 1, "lift.confirmation answering order.status");
        one(replies, "lift.confirmation", "the lifted order's status");
      },
    },
    { id: "A40", section: "§10.1", title: "the order again after its lift: rejection INVALID_ORDER, no ack, nothing frozen", kinds: ["bank"], run: async () => { needOrder(); const m = build.attachment(bankOrder.orderId, debtorId, 500_000n); await deliver([m]); return expectRejection(m, "INVALID_ORDER", "refusing a lifted order"); } },
    { id: "A41", section: "§10.5", title: "order.status for an order never received: rejection INVALID_ORDER", kinds: ["bank"], run: async () => { const m = build.status(randomUUID()); await deliver([m]); return expectRejection(m, "INVALID_ORDER", "an unknown order's status"); } },
    { id: "A42", section: "§10.1", title: "hold.adjust for an order never received: rejection INVALID_ORDER", kinds: ["bank"], run: async () => { const m = build.adjust(randomUUID(), 0n); await deliver([m]); return expectRejection(m, "INVALID_ORDER", "adjusting an unknown order"); } },
    {
      id: "A43", section: "§10.1", title: "a lift before its order: confirmed; the late order then refused INVALID_ORDER", kinds: ["bank", "traffic", "ports"],
      run: async () => {
        const orderId = randomUUID();
        const lift = build.lift(orderId);
        await deliver([lift]);
        one(await awaitReplies(lift.messageId, 1, "lift.confirmation"), "lift.confirmation", "the early lift's confirmation");
        const order = kind === "bank" ? build.attachment(orderId, debtorId, 500_000n) : kind === "traffic" ? build.seizure(orderId) : build.travelBan(orderId, person(debtorId));
        await deliver([order]);
        return expectRejection(order, "INVALID_ORDER", "refusing an order lifted before it arrived");
      },
    },
    {
      id: "A44", section: "§10.1", title: "a debtor without accounts: ack and a zero declaration, not a rejection", kinds: ["bank"],
      run: async () => {
        const orderId = randomUUID();
        const order = build.attachment(orderId, emptyDebtorId, 500_000n);
        await deliver([order]);
        const replies = await awaitReplies(order.messageId, 2, "ack and declaration");
        one(replies, "ack", "ack");
        const declaration = one(replies, "attachment.declaration", "zero declaration");
        expect(declaration.sequence === 1, `sequence ${declaration.sequence}, expected 1`);
        const total = checkDeclaration(declaration, 500_000n, orderId);
        expect(total === 0n, `declared ${total} for a debtor without accounts (use --empty-debtor)`);
        const lift = build.lift(orderId);
        await deliver([lift]);
        await awaitReplies(lift.messageId, 1, "lift.confirmation (clean-up)");
      },
    },
    {
      id: "A45", section: "§9.3 §10.4", title: "disclosure.request: disclosure.statement with this bank's valid IBANs, no securities", kinds: ["bank"],
      run: async () => {
        const request = build.disclosure(person(debtorId));
        await deliver([request]);
        const statement = one(await awaitReplies(request.messageId, 1, "disclosure.statement"), "disclosure.statement", "the statement");
        expect(statement.requestId === (request as { requestId: string }).requestId, "the statement names another request");
        const seen = new Set<string>();
        for (const account of statement.accounts) {
          expect(isIban(account.iban) && account.iban.slice(4, 8) === bankCode, `IBAN ${account.iban} is not a valid IBAN of ${bankCode}`);
          expect(!seen.has(account.iban), `IBAN ${account.iban} listed twice`);
          seen.add(account.iban);
        }
        expect(statement.securities.length === 0, "a bank states no securities");
        return [`${statement.accounts.length} account(s)`];
      },
    },

    {
      id: "A46", section: "§9.3 §13", title: "declaration.particulars after the first declaration: same sequence, every account holding money with its cause and documents (Art. 234(2))", kinds: ["bank"],
      run: async () => {
        needOrder();
        if (bankOrder.holding.length === 0) return ["the first declaration held nothing: no particulars are due — give --debtor a funded customer"];
        const particularsOf = () =>
          hub.replies
            .slice(firstReply)
            .map((reply) => (reply.agency === agency && reply.status === "accepted" ? reply.message : null))
            .find((message): message is Extract<AgencyMessage, { type: "declaration.particulars" }> => message?.type === "declaration.particulars" && message.orderId === bankOrder.orderId && message.sequence === 1);
        const arrived = await hub.waitFor(() => particularsOf() !== undefined, replyTimeoutMs);
        expect(arrived, `no declaration.particulars for declaration 1 within ${replyTimeoutMs / 1000} s`);
        const particulars = particularsOf()!;
        const stated = new Set(particulars.accounts.map((account) => account.iban));
        for (const iban of bankOrder.holding) expect(stated.has(iban), `account ${iban} holds money but has no cause and documents`);
        for (const account of particulars.accounts) expect(account.documents.length >= 1 && account.causeText.trim().length > 0, `account ${account.iban}: a cause in words and at least one document`);
        return [`${particulars.accounts.length} account(s), ${particulars.accounts.reduce((total, account) => total + account.documents.length, 0)} document(s)`];
      },
    },

    // ---- traffic ----
    {
      id: "A50", section: "§10.2", title: "seizure.order: ack then seizure.result; lift.order: lift.confirmation", kinds: ["traffic"],
      run: async () => {
        const orderId = randomUUID();
        const order = build.seizure(orderId);
        await deliver([order]);
        const replies = await awaitReplies(order.messageId, 2, "ack and seizure.result");
        one(replies, "ack", "ack");
        const result = one(replies, "seizure.result", "the seizure result");
        expect(result.orderId === orderId, "the result names another order");
        const lift = build.lift(orderId);
        await deliver([lift]);
        one(await awaitReplies(lift.messageId, 1, "lift.confirmation"), "lift.confirmation", "the lift's confirmation");
        return [`${result.vehicles.length} vehicle(s) flagged`];
      },
    },

    // ---- ports ----
    {
      id: "A55", section: "§10.3", title: "travel_ban.order for a person: ack then travel_ban.registered; lift.order: lift.confirmation", kinds: ["ports"],
      run: async () => {
        const orderId = randomUUID();
        const order = build.travelBan(orderId, person(debtorId));
        await deliver([order]);
        const replies = await awaitReplies(order.messageId, 2, "ack and travel_ban.registered");
        one(replies, "ack", "ack");
        const registered = one(replies, "travel_ban.registered", "the registration");
        expect(registered.reference.length > 0, "no reference");
        const lift = build.lift(orderId);
        await deliver([lift]);
        one(await awaitReplies(lift.messageId, 1, "lift.confirmation"), "lift.confirmation", "the lift's confirmation");
        return [`reference ${registered.reference}`];
      },
    },
    { id: "A56", section: "§10.3", title: "travel_ban.order for a company: rejection NOT_ALLOWED, no ack", kinds: ["ports"], run: async () => { const m = build.travelBan(randomUUID(), company()); await deliver([m]); return expectRejection(m, "NOT_ALLOWED", "refusing a ban on a company"); } },

    // ---- civil information ----
    {
      id: "A60", section: "§10.4", title: "identity.query: identity.result for the query's civil ID and queryId", kinds: ["civil_info"],
      run: async () => {
        const query = build.identity(personId) as Extract<HubMessage, { type: "identity.query" }>;
        await deliver([query]);
        const result = one(await awaitReplies(query.messageId, 1, "identity.result"), "identity.result", "the result");
        expect(result.queryId === query.queryId && result.civilId === query.civilId, "the result names another query or civil ID");
        expect(result.found === (result.person !== null), "found and person disagree");
        return [`found: ${result.found}${result.found ? "" : " (use --person with a civil ID the authority knows)"}`];
      },
    },
    {
      id: "A61", section: "§10.4", title: "identity.query for an unknown civil ID: found false, person null (not a rejection)", kinds: ["civil_info"],
      run: async () => {
        const query = build.identity(unknownPersonId) as Extract<HubMessage, { type: "identity.query" }>;
        await deliver([query]);
        const result = one(await awaitReplies(query.messageId, 1, "identity.result"), "identity.result", "the result");
        expect(result.found === false && result.person === null, `found ${result.found} for ${unknownPersonId} (use --unknown-person)`);
      },
    },

    // ---- clearing ----
    {
      id: "A65", section: "§10.4", title: "disclosure.request: disclosure.statement with securities, no accounts", kinds: ["clearing"],
      run: async () => {
        const request = build.disclosure(person(debtorId)) as Extract<HubMessage, { type: "disclosure.request" }>;
        await deliver([request]);
        const statement = one(await awaitReplies(request.messageId, 1, "disclosure.statement"), "disclosure.statement", "the statement");
        expect(statement.requestId === request.requestId, "the statement names another request");
        expect(statement.accounts.length === 0, "the clearing company states no accounts");
        return [`${statement.securities.length} holding(s)`];
      },
    },

    {
      id: "A80", section: "§2 §3 §13", title: "the hub's key set unreachable and an unknown kid: 503 KEYS_UNAVAILABLE (not 401)", kinds: "all",
      run: async () => {
        if (!options.keyOutage) throw new SkipCase("key outage not checked (it waits 31 s; the command runs it unless --no-key-outage)");
        const wait = lastKeyFetchReason + 31_000 - Date.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        const stranger = await generateSigningKeyPair();
        const m = [probe()];
        hub.setKeysAvailable(false);
        let answer: PostAnswer;
        try {
          answer = await post(signedBatch({ kid: stranger.kid, privateJwk: stranger.privateJwk }, claimsFor(m)), MEDIA_TYPE, m);
        } finally {
          hub.setKeysAvailable(true);
        }
        return expectRefusal(answer, "KEYS_UNAVAILABLE");
      },
    },

    // ---- everything the agency sent ----
    {
      id: "A90", section: "§3 §4 §9", title: "every reply batch verified with the published key (iss, aud hub, typ, window) and every reply valid", kinds: "all",
      run: async () => {
        await settle();
        const problems = hub.refused.slice(firstRefusal).filter((entry) => entry.agency === null || entry.agency === agency);
        expect(problems.length === 0, problems.map((entry) => `${entry.status} ${entry.code}: ${entry.message}`).join("; "));
        const count = hub.replies.slice(firstReply).filter((reply) => reply.agency === agency).length;
        expect(count > 0, "no reply received at all: is the agency's hub URL the kit's?");
        return [`${count} replies`];
      },
    },
    {
      id: "A91", section: "§7", title: "every reply's inReplyTo names a message the hub sent this agency, about the same order or request", kinds: "all",
      run: async () => {
        const wrong: string[] = [];
        for (const { message } of hub.replies.slice(firstReply).filter((reply) => reply.agency === agency)) {
          const answered = sent.get(message.inReplyTo);
          if (!answered) {
            wrong.push(`${message.type} ${message.messageId}: inReplyTo ${message.inReplyTo} is no message of this run`);
            continue;
          }
          const theirs = (message as { orderId?: string }).orderId ?? (message as { requestId?: string }).requestId ?? (message as { queryId?: string }).queryId;
          const ours = (answered as { orderId?: string }).orderId ?? (answered as { requestId?: string }).requestId ?? (answered as { queryId?: string }).queryId;
          if (theirs !== ours) wrong.push(`${message.type} ${message.messageId}: names ${theirs}, the message it answers is about ${ours}`);
        }
        expect(wrong.length === 0, wrong.slice(0, 5).join("; "));
      },
    },
    {
      id: "A92", section: "§2", title: "nothing in a refused batch was acted on", kinds: "all",
      run: async () => {
        const acted = hub.replies.slice(firstReply).filter((reply) => reply.agency === agency && refusedOnly.has(reply.message.inReplyTo));
        expect(acted.length === 0, `replies to messages of refused batches: ${acted.map((reply) => `${reply.message.type} → ${reply.message.inReplyTo}`).slice(0, 5).join("; ")}`);
        return [`${refusedOnly.size} messages sent only in refused batches`];
      },
    },
    {
      id: "A93", section: "§2", title: "every batch answered within 5 s", kinds: "all",
      run: async () => {
        const slowest = Math.max(...latencies);
        expect(slowest < 5_000, `slowest answer ${Math.round(slowest)} ms`);
        return [`slowest ${Math.round(slowest)} ms over ${latencies.length} batches`];
      },
    },
  ];

  const results: CaseResult[] = [];
  for (const entry of cases) {
    if (entry.kinds !== "all" && !entry.kinds.includes(kind)) continue;
    let result: CaseResult;
    deferred = [];
    try {
      const details = (await entry.run()) ?? [];
      result = deferred.length > 0 ? { id: entry.id, title: entry.title, section: entry.section, status: "fail", details: deferred } : { id: entry.id, title: entry.title, section: entry.section, status: "pass", details };
    } catch (error) {
      if (error instanceof SkipCase) result = { id: entry.id, title: entry.title, section: entry.section, status: "skip", details: [error.message] };
      else result = { id: entry.id, title: entry.title, section: entry.section, status: "fail", details: [error instanceof CaseFailure ? error.message : `error: ${(error as Error).message}`] };
    }
    results.push(result);
    options.onCase?.(result);
  }
  const summary = summarise(results);
  return {
    kit: "tanfeeth agency-conformance",
    protocolVersion: PROTOCOL_VERSION,
    mode: "agency",
    agency,
    target: options.endpoint,
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    summary,
    conformant: summary.fail === 0,
    cases: results,
  };
}
