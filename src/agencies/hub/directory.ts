/**
 * Where each agency is and which keys it signs with. The stand-ins publish every agency
 * under one base URL; a real deployment lists each agency's endpoint and JWKS URL.
 */
import { createRemoteJWKSet, type JWK, type CryptoKey, type JWTVerifyGetKey } from "jose";
import { allAgencyKeys } from "../../domain/procedures/agencies.ts";
import type { KeyResolver } from "../protocol/index.ts";

export class KeysUnavailableError extends Error {
  constructor(issuer: string, cause: unknown) {
    super(`the keys of ${issuer} could not be fetched: ${(cause as Error)?.message ?? cause}`);
    this.name = "KeysUnavailableError";
  }
}

export interface AgencyEndpoint {
  agencyKey: string;
  /** Base URL: batches go to `<endpoint>/messages`. */
  endpoint: string;
  jwksUrl: string;
  /** An agency without an integration: its officers answer in the agency portal, nothing is sent. */
  portalOnly?: boolean;
}

export interface AgencyDirectory {
  endpointOf(agencyKey: string): AgencyEndpoint | undefined;
  resolveKey: KeyResolver;
  agencyKeys(): string[];
}

/** The path of an agency under the stand-in server (the same layout in the simulators). */
export function simulatorPath(agencyKey: string): string {
  return agencyKey.startsWith("bank:") ? `/agencies/bank/${agencyKey.slice(5)}` : `/agencies/${agencyKey}`;
}

export function directoryFromEndpoints(endpoints: readonly AgencyEndpoint[]): AgencyDirectory {
  const byKey = new Map(endpoints.map((endpoint) => [endpoint.agencyKey, endpoint]));
  const keySets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();
  return {
    endpointOf: (agencyKey) => byKey.get(agencyKey),
    agencyKeys: () => [...byKey.keys()],
    resolveKey: async (issuer, kid): Promise<CryptoKey | JWK | undefined> => {
      const endpoint = byKey.get(issuer);
      if (!endpoint) return undefined;
      let keySet = keySets.get(issuer);
      if (!keySet) {
        keySet = createRemoteJWKSet(new URL(endpoint.jwksUrl), { cooldownDuration: 5_000, cacheMaxAge: 10 * 60_000 });
        keySets.set(issuer, keySet);
      }
      try {
        return (await (keySet as JWTVerifyGetKey)({ alg: "ES256", kid }, { payload: "", signature: "" } as never)) as CryptoKey;
      } catch (error) {
        const code = (error as { code?: string }).code;
        // No such key: the sender is unknown. Anything else (unreachable, timeout): try later.
        if (code === "ERR_JWKS_NO_MATCHING_KEY" || code === "ERR_JWKS_MULTIPLE_MATCHING_KEYS") return undefined;
        throw new KeysUnavailableError(issuer, error);
      }
    },
  };
}

export function simulatorDirectory(baseUrl: string): AgencyDirectory {
  const base = baseUrl.replace(/\/$/, "");
  return directoryFromEndpoints(
    allAgencyKeys().map((agencyKey) => ({
      agencyKey,
      endpoint: `${base}${simulatorPath(agencyKey)}`,
      jwksUrl: `${base}${simulatorPath(agencyKey)}/jwks.json`,
    })),
  );
}
