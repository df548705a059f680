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

export const protocolErrorStatus: Record<ProtocolError["code"], number> = {
  MALFORMED: 400,
  UNSUPPORTED_VERSION: 400,
  TOO_MANY_MESSAGES: 400,
  UNKNOWN_SENDER: 401,
  BAD_SIGNATURE: 401,
  WRONG_AUDIENCE: 403,
  OUTSIDE_WINDOW: 422,
};

export async function receiveBatch(context: InboundContext, jws: string): Promise<Receipt> {
  const { deps } = context;
  const now = deps.clock.now();
  let batch: Awaited<ReturnType<typeof verifyEnvelope<AgencyMessage>>>;
  try {
    batch = await verifyEnvelope(jws, { audience: HUB_ID, now, resolveKey: context.directory.resolveKey, messageSchema: agencyMessage });
  } catch (error) {
    if (error instanceof ProtocolError) await refuse(context, jws, error.code, error.message, now);
    throw error;
  }
  const agencyKey = batch.envelope.iss;
  // A message without a usable id cannot be named in the receipt: the batch is malformed.
  if (batch.invalid.some((invalid) => invalid.messageId === null)) {
    await refuse(context, jws, "MALFORMED", "a message without a valid messageId", now);
    throw new ProtocolError("MALFORMED", "a message without a valid messageId");
  }
  // A batch id seen before from this agency is a replay (or a retry that lost our receipt):
  // nothing in it is applied again, and the sender gets the same answer.
  if (!(await recordInboundBatch(deps.db, { agencyKey, batchId: batch.envelope.jti, jws, messageCount: batch.envelope.messages.length }, now))) {
    await refuse(context, jws, "REPLAY", `batch ${batch.envelope.jti} from ${agencyKey} seen before`, now);
    return { receipts: batch.messages.map((message) => ({ messageId: message.messageId, status: "duplicate" as const })) };
  }
  const receipts: Receipt["receipts"] = [];
  for (const invalid of batch.invalid) {
    if (invalid.messageId) receipts.push({ messageId: invalid.messageId, status: "rejected", code: "INVALID_MESSAGE" });
  }
  receipts.push(...(await receiveAnswers(deps, { agencyKey, batchId: batch.envelope.jti, messages: batch.messages })));
  return { receipts };
}

const MAX_KEPT_JWS = 64 * 1024;

/** Keeps a refused batch as evidence; what the sender claimed to be is read without trusting it. */
async function refuse(context: InboundContext, jws: string, code: string, detail: string, now: Date) {
  let claimedSender: string | null = null;
  let batchId: string | null = null;
  try {
    const claims = JSON.parse(Buffer.from(jws.split(".")[1] ?? "", "base64url").toString("utf8")) as { iss?: unknown; jti?: unknown };
    claimedSender = typeof claims.iss === "string" ? claims.iss.slice(0, 40) : null;
    batchId = typeof claims.jti === "string" ? claims.jti.slice(0, 64) : null;
  } catch {
    // Not even readable: the refusal is recorded without a claimed sender.
  }
  await recordRefusal(context.deps.db, { claimedSender, batchId, code, detail: detail.slice(0, 500), jwsSha256: createHash("sha256").update(jws).digest("hex"), jws: jws.slice(0, MAX_KEPT_JWS) }, now);
}
