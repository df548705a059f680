/**
 * Machine clients: an institutional creditor's own system calls the API with OAuth 2.0
 * client credentials. Each client acts for one commercial registration, within scopes;
 * it gets short-lived opaque access tokens. The secret is shown once and stored as its
 * sha256 (it is 256 random bits: a slow hash adds nothing); revoking a client revokes
 * its tokens at once, since every token is checked against the database.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { DomainError } from "../domain/errors.ts";
import { appendActions, REGISTRY_STREAM } from "../storage/action-log.ts";
import type { MachineScope } from "../storage/identity/schema.ts";
import { companyExists } from "../storage/registry/repository.ts";
import { insertMachineClient, insertMachineToken, machineClientCredentials, machineClients, machineTokenByHash, revokeClientAndTokens } from "../storage/identity/repository.ts";
import { actingRole, authorizeGlobally } from "../domain/access/authorization.ts";
import type { UseCaseContext } from "./context.ts";
import type { AppDeps } from "./deps.ts";
import type { MachineClientIdentity, Subject } from "../domain/access/subject.ts";

export const machineScopes = ["files:read", "procedures:request", "procedures:waive"] as const satisfies readonly MachineScope[];
export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

export interface CreatedClient {
  clientId: string;
  /** Shown once; only its hash is kept. */
  clientSecret: string;
  crNumber: string;
  name: string;
  scopes: MachineScope[];
  createdAt: Date;
}

export async function createMachineClient(
  deps: AppDeps,
  context: UseCaseContext,
  input: { crNumber: string; name: string; scopes: MachineScope[] },
): Promise<CreatedClient> {
  authorizeGlobally(context.subject, "clients.manage");
  const scopes = [...new Set(input.scopes)].sort() as MachineScope[];
  if (scopes.length === 0) throw new DomainError("VALIDATION_FAILED", { field: "scopes" });
  const now = deps.clock.now();
  const clientId = `mc_${randomBytes(9).toString("base64url")}`;
  const clientSecret = randomBytes(32).toString("base64url");
  await deps.db.transaction().execute(async (tx) => {
    if (!(await companyExists(tx, input.crNumber))) throw new DomainError("COMPANY_NOT_FOUND", { crNumber: input.crNumber });
    await insertMachineClient(tx, { clientId, secretHash: sha256(clientSecret), crNumber: input.crNumber, name: input.name, scopes, createdBy: context.subject.civilId, createdAt: now });
    await appendActions(tx, [
      {
        stream: REGISTRY_STREAM,
        actor: { id: context.subject.civilId, role: actingRole(context.subject, null, "clients.manage") },
        kind: "registry.machine_client.create",
        payload: { clientId, crNumber: input.crNumber, name: input.name, scopes },
        correlationId: context.correlationId,
        occurredAt: now,
      },
    ]);
  });
  return { clientId, clientSecret, crNumber: input.crNumber, name: input.name, scopes, createdAt: now };
}

export async function listMachineClients(deps: AppDeps, context: UseCaseContext) {
  authorizeGlobally(context.subject, "clients.manage");
  return machineClients(deps.db);
}

export async function revokeMachineClient(deps: AppDeps, context: UseCaseContext, input: { clientId: string; reason: string }) {
  authorizeGlobally(context.subject, "clients.manage");
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (tx) => {
    if (!(await revokeClientAndTokens(tx, input.clientId, now))) throw new DomainError("NOT_FOUND", { clientId: input.clientId });
    await appendActions(tx, [
      {
        stream: REGISTRY_STREAM,
        actor: { id: context.subject.civilId, role: actingRole(context.subject, null, "clients.manage") },
        kind: "registry.machine_client.revoke",
        payload: { clientId: input.clientId },
        reason: input.reason,
        correlationId: context.correlationId,
        occurredAt: now,
      },
    ]);
    return { clientId: input.clientId, revokedAt: now };
  });
}

export type TokenRefusal = "invalid_client" | "invalid_scope";

/**
 * The token endpoint's decision (RFC 6749 §4.4): a valid, unrevoked client gets a token
 * for the scopes it asked for (all of its scopes if it asked for none), never more.
 */
export async function issueAccessToken(
  deps: AppDeps,
  credentials: { clientId: string; clientSecret: string; scope: string | undefined },
): Promise<{ accessToken: string; expiresIn: number; scope: string } | { refused: TokenRefusal }> {
  const client = await machineClientCredentials(deps.db, credentials.clientId);
  const presented = Buffer.from(sha256(credentials.clientSecret));
  const expected = Buffer.from(client?.secretHash ?? sha256(randomBytes(16).toString("hex")));
  if (!client || client.revokedAt !== null || !timingSafeEqual(presented, expected)) return { refused: "invalid_client" };
  const asked = credentials.scope?.trim() ? credentials.scope.trim().split(/\s+/) : client.scopes;
  if (!asked.every((scope) => (client.scopes as string[]).includes(scope))) return { refused: "invalid_scope" };
  const scopes = [...new Set(asked)].sort();
  const now = deps.clock.now();
  const accessToken = `mt_${randomBytes(32).toString("base64url")}`;
  await insertMachineToken(deps.db, { tokenHash: sha256(accessToken), clientId: client.clientId, scopes, issuedAt: now, expiresAt: new Date(now.getTime() + ACCESS_TOKEN_TTL_SECONDS * 1000) });
  return { accessToken, expiresIn: ACCESS_TOKEN_TTL_SECONDS, scope: scopes.join(" ") };
}

export type BearerRefusal = "token_invalid" | "token_expired" | "token_revoked";

/** The subject a bearer token stands for: the client's company, within the token's scopes. */
export async function subjectForAccessToken(deps: AppDeps, token: string): Promise<Subject | BearerRefusal> {
  const tokenHash = sha256(token);
  const row = await machineTokenByHash(deps.db, tokenHash);
  if (!row) return "token_invalid";
  if (row.tokenRevokedAt !== null || row.clientRevokedAt !== null) return "token_revoked";
  if (row.expiresAt <= deps.clock.now()) return "token_expired";
  const client: MachineClientIdentity = { clientId: row.clientId, crNumber: row.crNumber, scopes: row.scopes as MachineScope[], tokenId: tokenHash.slice(0, 16) };
  return { civilId: `client:${row.clientId}`, staffRoles: [], companies: [row.crNumber], mandates: [], client };
}
