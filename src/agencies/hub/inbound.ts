/**
 * Receives a signed batch from an agency — transport only: verifies the signature against
 * the agency's published keys, the audience, the version and the time window; refuses a
 * replayed batch; keeps refused batches as evidence; then hands the verified answers to the
 * exchange's use cases (src/app/agency-exchange/receive-answers.ts) and answers the
 * protocol's transport receipt.
 */
import { createHash } from "node:crypto";
import { receiveAnswers } from "../../app/agency-exchange/receive-answers.ts";
import type { AppDeps } from "../../app/deps.ts";
import { recordInboundBatch, recordRefusal } from "../../storage/exchange/repository.ts";
import { agencyMessage, ProtocolError, verifyEnvelope, type AgencyMessage, type Receipt } from "../protocol/index.ts";
import { HUB_ID } from "./delivery.ts";
import type { AgencyDirectory } from "./directory.ts";

export interface InboundContext {
  deps: AppDeps;
  directory: AgencyDirectory;
}

/** Where a batch came from, and the per-agency budget the transport keeps (src/http/routes/agency-channel.ts). */
export interface InboundArrival {
  /** The source address, kept with a refusal. */
  sourceAddress: string | null;
  /**
   * Asked once the signature is verified, before anything is recorded: false when the agency
   * is over its rate limit. Counted on the verified sender only, so forged batches claiming
   * a bank cannot spend the bank's budget.
   */
  admit?(agencyKey: string): boolean;
}

/** A verified agency sent more batches than its rate limit allows: nothing was recorded or applied; it retries later. */
export class AgencyRateLimited extends Error {
  readonly agencyKey: string;

  constructor(agencyKey: string) {
    super(`${agencyKey} is over its rate limit`);
    this.agencyKey = agencyKey;
    this.name = "AgencyRateLimited";
  }
}

export const protocolErrorStatus: Record<ProtocolError["code"], number> = {
  MALFORMED: 400,
  UNSUPPORTED_VERSION: 400,
  TOO_MANY_MESSAGES: 400,
  UNKNOWN_SENDER: 401,
  BAD_SIGNATURE: 401,
  WRONG_AUDIENCE: 403,
  OUTSIDE_WINDOW: 422,
};

export async function receiveBatch(context: InboundContext, jws: string, arrival: InboundArrival = { sourceAddress: null }): Promise<Receipt> {
  const { deps } = context;
  const now = deps.clock.now();
  let batch: Awaited<ReturnType<typeof verifyEnvelope<AgencyMessage>>>;
  try {
    batch = await verifyEnvelope(jws, { audience: HUB_ID, now, resolveKey: context.directory.resolveKey, messageSchema: agencyMessage });
  } catch (error) {
    if (error instanceof ProtocolError) await refuse(context, arrival, jws, error.code, error.message, now);
    throw error;
  }
  const agencyKey = batch.envelope.iss;
  if (arrival.admit && !arrival.admit(agencyKey)) throw new AgencyRateLimited(agencyKey);
  // A message without a usable id cannot be named in the receipt: the batch is malformed.
  if (batch.invalid.some((invalid) => invalid.messageId === null)) {
    await refuse(context, arrival, jws, "MALFORMED", "a message without a valid messageId", now);
    throw new ProtocolError("MALFORMED", "a message without a valid messageId");
  }
  // A batch id seen before from this agency is a replay (or a retry that lost our receipt):
  // nothing in it is applied again, and the sender gets the same answer.
  if (!(await recordInboundBatch(deps.db, { agencyKey, batchId: batch.envelope.jti, jws, messageCount: batch.envelope.messages.length }, now))) {
    await refuse(context, arrival, jws, "REPLAY", `batch ${batch.envelope.jti} from ${agencyKey} seen before`, now);
    return { receipts: batch.messages.map((message) => ({ messageId: message.messageId, status: "duplicate" as const })) };
  }
  const receipts: Receipt["receipts"] = [];
  for (const invalid of batch.invalid) {
    if (invalid.messageId) receipts.push({ messageId: invalid.messageId, status: "rejected", code: "INVALID_MESSAGE" });
  }
  receipts.push(...(await receiveAnswers(deps, { agencyKey, batchId: batch.envelope.jti, messages: batch.messages })));
  return { receipts };
}

/** What a refusal keeps of the body: its first 4 KiB (the whole body's hash and size besides), and the header decoded, at most 1 KiB. */
export const KEPT_HEAD_BYTES = 4 * 1024;
export const KEPT_HEADER_BYTES = 1024;

/** At most `bytes` of UTF-8, cut on a character boundary; NUL (which PostgreSQL text cannot hold) shown as U+FFFD. */
function bounded(text: string, bytes: number): string {
  const clean = text.slice(0, bytes).replaceAll("\u0000", "\uFFFD");
  if (Buffer.byteLength(clean) <= bytes) return clean;
  // A character cut in two decodes as U+FFFD (3 bytes): drop it.
  let kept = Buffer.from(clean).subarray(0, bytes).toString("utf8");
  while (Buffer.byteLength(kept) > bytes) kept = kept.slice(0, -1);
  return kept;
}

/** Keeps a bounded record of a refused batch as evidence; what the sender claimed to be is read without trusting it. */
async function refuse(context: InboundContext, arrival: InboundArrival, jws: string, code: string, detail: string, now: Date) {
  let claimedSender: string | null = null;
  let batchId: string | null = null;
  try {
    const claims = JSON.parse(Buffer.from(jws.split(".")[1] ?? "", "base64url").toString("utf8")) as { iss?: unknown; jti?: unknown };
    claimedSender = typeof claims.iss === "string" ? claims.iss.slice(0, 40) : null;
    batchId = typeof claims.jti === "string" ? claims.jti.slice(0, 64) : null;
  } catch {
    // Not even readable: the refusal is recorded without a claimed sender.
  }
  const head = jws.slice(0, KEPT_HEAD_BYTES * 2);
  const headerSegment = head.split(".")[0] ?? "";
  const header = headerSegment.length > 0 ? bounded(Buffer.from(headerSegment.slice(0, KEPT_HEADER_BYTES * 2), "base64url").toString("utf8"), KEPT_HEADER_BYTES) : null;
  await recordRefusal(
    context.deps.db,
    {
      claimedSender: claimedSender === null ? null : bounded(claimedSender, 40),
      batchId: batchId === null ? null : bounded(batchId, 64),
      code,
      detail: bounded(detail, 500),
      jwsSha256: createHash("sha256").update(jws).digest("hex"),
      sizeBytes: Buffer.byteLength(jws),
      header,
      jws: bounded(head, KEPT_HEAD_BYTES),
      sourceAddress: arrival.sourceAddress === null ? null : bounded(arrival.sourceAddress, 64),
    },
    now,
  );
}
