/**
 * The portal as relying party of the national identity provider (openid-client):
 * authorization code with PKCE, state and nonce, id_token verified against the
 * provider's published keys. The sign-in in progress lives in the database under a
 * random handle the browser holds in a short-lived cookie, so any API node can finish it.
 * The provider's signing service (for signed requests) is reached over its back channel.
 */
import { createHash, randomBytes } from "node:crypto";
import * as oidc from "openid-client";
import { createRemoteJWKSet, type JWTVerifyGetKey } from "jose";
import type { AppDeps } from "../../app/deps.ts";
import type { IdentityClaims } from "../../app/sign-in.ts";
import type { IdentityServices, SigningAuthority } from "../../app/ports/identity.ts";
import { verifySigningProof } from "../signing-proof.ts";
import { DomainError } from "../../domain/errors.ts";
import { isCivilId } from "../../domain/identifiers/index.ts";
import type { ApprovalStatus } from "../../storage/identity/schema.ts";

export interface RelyingPartyOptions {
  deps: AppDeps;
  /** The provider's issuer and the portal's public URL; functions, as they may be known only once the server listens. */
  issuer: () => string;
  publicUrl: () => string;
  clientId: string;
  clientSecret: string;
  /** How soon an unknown key id may make the provider's JWKS be fetched again. */
  jwksCooldownMs?: number;
  /** Seconds to add to our clock when judging the provider's tokens (a provider whose clock is known to differ). */
  clockSkewSeconds?: number;
}

export const LOGIN_STATE_TTL_MS = 10 * 60_000;
const hash = (text: string) => createHash("sha256").update(text).digest("hex");

export class SignInFailed extends Error {
  readonly reason: string;

  constructor(reason: string) {
    super(reason);
    this.reason = reason;
  }
}

export interface CompletedSignIn {
  claims: IdentityClaims;
  idToken: string;
  authTime: Date | null;
  returnTo: string;
}

export class RelyingParty {
  private discovered: Promise<oidc.Configuration> | null = null;
  private keys: JWTVerifyGetKey | null = null;

  private readonly options: RelyingPartyOptions;

  constructor(options: RelyingPartyOptions) {
    this.options = options;
  }

  get clientId(): string {
    return this.options.clientId;
  }

  get issuer(): string {
    return this.options.issuer();
  }

  redirectUri(): string {
    return `${this.options.publicUrl()}/auth/callback`;
  }

  postLogoutRedirectUri(): string {
    return `${this.options.publicUrl()}/auth/logged-out`;
  }

  /** Discovery, once (again after a failure). */
  async configuration(): Promise<oidc.Configuration> {
    if (!this.discovered) {
      const issuer = new URL(this.options.issuer());
      this.discovered = oidc
        .discovery(issuer, this.options.clientId, { client_secret: this.options.clientSecret, [oidc.clockSkew]: this.options.clockSkewSeconds ?? 0 }, oidc.ClientSecretBasic(this.options.clientSecret), {
          ...(issuer.protocol === "http:" ? { execute: [oidc.allowInsecureRequests] } : {}),
        })
        .then((config) => {
          // Verify the id_token's signature too, though it comes straight from the token endpoint.
          oidc.enableNonRepudiationChecks(config);
          return config;
        })
        .catch((error: unknown) => {
          this.discovered = null;
          throw new DomainError("IDENTITY_PROVIDER_UNAVAILABLE", { cause: error instanceof Error ? error.message : String(error) });
        });
    }
    return this.discovered;
  }

  /** Begins a sign-in: a handle for the browser's cookie and the provider URL to send it to. */
  async startLogin(returnTo: string): Promise<{ handle: string; url: URL }> {
    const config = await this.configuration();
    const handle = randomBytes(32).toString("base64url");
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const now = this.options.deps.clock.now();
    await this.options.deps.db
      .insertInto("rp_login_states")
      .values({ handle_hash: hash(handle), state, nonce, code_verifier: codeVerifier, return_to: returnTo, created_at: now, expires_at: new Date(now.getTime() + LOGIN_STATE_TTL_MS), consumed_at: null })
      .execute();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: this.redirectUri(),
      scope: "openid profile email phone civil_id",
      state,
      nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: "S256",
    });
    return { handle, url };
  }

  /**
   * Finishes a sign-in from the callback URL: the handle's state must be unused and
   * unexpired, the provider's answer must carry that state, the code is exchanged with
   * the PKCE verifier, and the id_token's signature, issuer, audience, times and nonce
   * are checked. Throws SignInFailed with the reason otherwise.
   */
  async completeLogin(handle: string | undefined, currentUrl: URL): Promise<CompletedSignIn> {
    if (!handle) throw new SignInFailed("no_login_state");
    const now = this.options.deps.clock.now();
    const state = await this.options.deps.db
      .updateTable("rp_login_states")
      .set({ consumed_at: now })
      .where("handle_hash", "=", hash(handle))
      .where("consumed_at", "is", null)
      .returningAll()
      .executeTakeFirst();
    if (!state) throw new SignInFailed("unknown_or_used_login_state");
    if (state.expires_at <= now) throw new SignInFailed("login_state_expired");
    const providerError = currentUrl.searchParams.get("error");
    if (providerError) throw new SignInFailed(currentUrl.searchParams.get("error_description") ?? providerError);
    const config = await this.configuration();
    let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
    try {
      tokens = await oidc.authorizationCodeGrant(config, currentUrl, {
        pkceCodeVerifier: state.code_verifier,
        expectedState: state.state,
        expectedNonce: state.nonce,
        idTokenExpected: true,
      });
    } catch (error) {
      throw new SignInFailed(error instanceof Error && "code" in error ? String((error as { code: unknown }).code) : "token_exchange_failed");
    }
    const claims = tokens.claims();
    const idToken = tokens.id_token;
    if (!claims || !idToken) throw new SignInFailed("no_id_token");
    const civilId = typeof claims.civil_id === "string" ? claims.civil_id : claims.sub;
    if (!isCivilId(civilId) || civilId !== claims.sub) throw new SignInFailed("civil_id_claim");
    const text = (value: unknown) => (typeof value === "string" && value.trim() ? value : null);
    return {
      claims: {
        civilId,
        nameAr: text(claims.name_ar) ?? text(claims.name) ?? civilId,
        nameEn: text(claims.name_en) ?? text(claims.name) ?? civilId,
        nationality: text(claims.nationality) ?? "KWT",
        email: text(claims.email),
        phone: text(claims.phone_number),
      },
      idToken,
      authTime: typeof claims.auth_time === "number" ? new Date(claims.auth_time * 1000) : null,
      returnTo: state.return_to,
    };
  }

  /** Where to send the browser to end the provider's session too (RP-initiated logout). */
  async endSessionUrl(idToken: string | null): Promise<URL> {
    const config = await this.configuration();
    return oidc.buildEndSessionUrl(config, {
      post_logout_redirect_uri: this.postLogoutRedirectUri(),
      ...(idToken ? { id_token_hint: idToken } : { client_id: this.options.clientId }),
    });
  }

  /** The provider's published keys, fetched from its jwks_uri (cached; refetched for an unknown key id). */
  async proofKeys(): Promise<JWTVerifyGetKey> {
    if (!this.keys) {
      const config = await this.configuration();
      const jwksUri = config.serverMetadata().jwks_uri;
      if (!jwksUri) throw new DomainError("IDENTITY_PROVIDER_UNAVAILABLE", { cause: "no jwks_uri" });
      this.keys = createRemoteJWKSet(new URL(jwksUri), { cooldownDuration: this.options.jwksCooldownMs ?? 30_000 });
    }
    return this.keys;
  }

  /** The use cases' identity port: the signing service, and proofs checked against the provider's keys for this portal. */
  services(): IdentityServices {
    return {
      authority: this.signingAuthority(),
      verifyProof: async (proof, now) => verifySigningProof(proof, { keys: await this.proofKeys(), issuer: this.issuer, audience: this.clientId, now }),
    };
  }

  /** The provider's signing service (its back channel, client-authenticated). */
  signingAuthority(): SigningAuthority {
    const base = () => `${this.options.issuer()}/signing/requests`;
    const authorization = `Basic ${Buffer.from(`${encodeURIComponent(this.options.clientId)}:${encodeURIComponent(this.options.clientSecret)}`).toString("base64")}`;
    const call = async (url: string, init: RequestInit = {}) => {
      let response: Response;
      try {
        response = await fetch(url, { ...init, headers: { authorization, accept: "application/json", ...(init.body ? { "content-type": "application/json" } : {}) }, signal: AbortSignal.timeout(10_000) });
      } catch (error) {
        throw new DomainError("IDENTITY_PROVIDER_UNAVAILABLE", { cause: error instanceof Error ? error.message : String(error) });
      }
      const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
      if (response.status === 422 && body.code === "PERSON_NOT_FOUND") throw new DomainError("PERSON_NOT_FOUND");
      if (!response.ok) throw new DomainError("IDENTITY_PROVIDER_UNAVAILABLE", { status: response.status });
      return body;
    };
    return {
      push: async (request) => {
        const body = await call(base(), { method: "POST", body: JSON.stringify(request) });
        return { requestId: String(body.id), expiresAt: new Date(String(body.expiresAt)) };
      },
      status: async (requestId) => {
        const body = await call(`${base()}/${encodeURIComponent(requestId)}`);
        return { status: body.status as ApprovalStatus, proof: typeof body.proof === "string" ? body.proof : null };
      },
    };
  }
}
