/**
 * The faults a stand-in agency can be told to show, per agency, through the options or
 * the control API. They exist to exercise the hub: retries, idempotency, ordering, and
 * refusing what is not properly signed.
 */
import { z } from "zod";

export const faultsSchema = z
  .object({
    /** Wait this long after accepting a message before acting on it (and replying). */
    delayMs: z.number().int().min(0).max(86_400_000),
    /**
     * Extra wait before results (declaration, seizure result, ban registered, confirmations,
     * statements, identity results) leave, after the ack: "slow declarations".
     */
    declarationDelayMs: z.number().int().min(0).max(86_400_000),
    /**
     * Unavailable: "503" answers every request with 503 and a Retry-After; "refuse" closes
     * the connection without an answer. While down, the agency sends no replies either.
     * `true` means "503".
     */
    down: z.union([z.boolean(), z.enum(["503", "refuse"])]).transform((value) => (value === true ? ("503" as const) : value)),
    /** Share of inbound batches answered with HTTP 500 and not processed (deterministic PRNG). */
    failureRate: z.number().min(0).max(1),
    /**
     * "receipt": inbound batches are processed but answered with a non-JSON body.
     * "unsigned": each reply batch is preceded by a copy with alg "none" (no signature).
     * "forged": ... by a copy signed with a key that is not the published one (same kid).
     * "malformed": ... by a correctly signed batch whose messages (fresh messageIds) break the schema.
     * The genuine batch follows each bad one, so the exchange still completes.
     */
    garbage: z.union([z.literal(false), z.enum(["receipt", "unsigned", "forged", "malformed"])]),
    /** Send every reply batch twice (same messages and messageIds, a new batch id). */
    duplicateReplies: z.boolean(),
    /** Send the replies that are due together one batch each, in reverse or shuffled order. */
    reorderReplies: z.union([z.literal(false), z.enum(["reverse", "shuffle"])]),
    /** Keep replies in the outbox (do not send) until turned off: with reorderReplies, reorders them all. */
    holdReplies: z.boolean(),
    /** Banks: after a lift confirmation, send a late declaration (next sequence) of what was held before the lift. */
    declareAfterLift: z.boolean(),
    /** Lose every reply made while on (as an agency that crashed after its receipts): only a status query brings the answers back. */
    dropReplies: z.boolean(),
    /**
     * Deliberate breaches of the spec, for showing that the conformance kit (src/agencies/conformance)
     * fails an agency that breaks it: "wrongIban" (declarations name IBANs with wrong check digits),
     * "noDedupe" (repeated messageIds are accepted and acted on again), "wrongCodes" (every refused
     * batch answered 400 MALFORMED, whatever the cause), "ignoreStatus" (order.status left unanswered).
     */
    breaches: z.array(z.enum(["wrongIban", "noDedupe", "wrongCodes", "ignoreStatus"])),
  })
  .strict();

export type Faults = z.output<typeof faultsSchema>;
export type FaultsInput = Partial<z.input<typeof faultsSchema>>;

export const faultsPatch = faultsSchema.partial();

export const defaultFaults: Faults = {
  delayMs: 200,
  declarationDelayMs: 0,
  down: false,
  failureRate: 0,
  garbage: false,
  duplicateReplies: false,
  reorderReplies: false,
  holdReplies: false,
  declareAfterLift: false,
  dropReplies: false,
  breaches: [],
};

export type Breach = Faults["breaches"][number];

/** "noDedupe": a repeated messageId is acted on again. */
export const dedupes = (faults: Faults): boolean => !faults.breaches.includes("noDedupe");

/** "wrongCodes": a refused batch is answered 400 MALFORMED whatever the cause (503s stay). */
export function refusalAs(faults: Faults, status: number, code: string): { status: number; code: string } {
  return faults.breaches.includes("wrongCodes") && status !== 503 ? { status: 400, code: "MALFORMED" } : { status, code };
}

/** "ignoreStatus": an order.status is accepted and never answered. */
export const ignores = (faults: Faults, message: { type: string }): boolean => faults.breaches.includes("ignoreStatus") && message.type === "order.status";

/** "wrongIban": a declaration's IBANs get wrong check digits (00 never passes ISO 7064 mod 97). */
export function distortReply<Draft extends { type: string }>(faults: Faults, draft: Draft): Draft {
  if (!faults.breaches.includes("wrongIban") || draft.type !== "attachment.declaration") return draft;
  const declaration = draft as unknown as { accounts: { iban: string; frozen: string }[] };
  return { ...draft, accounts: declaration.accounts.map((account) => ({ ...account, iban: `${account.iban.slice(0, 2)}00${account.iban.slice(4)}` })) };
}

/** Applies a partial change (validated) to a fault configuration. */
export function applyFaults(current: Faults, change: FaultsInput): Faults {
  const parsed = faultsPatch.parse(change);
  const next: Faults = { ...current };
  for (const [key, value] of Object.entries(parsed)) {
    if (value !== undefined) (next as Record<string, unknown>)[key] = value;
  }
  return next;
}
