/**
 * The stand-in national identity provider: oidc-provider with our storage, keys from the
 * database, claims from the civil-information port, and the mobile-ID interaction (our
 * pages in ./routes.ts). Keys are re-read periodically so a rotation made on one node
 * (or by `tanfeeth idp rotate-keys`) reaches every node without a restart.
 */
import { randomUUID, timingSafeEqual } from "node:crypto";
import Provider, { type ClientMetadata, type Configuration, type KoaContextWithOIDC } from "oidc-provider";
import { importJWK } from "jose";
import type { Clock } from "../../app/clock.ts";
import type { Db } from "../../storage/database.ts";
import { langOf, esc, page } from "../../lib/html.ts";
import { signProof } from "../signing-proof.ts";
import { Approvals, type Approval } from "./approvals.ts";
import { kyselyAdapterFactory } from "./adapter.ts";
import type { CivilInformation } from "./civil-information.ts";
import { ensureKeys, loadKeys, publicJwk, type KeySet } from "./keys.ts";

export interface IdpOptions {
  db: Db;
  clock: Clock;
  issuer: string;
  clients: ClientMetadata[];
  civilInformation: CivilInformation;
  /** Trust X-Forwarded-* (TLS ends at a proxy in front). */
  behindProxy: boolean;
}

export const scopes = ["openid", "profile", "email", "phone", "civil_id"];

function cookieLang(ctx: KoaContextWithOIDC) {
  return langOf(ctx.query, { lang: ctx.cookies.get("lang") ?? undefined });
}

export class StandInIdp {
  readonly approvals: Approvals;
  readonly mountPath: string;
  private current!: Provider;
  private keys!: KeySet;

  private readonly options: IdpOptions;

  private constructor(options: IdpOptions) {
    this.options = options;
    this.mountPath = new URL(options.issuer).pathname.replace(/\/+$/, "");
    if (!this.mountPath) throw new Error("the identity provider's issuer needs a path, e.g. http://host/idp");
    this.approvals = new Approvals(options.db, options.clock, options.civilInformation, (approval, now) => this.signProofFor(approval, now));
  }

  static async start(options: IdpOptions): Promise<StandInIdp> {
    const idp = new StandInIdp(options);
    idp.keys = await ensureKeys(options.db, options.clock.now());
    idp.current = idp.build();
    return idp;
  }

  get provider(): Provider {
    return this.current;
  }

  get issuer(): string {
    return this.options.issuer;
  }

  /** Picks up keys added or retired elsewhere; the provider is rebuilt (its state is in the database). */
  async refreshKeys(): Promise<boolean> {
    const keys = await loadKeys(this.options.db);
    if (keys.fingerprint === this.keys.fingerprint || keys.signing.length === 0 || keys.cookieSecrets.length === 0) return false;
    this.keys = keys;
    this.current = this.build();
    return true;
  }

  /** The published keys (public halves of every active signing key). */
  jwks(): { keys: ReturnType<typeof publicJwk>[] } {
    return { keys: this.keys.signing.map(publicJwk) };
  }

  private async signProofFor(approval: Approval, now: Date): Promise<string> {
    const jwk = this.keys.signing[0]!;
    const key = await importJWK(jwk, "ES256");
    return signProof(
      key as CryptoKey,
      jwk.kid,
      { issuer: this.options.issuer, audience: approval.client_id, civilId: approval.civil_id, digest: approval.digest!, purpose: approval.purpose!, requestId: approval.id },
      randomUUID(),
      now,
    );
  }

  /** HTTP Basic client authentication for the back-channel (signing) API, against the registered clients. */
  async authenticateClient(header: string | undefined): Promise<string | null> {
    const match = /^Basic ([A-Za-z0-9+/=]+)$/.exec(header ?? "");
    if (!match) return null;
    const decoded = Buffer.from(match[1]!, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon < 0) return null;
    const clientId = decodeURIComponent(decoded.slice(0, colon));
    const secret = decodeURIComponent(decoded.slice(colon + 1));
    const client = this.options.clients.find((candidate) => candidate.client_id === clientId);
    if (!client?.client_secret) return null;
    const a = Buffer.from(secret);
    const b = Buffer.from(client.client_secret);
    return a.length === b.length && timingSafeEqual(a, b) ? clientId : null;
  }

  private build(): Provider {
    const { civilInformation, db } = this.options;
    const mount = this.mountPath;
    const configuration: Configuration = {
      adapter: kyselyAdapterFactory(db),
      clients: this.options.clients,
      // Authorization code only (with PKCE): nothing implicit is advertised or allowed.
      responseTypes: ["code"],
      clientDefaults: {
        grant_types: ["authorization_code"],
        response_types: ["code"],
        id_token_signed_response_alg: "ES256",
        token_endpoint_auth_method: "client_secret_basic",
      },
      jwks: { keys: this.keys.signing as never },
      cookies: { keys: this.keys.cookieSecrets },
      scopes,
      claims: {
        openid: ["sub"],
        profile: ["name", "name_ar", "name_en", "nationality"],
        email: ["email", "email_verified"],
        phone: ["phone_number", "phone_number_verified"],
        civil_id: ["civil_id"],
      },
      // The portal reads everything from the id_token (no userinfo round trip).
      conformIdTokenClaims: false,
      pkce: { required: () => true },
      features: {
        devInteractions: { enabled: false },
        revocation: { enabled: true },
        rpInitiatedLogout: {
          enabled: true,
          logoutSource: (ctx, form) => {
            const lang = cookieLang(ctx);
            ctx.type = "html";
            ctx.body = page({
              lang,
              title: { ar: "تسجيل الخروج", en: "Sign out" },
              body: `${form}<p>${lang === "ar" ? "هل تريد إنهاء جلستك في الهوية الرقمية أيضًا؟" : "Do you also want to end your mobile ID session?"}</p>
<button autofocus type="submit" form="op.logoutForm" name="logout" value="yes" id="confirm-logout">${lang === "ar" ? "نعم، سجّل خروجي" : "Yes, sign me out"}</button>
<button type="submit" form="op.logoutForm" id="keep-session">${lang === "ar" ? "لا" : "No"}</button>`,
            });
          },
          postLogoutSuccessSource: (ctx) => {
            const lang = cookieLang(ctx);
            ctx.type = "html";
            ctx.body = page({ lang, title: { ar: "تم تسجيل الخروج", en: "Signed out" }, body: "" });
          },
        },
      },
      ttl: {
        AuthorizationCode: 60,
        IdToken: 3600,
        AccessToken: 600,
        Interaction: 10 * 60,
        Session: 12 * 3600,
        Grant: 12 * 3600,
      },
      interactions: { url: (_ctx, interaction) => `${mount}/interaction/${interaction.uid}` },
      // The national provider does not ask citizens to consent to a government portal: the grant is made on sign-in.
      loadExistingGrant: async (ctx) => {
        const session = ctx.oidc.session!;
        const client = ctx.oidc.client!;
        const existing = session.grantIdFor(client.clientId);
        if (existing) return ctx.oidc.provider.Grant.find(existing);
        const grant = new ctx.oidc.provider.Grant({ clientId: client.clientId, accountId: session.accountId! });
        grant.addOIDCScope(scopes.join(" "));
        await grant.save();
        session.grantIdFor(client.clientId, grant.jti);
        return grant;
      },
      findAccount: async (_ctx, sub) => {
        const person = await civilInformation.person(sub);
        if (!person) return undefined;
        return {
          accountId: sub,
          claims: async () => ({
            sub,
            civil_id: person.civilId,
            name: person.nameEn,
            name_ar: person.nameAr,
            name_en: person.nameEn,
            nationality: person.nationality,
            ...(person.email ? { email: person.email, email_verified: true } : {}),
            ...(person.phone ? { phone_number: person.phone, phone_number_verified: true } : {}),
          }),
        };
      },
      renderError: (ctx, out) => {
        const lang = cookieLang(ctx);
        ctx.type = "html";
        ctx.body = page({
          lang,
          title: { ar: "تعذر إتمام الطلب", en: "The request could not be completed" },
          body: `<p class="error">${esc(out.error)}</p><p class="muted">${esc(out.error_description ?? "")}</p>`,
        });
      },
    };
    const provider = new Provider(this.options.issuer, configuration);
    provider.proxy = this.options.behindProxy;
    return provider;
  }
}
