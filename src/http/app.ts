/**
 * The HTTP API: fastify with zod schemas, OpenAPI at /api/openapi.json and docs at
 * /api/docs, one error body for every failure, and session authentication on /api/v1.
 */
import { randomUUID } from "node:crypto";
import cookie from "@fastify/cookie";
import helmet from "@fastify/helmet";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import Fastify, { type FastifyError, type FastifyInstance } from "fastify";
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from "fastify-type-provider-zod";
import type { Logger } from "pino";
import type { AppDeps } from "../app/deps.ts";
import { isDomainError, type ErrorCode } from "../domain/errors.ts";
import { isConnectionError } from "../storage/errors.ts";
import { defaultSessionPolicy, type SessionPolicy } from "../app/sessions.ts";
import { errorBody, errorMap } from "./error-map.ts";
import { inputFaultCodes, scanInput, type InputFaultCode } from "./input-rules.ts";
import { decideProcedureRoute } from "./routes/decide-procedure.ts";
import { reviewQueueRoutes } from "./routes/review-queues.ts";
import { disputeRoutes } from "./routes/disputes.ts";
import { instalmentPlanRoutes } from "./routes/instalment-plans.ts";
import { bulkJobRoutes } from "./routes/bulk-jobs.ts";
import { healthRoutes, type Readiness } from "./routes/health.ts";
import { listFilesRoute } from "./routes/list-files.ts";
import { meRoute } from "./routes/me.ts";
import { openFileRoute } from "./routes/open-file.ts";
import { readFileRoute } from "./routes/read-file.ts";
import { recordLedgerEntryRoute } from "./routes/record-ledger-entry.ts";
import { treasuryRoutes } from "./routes/treasury.ts";
import { requestProcedureRoute } from "./routes/request-procedure.ts";
import { waiveProcedureRoute } from "./routes/waive-procedure.ts";
import { agencyChannelRoutes, type AgencyChannel } from "./routes/agency-channel.ts";
import { agencySchemaRoutes } from "./routes/agency-schemas.ts";
import { agencyMonitorRoutes } from "./routes/agency-monitor.ts";
import { agencyMonitorOverviewRoute } from "./routes/agency-monitor-overview.ts";
import { auditSearchRoute } from "./routes/audit-search.ts";
import { agencyPortalRoutes } from "./routes/agency-portal.ts";
import { registerMetrics, type MetricsOptions } from "./metrics.ts";
import { orderTransferRoute } from "./routes/order-transfer.ts";
import { lapseTravelBanRoute } from "./routes/lapse-travel-ban.ts";
import { reportSuitFilingRoute } from "./routes/report-suit-filing.ts";
import { requestDisclosureRoute } from "./routes/request-disclosure.ts";
import { sessionAuthHook } from "./session-auth.ts";
import { registerApiRateLimit, type ApiRateLimit } from "./api-rate-limit.ts";
import { randomBytes } from "node:crypto";
import { IdentityRuntime, type IdentityOptions } from "../identity/index.ts";
import { idpRoutes } from "../identity/index.ts";
import { authRoutes } from "./routes/auth.ts";
import { companyRepresentativeRoutes } from "./routes/company-representatives.ts";
import { machineClientRoutes } from "./routes/machine-clients.ts";
import { mandateRoutes } from "./routes/mandates.ts";
import { oauthTokenRoute } from "./routes/oauth-token.ts";
import { portalRoutes } from "./routes/portal.ts";
import { webAppRoutes, type DemoAccountRef } from "./web-app.ts";
import { signingRequestRoutes } from "./routes/signing-requests.ts";
import { requestBatchRoutes } from "./routes/request-batches.ts";
import { staffRoleRoutes } from "./routes/staff-roles.ts";
import { readLogRoutes } from "./routes/read-log.ts";
import { documentRoutes } from "./routes/documents.ts";
import { backOfficeRoutes } from "./routes/back-office.ts";
import { verifyRoutes } from "./routes/verify-documents.ts";
import { paymentGatewayRoutes } from "./routes/payment-gateway.ts";
import { paymentRoutes } from "./routes/payments.ts";
import { type DocumentServices } from "../app/documents/services.ts";
import { diskDocumentServices } from "../documents/index.ts";
import { TANFEETH_VERSION } from "../version.ts";

export interface HttpOptions {
  deps: AppDeps;
  readiness: Readiness;
  logger: Logger | false;
  sessionPolicy?: SessionPolicy;
  /** Secure cookies and HSTS; off only for plain-http development on localhost. */
  secureCookies: boolean;
  bodyLimitBytes?: number;
  /** Sign-in and signing (see src/identity); default: the stand-in provider served here, with a random client secret. */
  identity?: IdentityOptions;
  /** The agency protocol endpoints, when this process is the hub's API. */
  agencyChannel?: AgencyChannel;
  /** Prometheus metrics at /metrics; default: on, without a token (development, tests). */
  metrics?: MetricsOptions;
  /** Document storage and upload limit; default: on disk under the system temp dir, 10 MiB (the CLI passes its config). */
  documents?: DocumentServices;
  /** Proxies whose X-Forwarded-For gives the source address (fastify's trustProxy): addresses/CIDRs, comma-separated, or a hop count; default none. */
  trustProxy?: string | number;
  /** Requests per caller on /api/v1 (src/http/api-rate-limit.ts); default 600 a minute. */
  apiRateLimit?: ApiRateLimit;
  /** The demo accounts offered with the stand-in's simulated phone (development). */
  demoAccounts?: readonly DemoAccountRef[];
}

const apiRoutes = [
  listFilesRoute,
  readFileRoute,
  openFileRoute,
  requestProcedureRoute,
  waiveProcedureRoute,
  decideProcedureRoute,
  recordLedgerEntryRoute,
  meRoute,
  signingRequestRoutes,
  requestBatchRoutes,
  staffRoleRoutes,
  readLogRoutes,
  mandateRoutes,
  companyRepresentativeRoutes,
  machineClientRoutes,
  orderTransferRoute,
  requestDisclosureRoute,
  lapseTravelBanRoute,
  reportSuitFilingRoute,
  agencyMonitorRoutes,
  agencyMonitorOverviewRoute,
  agencyPortalRoutes,
  reviewQueueRoutes,
  disputeRoutes,
  instalmentPlanRoutes,
  bulkJobRoutes,
  paymentRoutes,
  treasuryRoutes,
  auditSearchRoute,
];

// Correlation ids from callers are accepted only in a safe shape; otherwise we make one.
const correlationIdPattern = /^[A-Za-z0-9._-]{8,64}$/;

function fastifyErrorCode(error: FastifyError): ErrorCode | null {
  switch (error.code) {
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return "PAYLOAD_TOO_LARGE";
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
      return "UNSUPPORTED_MEDIA_TYPE";
    case "FST_ERR_CTP_INVALID_JSON_BODY":
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
    case "FST_ERR_CTP_INVALID_CONTENT_LENGTH":
    case "FST_ERR_VALIDATION":
    // A path with broken percent-encoding, or a path parameter longer than any id: answered before routing.
    case "FST_ERR_BAD_URL":
    case "FST_ERR_MAX_PARAM_LENGTH":
      return "VALIDATION_FAILED";
    default:
      return error.statusCode === 429 ? "RATE_LIMITED" : null;
  }
}

/** Security headers for an error answered before any hook runs: nothing to render, nothing to frame. */
function bareErrorHeaders(secure: boolean): Record<string, string> {
  return {
    "content-security-policy": "default-src 'none'; frame-ancestors 'none'",
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    ...(secure ? { "strict-transport-security": "max-age=31536000; includeSubDomains" } : {}),
  };
}

const ZOD_VALIDATION_ERROR = Symbol.for("ZodFastifySchemaValidationError");

/** A field's stable code (src/http/input-rules.ts), from a refinement's params or the input scan's. */
function fieldCodeOf(params: unknown): InputFaultCode | null {
  const code = (params as { params?: { code?: unknown }; code?: unknown } | undefined)?.params?.code ?? (params as { code?: unknown } | undefined)?.code;
  return typeof code === "string" && fieldCodes.has(code) ? (code as InputFaultCode) : null;
}
const fieldCodes = new Set<string>(inputFaultCodes);

/**
 * The zod validator, behind the shared input rule: every string of the body, query string
 * and path parameters (keys too) is scanned first, whatever its field's schema says; a fault
 * refuses the request with the field's path and code before anything reads it.
 */
const guardedValidatorCompiler: typeof validatorCompiler = (route) => {
  const validate = validatorCompiler(route);
  if (route.httpPart === "headers") return validate;
  return (data: unknown) => {
    const faults = scanInput(data);
    if (faults.length === 0) return validate(data);
    return {
      error: faults.map((fault) => ({
        [ZOD_VALIDATION_ERROR]: true,
        keyword: "custom",
        instancePath: fault.path,
        schemaPath: `#${fault.path}/custom`,
        message: errorMap[fault.code].en,
        params: { code: fault.code },
      })),
    } as unknown as ReturnType<ReturnType<typeof validatorCompiler>>;
  };
};

export async function buildHttpApp(options: HttpOptions): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: options.logger || undefined,
    logger: options.logger ? undefined : false,
    bodyLimit: options.bodyLimitBytes ?? 256 * 1024,
    ...(options.trustProxy === undefined ? {} : { trustProxy: options.trustProxy }),
    genReqId: (request: { headers: Record<string, string | string[] | undefined> }) => {
      const given = request.headers["x-correlation-id"];
      return typeof given === "string" && correlationIdPattern.test(given) ? given : randomUUID();
    },
    requestIdHeader: false,
    // Errors the router raises before any route or error handler runs: the same error body as every other failure.
    // No hook runs for them (helmet's neither): the headers a JSON error needs are set here.
    frameworkErrors: (error: FastifyError, request: { id: string }, reply: { headers(values: Record<string, string>): { code(status: number): { send(body: unknown): void } } }) => {
      const { status, body } = errorBody(fastifyErrorCode(error) ?? "VALIDATION_FAILED");
      reply.headers({ ...bareErrorHeaders(options.secureCookies), "x-correlation-id": request.id }).code(status).send(body);
    },
  } as never) as unknown as FastifyInstance;
  // JSON only: a text/plain body is what a cross-site form sends; refuse it as the wrong type.
  app.removeContentTypeParser("text/plain");
  app.setValidatorCompiler(guardedValidatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  app.setErrorHandler((error: FastifyError, request, reply) => {
    let code: ErrorCode;
    let details: Record<string, unknown> = {};
    if (isDomainError(error)) {
      code = error.code;
      details = error.details;
    } else if (hasZodFastifySchemaValidationErrors(error)) {
      code = "VALIDATION_FAILED";
      details = {
        issues: error.validation.map((issue) => {
          const fieldCode = fieldCodeOf(issue.params);
          const path = `${error.validationContext ?? ""}${issue.instancePath}`;
          return fieldCode
            ? { path, code: fieldCode, message: errorMap[fieldCode].en, messages: { ar: errorMap[fieldCode].ar, en: errorMap[fieldCode].en } }
            : { path, message: issue.message };
        }),
      };
    } else if (isConnectionError(error)) {
      code = "NOT_READY";
    } else {
      code = fastifyErrorCode(error) ?? "INTERNAL";
    }
    if (code === "INTERNAL" || code === "NOT_READY") request.log.error({ err: error }, "request failed");
    const { status, body } = errorBody(code, details);
    void reply.header("x-correlation-id", request.id).code(status).send(body);
  });
  app.setNotFoundHandler((request, reply) => {
    const { status, body } = errorBody("NOT_FOUND", { path: request.url.split("?")[0] });
    void reply.code(status).send(body);
  });
  app.addHook("onSend", async (request, reply) => {
    void reply.header("x-correlation-id", request.id);
  });
  // Before every route, so each request is counted.
  registerMetrics(app, options.deps, options.metrics ?? { enabled: true });

  await app.register(helmet, {
    hsts: options.secureCookies ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    contentSecurityPolicy: {
      // blob: frames and images: the web application's document viewer shows a downloaded PDF or image inline (made by its own script, never from elsewhere).
      directives: { defaultSrc: ["'self'"], frameAncestors: ["'none'"], imgSrc: ["'self'", "data:", "blob:"], frameSrc: ["'self'", "blob:"], styleSrc: ["'self'", "'unsafe-inline'"] },
    },
  });
  await app.register(cookie);
  await app.register(swagger, {
    openapi: {
      info: {
        title: "tanfeeth API",
        description: "Remote enforcement of civil judgments. Every error has the body { code, message: { ar, en }, details }. Paths are under /api/v1; info.version is the tanfeeth release (CHANGELOG.md).",
        version: TANFEETH_VERSION,
      },
      components: {
        securitySchemes: {
          session: { type: "apiKey", in: "cookie", name: "tanfeeth_session" },
          bearer: { type: "oauth2", flows: { clientCredentials: { tokenUrl: "/oauth/token", scopes: { "files:read": "read the company's files", "procedures:request": "request measures", "procedures:waive": "waive measures" } } } },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: "/api/docs", staticCSP: true });
  app.get("/api/openapi.json", { schema: { hide: true } }, async () => app.swagger());

  app.decorateRequest("session", null);
  app.decorateRequest("subject", null);
  healthRoutes(app.withTypeProvider<ZodTypeProvider>(), options.readiness);
  const documents = options.documents ?? diskDocumentServices({});
  verifyRoutes(app.withTypeProvider<ZodTypeProvider>(), options.deps, documents);
  // The payment gateway's signed callbacks and the payer's return page (src/payments, docs/payments.md).
  paymentGatewayRoutes(app, options.deps);
  // The protocol's JSON Schemas and the agency endpoint's OpenAPI: public, static.
  agencySchemaRoutes(app);
  if (options.agencyChannel) {
    const channel = options.agencyChannel;
    await app.register(async (scope) => agencyChannelRoutes(scope, options.deps, channel));
  }

  const sessionPolicy = options.sessionPolicy ?? defaultSessionPolicy;
  const identity = new IdentityRuntime(
    options.deps,
    options.identity ?? { clientId: "tanfeeth-portal", clientSecret: randomBytes(24).toString("base64url"), standIn: true },
  );
  app.addHook("onListen", async () => {
    const address = app.server.address();
    if (typeof address === "object" && address !== null) {
      const host = address.address === "0.0.0.0" || address.address === "::" ? "127.0.0.1" : address.family === "IPv6" ? `[${address.address}]` : address.address;
      identity.listening(`http://${host}:${address.port}`);
    }
  });
  app.addHook("onClose", async () => identity.close());
  // Reads recorded but not yet written go to the database before it closes.
  app.addHook("onClose", async () => options.deps.readLog.close());
  // The use cases' identity port (signing requests, proof checks) is this provider's.
  options.deps.identity = identity.rp.services();
  const signInRateLimit = identity.options.signInRateLimit ?? 30;
  if (identity.idp) await idpRoutes(app, { idp: identity.idp, mountPath: identity.idpMountPath(), phone: true, signInRateLimit });
  await authRoutes(app, { deps: options.deps, identity, secureCookies: options.secureCookies, sessionPolicy, signInRateLimit });
  await portalRoutes(app, { deps: options.deps, identity, sessionPolicy });
  await webAppRoutes(app, options.deps, { demoPhoneApi: identity.idp ? `${identity.idpMountPath()}/phone/api` : null, ...(options.demoAccounts ? { demoAccounts: options.demoAccounts } : {}) });
  await oauthTokenRoute(app, options.deps, signInRateLimit);

  const authHook = sessionAuthHook(options.deps, sessionPolicy);
  await app.register(async (api) => {
    await registerApiRateLimit(api, options.apiRateLimit);
    api.addHook("onRequest", authHook);
    const router = api.withTypeProvider<ZodTypeProvider>();
    for (const route of apiRoutes) route(router, options.deps);
    documentRoutes(router, options.deps, documents);
    backOfficeRoutes(router, options.deps, documents);
  });
  return app;
}
