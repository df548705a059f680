/**
 * What applying an agency's answer comes to, and who it is recorded as: the agency's
 * system (a signed batch) or one of its officers (the agency portal). The answer means the
 * same either way; a portal answer names the officer as the person who acted (role "agency").
 */
import type { Actor } from "../../storage/action-log.ts";

export type ApplyOutcome = { status: "applied" } | { status: "ignored"; reason: string } | { status: "refused"; code: string };

export type AnswerOrigin = { channel: "protocol" } | { channel: "portal"; officerCivilId: string };

export function answerActor(agencyKey: string, origin: AnswerOrigin): Actor {
  return origin.channel === "portal" ? { id: origin.officerCivilId, role: "agency" } : { id: agencyKey, role: "agency" };
}

/** What every action of a portal answer carries besides its own payload. */
export const originPayload = (agencyKey: string, origin: AnswerOrigin): Record<string, unknown> => (origin.channel === "portal" ? { channel: "portal", agencyKey } : {});

/** How an outcome is kept on the stored message: its status and its reason or code. */
export function storedOutcome(outcome: ApplyOutcome): { status: "applied" | "ignored" | "invalid"; error: string | null } {
  if (outcome.status === "applied") return { status: "applied", error: null };
  if (outcome.status === "ignored") return { status: "ignored", error: outcome.reason };
  return { status: "invalid", error: outcome.code };
}
