/**
 * What the use cases need of the national identity provider, as a port the identity layer
 * implements (src/identity: the stand-in over HTTP here, the national provider in
 * production): its signing service, and the check of a signing proof's cryptography. The
 * use cases then check what a proof binds (src/app/signing.ts).
 */
import { DomainError } from "../../domain/errors.ts";
import type { Label } from "../../domain/procedures/labels.ts";
import type { ApprovalStatus } from "../../storage/identity/schema.ts";

export interface SigningAuthority {
  /** Pushes a signing request to the person's phone. */
  push(request: { civilId: string; purpose: string; digest: string; summary: Label }): Promise<{ requestId: string; expiresAt: Date }>;
  /** The answer so far, with the proof once approved. */
  status(requestId: string): Promise<{ status: ApprovalStatus; proof: string | null }>;
}

/** A signing proof whose signature, issuer, audience and freshness the provider's keys confirmed. */
export interface VerifiedProof {
  civilId: string;
  digest: string;
  purpose: string;
  requestId: string;
  jti: string;
  signedAt: Date;
  keyId: string;
  issuer: string;
}

export interface IdentityServices {
  authority: SigningAuthority;
  /** Throws SIGNATURE_INVALID or SIGNATURE_EXPIRED for a bad proof, IDENTITY_PROVIDER_UNAVAILABLE when the keys cannot be had. */
  verifyProof(proof: string, now: Date): Promise<VerifiedProof>;
}

/** The identity services, or IDENTITY_PROVIDER_UNAVAILABLE when none is wired (e.g. a tool without a provider). */
export function identityOf(deps: { identity?: IdentityServices | undefined }): IdentityServices {
  if (!deps.identity) throw new DomainError("IDENTITY_PROVIDER_UNAVAILABLE", { cause: "no identity provider configured" });
  return deps.identity;
}
