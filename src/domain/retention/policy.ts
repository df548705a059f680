/**
 * How long tanfeeth keeps operational data that is not part of the enforcement record,
 * and why. The enforcement record itself — files, parties, titles, procedures, agency
 * orders and the batches that carried them, the ledger and treasury, notices with their
 * proofs, documents and the action log — is evidence and is never purged by the system:
 * it leaves only through the department's archive rules, outside this system.
 * Everything here is short-lived by nature: sign-in machinery, approvals, one-time
 * tokens. Keeping it longer than needed only keeps personal data longer than needed.
 */
export interface RetentionRule {
  table: string;
  /** The time column that starts the clock, and the condition that a row is finished. */
  endedColumn: string;
  keepDays: number;
  why: string;
}

export const retentionRules: readonly RetentionRule[] = [
  { table: "sessions", endedColumn: "expires_at", keepDays: 90, why: "sign-in and sign-out are actions in the log; the session row only serves the live session" },
  { table: "rp_login_states", endedColumn: "expires_at", keepDays: 1, why: "a sign-in's state, nonce and PKCE verifier are useless once it expired" },
  { table: "idp_approvals", endedColumn: "expires_at", keepDays: 30, why: "a phone approval lives two minutes; the proof it produced is stored with the action it signed" },
  { table: "idp_sign_in_failures", endedColumn: "failed_at", keepDays: 30, why: "the lockout counts 15 minutes of failures; a month serves abuse investigations" },
  { table: "signing_requests", endedColumn: "expires_at", keepDays: 90, why: "what was signed is in the action payload with its proof" },
  { table: "signature_uses", endedColumn: "used_at", keepDays: 30, why: "a proof is fresh for 5 minutes: older ones are refused anyway, so replay protection needs no more" },
  { table: "machine_tokens", endedColumn: "expires_at", keepDays: 90, why: "a token is an opaque hash; issuance and revocation are actions" },
  { table: "read_log", endedColumn: "read_at", keepDays: 730, why: "who read a debtor's data is kept two years so the debtor and the auditors can look back over a file's enforcement; longer would keep a profile of everyone's reading" },
];

/** The moment before which a finished row of `rule` may go. */
export function retentionCutoff(rule: RetentionRule, now: Date): Date {
  return new Date(now.getTime() - rule.keepDays * 86_400_000);
}
