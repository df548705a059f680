/**
 * An agency's answer to a disclosure request (Art. 204 bis): its statement of the debtor's
 * funds, or its refusal. Only an agency the request was sent to may answer it.
 */
import type { AgencyMessage } from "../../domain/exchange/messages.ts";
import type { Tx } from "../../storage/action-log.ts";
import { disclosureRequestById } from "../../storage/exchange/repository.ts";
import { openFileAsSystem } from "../locked-file.ts";
import { answerActor, originPayload, type AnswerOrigin, type ApplyOutcome } from "./outcomes.ts";

export type DisclosureAnswerMessage = Extract<AgencyMessage, { type: "disclosure.statement" | "rejection" }>;

export async function applyDisclosureAnswer(options: { tx: Tx; agencyKey: string; message: DisclosureAnswerMessage; origin: AnswerOrigin; now: Date }): Promise<ApplyOutcome> {
  const { tx, agencyKey, message, origin, now } = options;
  const requestId = message.requestId;
  if (!requestId) return { status: "refused", code: "INVALID_ORDER" };
  const request = await disclosureRequestById(tx, requestId);
  if (!request || !request.agencies.includes(agencyKey)) return { status: "refused", code: "UNKNOWN_REQUEST" };
  const { changes } = await openFileAsSystem(tx, request.fileId, answerActor(agencyKey, origin), message.messageId, now);
  changes.record(message.type === "rejection" ? "disclosure.refused" : "disclosure.statement", { payload: { requestId, agencyKey, ...originPayload(agencyKey, origin) } });
  await changes.commit();
  return { status: "applied" };
}
