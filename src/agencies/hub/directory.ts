/**
 * Where each agency is and which keys it signs with. The stand-ins publish every agency
 * under one base URL; a real deployment lists each agency's endpoint, JWKS URL and pinned
 * key thumbprints in a directory file (AGENCY_DIRECTORY_FILE), which overrides the
 * stand-ins agency by agency — or replaces them all (`"standIns": false`, or
 * AGENCY_STANDINS=false).
 */
import { calculateJwkThumbprint, createRemoteJWKSet, type JWK, type CryptoKey, type JWTVerifyGetKey } from "jose";
import { z } from "zod";
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
  /**
   * RFC 7638 SHA-256 thumbprints (base64url) of the keys registered at onboarding: when
   * given, a key of the agency's set that is not among them is refused (docs/agency-protocol.md section 4).
   */
  thumbprints?: readonly string[];
}

const thumbprint = z.string().regex(/^[A-Za-z0-9_-]{43}$/, "an RFC 7638 SHA-256 thumbprint, base64url (43 characters)");
const httpUrl = z.url({ protocol: /^https?$/ });

/** One agency in the directory file: exactly these members (a misspelt one is refused, not ignored). */
export const directoryEntrySchema = z
  .object({
    agencyKey: z.string().refine((key) => allAgencyKeys().includes(key), { message: "not a party id of the protocol (section 1)" }),
    endpoint: httpUrl,
    jwksUrl: httpUrl,
    portalOnly: z.boolean().optional(),
    thumbprints: z.array(thumbprint).max(10).optional(),
  })
  .strict();

/** The directory file: a list of agencies, or `{ standIns, agencies }`. */
const directoryListSchema = z.array(directoryEntrySchema);
const directoryObjectSchema = z.object({ standIns: z.boolean().optional(), agencies: directoryListSchema }).strict();

export interface DirectoryFile {
  /** false: the stand-ins are not used at all, only the agencies listed. Undefined: not said. */
  standIns: boolean | undefined;
  agencies: AgencyEndpoint[];
}

/**
 * Reads a directory file, refusing anything off: not JSON, an unknown member, an unknown
 * party id, an agency listed twice, and (when `requireThumbprints`, i.e. in production) an
 * agency with an endpoint and no pinned thumbprint.
 */
export function parseDirectoryFile(text: string, options: { requireThumbprints?: boolean } = {}): DirectoryFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`AGENCY_DIRECTORY_FILE is not JSON: ${(error as Error).message}`);
  }
  // Read by its shape, so that the error names the member that is wrong.
  const parsed = Array.isArray(json) ? directoryListSchema.safeParse(json) : directoryObjectSchema.safeParse(json);
  if (!parsed.success) throw new Error(`AGENCY_DIRECTORY_FILE: ${z.prettifyError(parsed.error)}`);
  const file = Array.isArray(parsed.data) ? { standIns: undefined, agencies: parsed.data } : { standIns: parsed.data.standIns, agencies: parsed.data.agencies };
  const seen = new Set<string>();
  for (const entry of file.agencies) {
    if (seen.has(entry.agencyKey)) throw new Error(`AGENCY_DIRECTORY_FILE: ${entry.agencyKey} is listed twice`);
    seen.add(entry.agencyKey);
    if (options.requireThumbprints && !entry.portalOnly && (entry.thumbprints ?? []).length === 0) {
      throw new Error(`AGENCY_DIRECTORY_FILE: ${entry.agencyKey} has no pinned key thumbprints (required in production)`);
    }
  }
  return { standIns: file.standIns, agencies: file.agencies.map((entry) => ({ ...entry })) };
}

/** The stand-ins, each replaced by the file's entry for the same agency; the file's other agencies added. */
export function overrideEndpoints(base: readonly AgencyEndpoint[], overrides: readonly AgencyEndpoint[]): AgencyEndpoint[] {
  const merged = new Map(base.map((endpoint) => [endpoint.agencyKey, endpoint]));
  for (const endpoint of overrides) merged.set(endpoint.agencyKey, endpoint);
  return [...merged.values()];
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
        const key = (await (keySet as JWTVerifyGetKey)({ alg: "ES256", kid }, { payload: "", signature: "" } as never)) as CryptoKey;
        if (endpoint.thumbprints === undefined || endpoint.thumbprints.length === 0) return key;
        // Pinned: the published key with this kid must be one registered at onboarding.
        const published = keySet.jwks()?.keys.find((candidate) => candidate.kid === kid);
        if (!published || !endpoint.thumbprints.includes(await calculateJwkThumbprint(published, "sha256"))) return undefined;
        return key;
      } catch (error) {
        const code = (error as { code?: string }).code;
        // No such key: the sender is unknown. Anything else (unreachable, timeout): try later.
        if (code === "ERR_JWKS_NO_MATCHING_KEY" || code === "ERR_JWKS_MULTIPLE_MATCHING_KEYS") return undefined;
        throw new KeysUnavailableError(issuer, error);
      }
    },
  };
}

/** Every agency at the stand-in server under `baseUrl`. */
export function simulatorEndpoints(baseUrl: string): AgencyEndpoint[] {
  const base = baseUrl.replace(/\/$/, "");
  return allAgencyKeys().map((agencyKey) => ({
    agencyKey,
    endpoint: `${base}${simulatorPath(agencyKey)}`,
    jwksUrl: `${base}${simulatorPath(agencyKey)}/jwks.json`,
  }));
}

export function simulatorDirectory(baseUrl: string): AgencyDirectory {
  return directoryFromEndpoints(simulatorEndpoints(baseUrl));
}
