/**
 * The token endpoint for machine clients (OAuth 2.0 client credentials, RFC 6749 §4.4):
 * form-encoded, client authenticated by HTTP Basic or in the body, errors in OAuth's own
 * format. Tokens are opaque and checked against the database on every call, so revoking
 * a client takes effect at once.
 */
import formbody from "@fastify/formbody";
import rateLimit from "@fastify/rate-limit";
import type { FastifyError, FastifyInstance } from "fastify";
import type { AppDeps } from "../../app/deps.ts";
import { issueAccessToken } from "../../app/machine-clients.ts";
import { scanInput, textFault } from "../input-rules.ts";

function basicCredentials(header: string | undefined): { clientId: string; clientSecret: string } | null {
  const match = /^Basic ([A-Za-z0-9+/=]+)$/.exec(header ?? "");
  if (!match) return null;
  const decoded = Buffer.from(match[1]!, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return null;
  try {
    return { clientId: decodeURIComponent(decoded.slice(0, colon)), clientSecret: decodeURIComponent(decoded.slice(colon + 1)) };
  } catch {
    // Broken percent-encoding (RFC 6749 §2.3.1 form-encodes both parts): not credentials at all.
    return null;
  }
}

export async function oauthTokenRoute(app: FastifyInstance, deps: AppDeps, rateLimitPerMinute: number): Promise<void> {
  await app.register(async (scope) => {
    await scope.register(formbody);
    await scope.register(rateLimit, { global: false });
    // A body that cannot be read (bad JSON, an unknown media type, too large) fails before the
    // handler: answered in RFC 6749 §5.2's format too. Rate limits and our own faults go on to the app's handler.
    scope.setErrorHandler((error: FastifyError, _request, reply) => {
      const status = error.statusCode ?? 500;
      if (status === 429 || status >= 500) throw error;
      return reply.header("cache-control", "no-store").code(400).send({ error: "invalid_request", error_description: "the body could not be read: send it as application/x-www-form-urlencoded" });
    });
    scope.post(
      "/oauth/token",
      {
        config: { rateLimit: { max: rateLimitPerMinute, timeWindow: 60_000 } },
        schema: { summary: "Machine clients: an access token by client credentials (form-encoded, RFC 6749 §4.4)", tags: ["access"] },
      },
      async (request, reply) => {
        void reply.header("cache-control", "no-store").header("pragma", "no-cache");
        const body = (request.body ?? {}) as Record<string, unknown>;
        const refuse = (status: number, error: string, description: string) => reply.code(status).send({ error, error_description: description });
        if (!String(request.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded")) {
          return refuse(400, "invalid_request", "the body must be application/x-www-form-urlencoded");
        }
        // The shared input rule (src/http/input-rules.ts), in OAuth's own error format: this route has no zod body.
        if (scanInput(body).length > 0) return refuse(400, "invalid_request", "a field carries control, bidi or invalid characters");
        if (body.grant_type !== "client_credentials") return refuse(400, "unsupported_grant_type", "only client_credentials");
        const credentials =
          basicCredentials(request.headers.authorization) ??
          (typeof body.client_id === "string" && typeof body.client_secret === "string" ? { clientId: body.client_id, clientSecret: body.client_secret } : null);
        if (!credentials) {
          void reply.header("www-authenticate", 'Basic realm="tanfeeth"');
          return refuse(401, "invalid_client", "client authentication required");
        }
        if (textFault(credentials.clientId, { newlines: false }) || textFault(credentials.clientSecret, { newlines: false })) {
          return refuse(400, "invalid_request", "the client credentials carry control, bidi or invalid characters");
        }
        const issued = await issueAccessToken(deps, { ...credentials, scope: typeof body.scope === "string" ? body.scope : undefined });
        if ("refused" in issued) {
          return issued.refused === "invalid_client" ? refuse(401, "invalid_client", "unknown, revoked or wrongly authenticated client") : refuse(400, "invalid_scope", "a scope the client does not hold");
        }
        return { access_token: issued.accessToken, token_type: "Bearer", expires_in: issued.expiresIn, scope: issued.scope };
      },
    );
  });
}
