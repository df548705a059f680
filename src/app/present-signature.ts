/**
 * Turns what a request carries (a signing request id, or a proof) into checked evidence
 * for the use case: the proof's cryptography is checked by the identity port
 * (`deps.identity.verifyProof`: signature, issuer, audience, freshness). A failure is
 * handed on, not thrown, so the use case refuses it only after its own authorization and
 * rule checks. A machine client's bearer token is its signature.
 */
import { DomainError } from "../domain/errors.ts";
import type { UseCaseContext } from "./context.ts";
import type { AppDeps } from "./deps.ts";
import { identityOf } from "./ports/identity.ts";
import { readSigningRequest } from "./signing-requests.ts";
import type { PresentedSignature } from "./signing.ts";

export interface SignatureFields {
  signingRequestId?: string | undefined;
  signingProof?: string | undefined;
}

export async function presentSignature(deps: AppDeps, context: UseCaseContext, fields: SignatureFields): Promise<PresentedSignature> {
  const { subject } = context;
  if (subject.client) {
    return { method: "client_credentials", clientId: subject.client.clientId, crNumber: subject.client.crNumber, tokenId: subject.client.tokenId };
  }
  let proof = fields.signingProof;
  if (fields.signingRequestId !== undefined && proof === undefined) {
    let request;
    try {
      request = await readSigningRequest(deps, context, fields.signingRequestId);
    } catch (error) {
      if (error instanceof DomainError && error.code === "NOT_FOUND") return new DomainError("SIGNATURE_INVALID", { reason: "unknown_signing_request" });
      throw error;
    }
    if (request.status === "pending") return new DomainError("SIGNATURE_PENDING", { signingRequestId: request.id });
    if (request.status === "rejected") return new DomainError("SIGNATURE_REJECTED", { signingRequestId: request.id });
    if (request.status === "expired" || request.proof === null) return new DomainError("SIGNATURE_EXPIRED", { signingRequestId: request.id });
    proof = request.proof;
  }
  if (proof === undefined) return null;
  try {
    const verified = await identityOf(deps).verifyProof(proof, deps.clock.now());
    return {
      method: "mobile_id",
      proof,
      signer: verified.civilId,
      digest: verified.digest,
      purpose: verified.purpose,
      signedAt: verified.signedAt,
      jti: verified.jti,
      keyId: verified.keyId,
      requestId: verified.requestId,
    };
  } catch (error) {
    if (error instanceof DomainError && error.code !== "IDENTITY_PROVIDER_UNAVAILABLE") return error;
    throw error;
  }
}
