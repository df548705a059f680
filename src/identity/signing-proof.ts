/**
 * The signing proof: a compact JWS (ES256) the identity provider returns when a person
 * approves a signing request on their phone. It binds who signed (civil ID), what was
 * signed (the sha256 digest of the canonical request), when (iat) and a nonce (jti), and
 * anyone holding the provider's published keys (JWKS) can verify it later.
 *
 *   header  { alg: "ES256", kid, typ: "signing-proof+jwt" }
 *   payload { iss, aud, sub: civilId, civil_id, digest: "sha256:<hex>", purpose,
 *             request_id, iat, exp, jti }
 */
import { SignJWT, jwtVerify, errors, type CryptoKey, type JWTVerifyGetKey, type JSONWebKeySet, createLocalJWKSet, type KeyObject } from "jose";
import { DomainError } from "../domain/errors.ts";
import type { VerifiedProof } from "../app/ports/identity.ts";

export const SIGNING_PROOF_TYPE = "signing-proof+jwt";
/** How long a proof may be used after it was made. */
export const SIGNING_PROOF_MAX_AGE_SECONDS = 300;

export interface ProofClaims {
  issuer: string;
  audience: string;
  civilId: string;
  digest: string;
  purpose: string;
  requestId: string;
}

export type { VerifiedProof };

export async function signProof(key: CryptoKey | KeyObject, kid: string, claims: ProofClaims, jti: string, now: Date): Promise<string> {
  const iat = Math.floor(now.getTime() / 1000);
  return new SignJWT({ civil_id: claims.civilId, digest: claims.digest, purpose: claims.purpose, request_id: claims.requestId })
    .setProtectedHeader({ alg: "ES256", kid, typ: SIGNING_PROOF_TYPE })
    .setIssuer(claims.issuer)
    .setAudience(claims.audience)
    .setSubject(claims.civilId)
    .setIssuedAt(iat)
    .setExpirationTime(iat + SIGNING_PROOF_MAX_AGE_SECONDS)
    .setJti(jti)
    .sign(key);
}

export interface VerifyOptions {
  /** The provider's keys: its JWKS document, or a key resolver (e.g. jose's createRemoteJWKSet). */
  keys: JSONWebKeySet | JWTVerifyGetKey;
  issuer: string;
  /** The relying party the proof was made for; omit to accept any (a third party verifying later). */
  audience?: string;
  /** The time to judge freshness at; omit to skip the freshness check (verifying an archived proof). */
  now?: Date;
}

/**
 * Verifies a proof's signature, type, issuer and audience, and (when `now` is given) that
 * it is not older than five minutes. Throws SIGNATURE_INVALID or SIGNATURE_EXPIRED.
 */
export async function verifySigningProof(proof: string, options: VerifyOptions): Promise<VerifiedProof> {
  const getKey: JWTVerifyGetKey = typeof options.keys === "function" ? options.keys : createLocalJWKSet(options.keys);
  try {
    const { payload, protectedHeader } = await jwtVerify(proof, getKey, {
      algorithms: ["ES256"],
      typ: SIGNING_PROOF_TYPE,
      issuer: options.issuer,
      ...(options.audience ? { audience: options.audience } : {}),
      requiredClaims: ["sub", "iat", "exp", "jti"],
      ...(options.now ? { currentDate: options.now, maxTokenAge: SIGNING_PROOF_MAX_AGE_SECONDS, clockTolerance: 30 } : { currentDate: new Date(0) }),
    });
    const { civil_id: civilId, digest, purpose, request_id: requestId } = payload as Record<string, unknown>;
    if (typeof civilId !== "string" || civilId !== payload.sub || typeof digest !== "string" || typeof purpose !== "string" || typeof requestId !== "string") {
      throw new DomainError("SIGNATURE_INVALID", { reason: "claims" });
    }
    return { civilId, digest, purpose, requestId, jti: payload.jti!, signedAt: new Date(payload.iat! * 1000), keyId: protectedHeader.kid ?? "", issuer: payload.iss! };
  } catch (error) {
    if (error instanceof DomainError) throw error;
    if (error instanceof errors.JWTExpired) throw new DomainError("SIGNATURE_EXPIRED");
    if (error instanceof errors.JWTClaimValidationFailed && (error.claim === "iat" || error.claim === "exp")) {
      const tooOld = error.claim === "exp" || /too far in the past/.test(error.message);
      throw new DomainError(tooOld ? "SIGNATURE_EXPIRED" : "SIGNATURE_INVALID", { reason: error.claim });
    }
    // A stable reason of our own, not the library's error code (a detail of jose, not of the API).
    if (error instanceof errors.JOSEError) throw new DomainError("SIGNATURE_INVALID", { reason: error instanceof errors.JWSSignatureVerificationFailed ? "signature" : "proof_unreadable" });
    throw error;
  }
}
