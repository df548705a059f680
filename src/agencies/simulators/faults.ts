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
};

/** Applies a partial change (validated) to a fault configuration. */
export function applyFaults(current: Faults, change: FaultsInput): Faults {
  const parsed = faultsPatch.parse(change);
  const next: Faults = { ...current };
  for (const [key, value] of Object.entries(parsed)) {
    if (value !== undefined) (next as Record<string, unknown>)[key] = value;
  }
  return next;
}
