/**
 * Identity for one HTTP server: the portal's relying party and, when this process runs
 * it, the stand-in identity provider. URLs may depend on the address the server listens
 * on (PUBLIC_URL unset, port 0 in tests), so they resolve once it listens.
 */
import type { Clock } from "../app/clock.ts";
import type { AppDeps } from "../app/deps.ts";
import type { CivilInformation } from "./idp/civil-information.ts";
import { personsRegistry } from "./idp/civil-information.ts";
import { StandInIdp } from "./idp/provider.ts";
import { RelyingParty } from "./relying-party/relying-party.ts";

export interface IdentityOptions {
  clientId: string;
  clientSecret: string;
  /** The provider's issuer; unset: the stand-in at <publicUrl>/idp. */
  issuer?: string | undefined;
  /** The portal's public base URL; unset: the address the server listens on. */
  publicUrl?: string | undefined;
  /** Serve the stand-in identity provider (and its simulated phone) from this server. */
  standIn: boolean;
  /** The stand-in's clock (approval expiry, signing times); default: the application's. */
  idpClock?: Clock;
  /** The stand-in's source of claims; default: the persons registry. */
  civilInformation?: CivilInformation;
  /** Sign-in attempts per client address per minute, at the portal and at the stand-in. */
  signInRateLimit?: number;
  jwksCooldownMs?: number;
  /** How often the stand-in re-reads its keys (rotation by another node or the CLI). */
  keyRefreshMs?: number;
  /** TLS ends at a proxy in front of the stand-in. */
  behindProxy?: boolean;
}

const trimSlash = (url: string) => url.replace(/\/+$/, "");

export class IdentityRuntime {
  readonly rp: RelyingParty;
  /** The stand-in provider, when served here (made on first use, once the URLs are known). */
  readonly idp: (() => Promise<StandInIdp>) | null;
  private listeningUrl: string | null = null;
  private idpStarted: Promise<StandInIdp> | null = null;
  private refreshTimer: NodeJS.Timeout | null = null;

  private readonly deps: AppDeps;
  readonly options: IdentityOptions;

  constructor(
    deps: AppDeps,
    options: IdentityOptions,
  ) {
    this.deps = deps;
    this.options = options;
    this.rp = new RelyingParty({
      deps,
      issuer: () => this.issuer(),
      publicUrl: () => this.publicUrl(),
      clientId: options.clientId,
      clientSecret: options.clientSecret,
      ...(options.jwksCooldownMs !== undefined ? { jwksCooldownMs: options.jwksCooldownMs } : {}),
    });
    this.idp = options.standIn ? () => this.startIdp() : null;
  }

  /** Called when the server listens: the fallback for unset URLs. */
  listening(url: string): void {
    this.listeningUrl = trimSlash(url);
  }

  publicUrl(): string {
    const url = this.options.publicUrl ?? this.listeningUrl;
    if (!url) throw new Error("the portal's public URL is not known yet (set PUBLIC_URL, or wait until the server listens)");
    return trimSlash(url);
  }

  issuer(): string {
    return trimSlash(this.options.issuer ?? `${this.publicUrl()}/idp`);
  }

  /** The path the stand-in is mounted at (its issuer's path). */
  idpMountPath(): string {
    if (this.options.issuer) return new URL(this.options.issuer).pathname.replace(/\/+$/, "");
    return "/idp";
  }

  private startIdp(): Promise<StandInIdp> {
    if (!this.idpStarted) {
      this.idpStarted = StandInIdp.start({
        db: this.deps.db,
        clock: this.options.idpClock ?? this.deps.clock,
        issuer: this.issuer(),
        civilInformation: this.options.civilInformation ?? personsRegistry(this.deps.db),
        behindProxy: this.options.behindProxy ?? false,
        clients: [
          {
            client_id: this.options.clientId,
            client_secret: this.options.clientSecret,
            redirect_uris: [this.rp.redirectUri()],
            post_logout_redirect_uris: [this.rp.postLogoutRedirectUri()],
          },
        ],
      }).then((idp) => {
        this.refreshTimer = setInterval(() => void idp.refreshKeys().catch(() => undefined), this.options.keyRefreshMs ?? 60_000);
        this.refreshTimer.unref();
        return idp;
      });
      this.idpStarted.catch(() => {
        this.idpStarted = null;
      });
    }
    return this.idpStarted;
  }

  close(): void {
    if (this.refreshTimer) clearInterval(this.refreshTimer);
  }
}
