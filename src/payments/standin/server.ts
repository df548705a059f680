/**
 * A stand-in for the card network's payment gateway (KNET-style hosted payment page),
 * never for production: its own HTTP server, like the stand-in agencies. It speaks the
 * protocol in src/payments/knet-protocol.ts and keeps its state in memory.
 *
 *   POST /gateway/v1/payments                          create (idempotent by the merchant's reference)
 *   GET  /gateway/v1/payments/by-reference/:reference  status query
 *   POST /gateway/v1/payments/:paymentId/refunds       refund (idempotent by refundReference)
 *   GET  /pay/:paymentId                               the hosted payment page (the payer's browser)
 *   POST /pay/:paymentId                               the page's form: card, expiry, PIN; pay or cancel
 * After the payer decides, the result is sent to the merchant's callback URL, signed, with a
 * fresh nonce (retried on network errors and 5xx), then the browser is redirected back.
 *
 * Control API (tests, demo): GET/PATCH /control/faults (decline, lose or duplicate
 * callbacks, delay them, be down), GET /control/payments[/:paymentId],
 * POST /control/payments/:paymentId/callback (notify again, fresh nonce), POST /control/reset,
 * POST /control/idle.
 */
import formbody from "@fastify/formbody";
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from "fastify";
import { randomBytes, randomInt } from "node:crypto";
import { z } from "zod";
import { canonicalJson } from "../../domain/audit/canonical-json.ts";
import type { Lang } from "../../lib/html.ts";
import {
  CALLBACK_SIGNATURE_HEADER,
  MERCHANT_HEADER,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  callbackSignature,
  createPaymentBody,
  refundBody,
  requestSignature,
  responseSignature,
  signatureMatches,
  type CallbackBody,
  type PaymentView,
  type WireResult,
} from "../knet-protocol.ts";
import { STANDIN_MERCHANT_ID, STANDIN_MERCHANT_SECRET, standInTestCards } from "./defaults.ts";
import { paymentFormPage, paymentResultPage } from "./hosted-page.ts";

export interface Merchant {
  merchantId: string;
  secret: string;
  name: { ar: string; en: string };
}

export const paymentFaultsSchema = z
  .object({
    /** Every payment is declined by the issuer, whatever the card. */
    decline: z.boolean(),
    /** Results are never sent to the merchant's callback URL (only a status query finds them). */
    loseCallbacks: z.boolean(),
    /** Every callback is sent twice, the same body, signature and nonce (the second is a replay). */
    duplicateCallbacks: z.boolean(),
    /** Callbacks leave this long after the payer decided (the browser is redirected at once). */
    callbackDelayMs: z.number().int().min(0).max(3_600_000),
    /** The gateway's API and page answer 503. */
    down: z.boolean(),
  })
  .strict();
export type PaymentFaults = z.infer<typeof paymentFaultsSchema>;
export const defaultPaymentFaults: PaymentFaults = { decline: false, loseCallbacks: false, duplicateCallbacks: false, callbackDelayMs: 0, down: false };

export interface PaymentStandInOptions {
  merchants?: readonly Merchant[];
  /** For timestamps, the replay window and session expiry (tests share the hub's clock). */
  now?: () => Date;
  /** The address payers' browsers reach the page at, when not the listening address. */
  publicUrl?: string;
  /** A payment page left unpaid this long expires (KNET: 15 minutes). */
  sessionTimeoutMs?: number;
  faults?: Partial<PaymentFaults>;
  /** Callback retries: first delay (doubling) and the number of attempts. */
  retry?: { baseMs?: number; maxAttempts?: number };
  logger?: FastifyServerOptions["logger"];
}

type Status = "INITIATED" | WireResult;

interface CallbackAttempt {
  nonce: string;
  at: string;
  httpStatus: number | null;
  error?: string;
}

interface StandInPayment {
  paymentId: string;
  merchant: Merchant;
  reference: string;
  amount: bigint;
  description: { ar: string; en: string };
  language: Lang;
  returnUrl: string;
  callbackUrl: string;
  status: Status;
  pageToken: string;
  createdAt: Date;
  decidedAt?: Date;
  authCode?: string;
  gatewayReference?: string;
  transactionId?: string;
  declineReason?: string;
  refunds: { refundId: string; refundReference: string; amount: bigint; at: Date }[];
  callbacks: CallbackAttempt[];
}

export interface PaymentStandIn {
  readonly app: FastifyInstance;
  readonly url: string | undefined;
  listen(options?: { port?: number; host?: string }): Promise<string>;
  setFaults(change: Partial<PaymentFaults>): PaymentFaults;
  readonly faults: PaymentFaults;
  /** The gateway's record of a payment, by the merchant's reference. */
  byReference(reference: string): PaymentView | undefined;
  /** Resolves when no callback is being sent or waiting to be. */
  idle(timeoutMs?: number): Promise<void>;
  reset(): void;
  close(): Promise<void>;
}

const REQUEST_WINDOW_MS = 300_000;
const digits = (count: number) => Array.from({ length: count }, () => randomInt(10)).join("");

class GatewayError extends Error {
  readonly statusCode: number;
  readonly code: string;

  constructor(
    statusCode: number,
    code: string,
    message: string,
  ) {
    super(message);
    this.statusCode = statusCode;
    this.code = code;
  }
}

export function createPaymentStandIn(options: PaymentStandInOptions = {}): PaymentStandIn {
  const merchants = new Map((options.merchants ?? [{ merchantId: STANDIN_MERCHANT_ID, secret: STANDIN_MERCHANT_SECRET, name: { ar: "الإدارة العامة للتنفيذ", en: "Enforcement Department" } }]).map((merchant) => [merchant.merchantId, merchant]));
  const now = options.now ?? (() => new Date());
  const sessionTimeoutMs = options.sessionTimeoutMs ?? 15 * 60_000;
  const retryBaseMs = options.retry?.baseMs ?? 200;
  const maxAttempts = options.retry?.maxAttempts ?? 8;
  let faults: PaymentFaults = { ...defaultPaymentFaults, ...options.faults };
  const payments = new Map<string, StandInPayment>();
  const byMerchantReference = new Map<string, StandInPayment>();
  let inFlight = 0;
  let listeningUrl: string | undefined;
  const timers = new Set<NodeJS.Timeout>();

  const app = Fastify({ logger: options.logger ?? false });
  // Requests are signed over their exact bytes: keep them.
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "string" }, (request, body, done) => {
    (request as FastifyRequest & { rawBody?: string }).rawBody = body as string;
    try {
      done(null, body === "" ? {} : JSON.parse(body as string));
    } catch {
      done(new GatewayError(400, "INVALID_JSON", "the body is not JSON"), undefined);
    }
  });
  void app.register(formbody);
  app.setErrorHandler((error, _request, reply) => {
    if (error instanceof GatewayError) return reply.status(error.statusCode).send({ code: error.code, message: error.message });
    if (error instanceof z.ZodError) return reply.status(400).send({ code: "VALIDATION_FAILED", message: z.prettifyError(error) });
    const status = (error as { statusCode?: number }).statusCode;
    if (status && status >= 400 && status < 500) return reply.status(status).send({ code: "BAD_REQUEST", message: (error as Error).message });
    return reply.status(500).send({ code: "INTERNAL", message: "internal error" });
  });
  app.addHook("onRequest", async (request, reply) => {
    if (faults.down && !request.url.startsWith("/control/")) {
      return reply.code(503).header("retry-after", "5").send({ code: "UNAVAILABLE", message: "the gateway is down (fault injected)" });
    }
  });

  const pageBase = () => (options.publicUrl ?? listeningUrl ?? "").replace(/\/+$/, "");

  /** Expiry is lazy: a page left unpaid past the session timeout is expired when next looked at. */
  const current = (payment: StandInPayment): StandInPayment => {
    if (payment.status === "INITIATED" && now().getTime() - payment.createdAt.getTime() > sessionTimeoutMs) {
      payment.status = "EXPIRED";
      payment.decidedAt = now();
    }
    return payment;
  };

  const viewOf = (payment: StandInPayment): PaymentView => {
    current(payment);
    const refunded = payment.refunds.reduce((sum, refund) => sum + refund.amount, 0n);
    return {
      paymentId: payment.paymentId,
      reference: payment.reference,
      amountFils: payment.amount.toString(),
      currency: "KWD",
      status: payment.status,
      paymentPageUrl: `${pageBase()}/pay/${payment.paymentId}`,
      ...(payment.authCode ? { authCode: payment.authCode } : {}),
      ...(payment.gatewayReference ? { gatewayReference: payment.gatewayReference } : {}),
      ...(payment.transactionId ? { transactionId: payment.transactionId } : {}),
      ...(payment.decidedAt ? { decidedAt: payment.decidedAt.toISOString() } : {}),
      refundedFils: refunded.toString(),
    };
  };

  /** The merchant a signed API request comes from; refused unless signed, fresh and known. */
  const authenticate = (request: FastifyRequest): Merchant => {
    const merchant = merchants.get(String(request.headers[MERCHANT_HEADER] ?? ""));
    const timestamp = String(request.headers[TIMESTAMP_HEADER] ?? "");
    const at = new Date(timestamp);
    const raw = (request as FastifyRequest & { rawBody?: string }).rawBody ?? "";
    if (!merchant || !signatureMatches(requestSignature(merchant.secret, request.method, request.url, timestamp, raw), request.headers[SIGNATURE_HEADER])) {
      throw new GatewayError(401, "UNAUTHENTICATED", "unknown merchant or bad signature");
    }
    if (!Number.isFinite(at.getTime()) || Math.abs(now().getTime() - at.getTime()) > REQUEST_WINDOW_MS) throw new GatewayError(401, "STALE_REQUEST", "the request's timestamp is outside the window");
    return merchant;
  };

  const signed = (reply: FastifyReply, request: FastifyRequest, merchant: Merchant, status: number, payload: unknown) => {
    const body = JSON.stringify(payload);
    const timestamp = now().toISOString();
    return reply
      .status(status)
      .header(TIMESTAMP_HEADER, timestamp)
      .header(SIGNATURE_HEADER, responseSignature(merchant.secret, request.url, timestamp, body))
      .type("application/json")
      .send(body);
  };

  const ownPayment = (merchant: Merchant, paymentId: string): StandInPayment => {
    const payment = payments.get(paymentId);
    if (!payment || payment.merchant.merchantId !== merchant.merchantId) throw new GatewayError(404, "UNKNOWN_PAYMENT", "no such payment");
    return current(payment);
  };

  // ---- merchant API ------------------------------------------------------------------------

  app.post("/gateway/v1/payments", async (request, reply) => {
    const merchant = authenticate(request);
    const input = createPaymentBody.parse(request.body);
    const key = `${merchant.merchantId}:${input.reference}`;
    const known = byMerchantReference.get(key);
    if (known) {
      if (known.amount !== BigInt(input.amountFils)) throw new GatewayError(409, "REFERENCE_REUSED", "this reference was used for another amount");
      return signed(reply, request, merchant, 200, viewOf(known));
    }
    const payment: StandInPayment = {
      paymentId: digits(18),
      merchant,
      reference: input.reference,
      amount: BigInt(input.amountFils),
      description: { ar: input.descriptionAr, en: input.descriptionEn },
      language: input.language,
      returnUrl: input.returnUrl,
      callbackUrl: input.callbackUrl,
      status: "INITIATED",
      pageToken: randomBytes(18).toString("base64url"),
      createdAt: now(),
      refunds: [],
      callbacks: [],
    };
    payments.set(payment.paymentId, payment);
    byMerchantReference.set(key, payment);
    return signed(reply, request, merchant, 201, viewOf(payment));
  });

  app.get("/gateway/v1/payments/by-reference/:reference", async (request, reply) => {
    const merchant = authenticate(request);
    const { reference } = z.object({ reference: z.string().max(100) }).parse(request.params);
    const payment = byMerchantReference.get(`${merchant.merchantId}:${reference}`);
    if (!payment) return signed(reply, request, merchant, 404, { code: "UNKNOWN_PAYMENT", message: "no payment under this reference" });
    return signed(reply, request, merchant, 200, viewOf(payment));
  });

  app.post("/gateway/v1/payments/:paymentId/refunds", async (request, reply) => {
    const merchant = authenticate(request);
    const { paymentId } = z.object({ paymentId: z.string().max(100) }).parse(request.params);
    const input = refundBody.parse(request.body);
    const payment = ownPayment(merchant, paymentId);
    const amount = BigInt(input.amountFils);
    const known = payment.refunds.find((refund) => refund.refundReference === input.refundReference);
    if (known) {
      if (known.amount !== amount) throw new GatewayError(409, "REFERENCE_REUSED", "this refund reference was used for another amount");
      return signed(reply, request, merchant, 200, { refundId: known.refundId, refundReference: known.refundReference, amountFils: known.amount.toString(), status: "REFUNDED" });
    }
    if (payment.status !== "CAPTURED") throw new GatewayError(409, "NOT_CAPTURED", "only a captured payment can be refunded");
    const refunded = payment.refunds.reduce((sum, refund) => sum + refund.amount, 0n);
    if (refunded + amount > payment.amount) throw new GatewayError(422, "REFUND_EXCEEDS_PAYMENT", "the refunds would exceed the payment");
    const refund = { refundId: digits(18), refundReference: input.refundReference, amount, at: now() };
    payment.refunds.push(refund);
    return signed(reply, request, merchant, 201, { refundId: refund.refundId, refundReference: refund.refundReference, amountFils: amount.toString(), status: "REFUNDED" });
  });

  // ---- the hosted payment page ---------------------------------------------------------------

  const pageFor = (payment: StandInPayment, error?: { ar: string; en: string }) =>
    paymentFormPage({ paymentId: payment.paymentId, lang: payment.language, merchant: payment.merchant.name, description: payment.description, amount: payment.amount, token: payment.pageToken, error });

  const resultText: Record<WireResult, { ar: string; en: string }> = {
    CAPTURED: { ar: "تمت عملية الدفع بنجاح.", en: "The payment was successful." },
    NOT_CAPTURED: { ar: "رُفضت عملية الدفع.", en: "The payment was declined." },
    CANCELED: { ar: "أُلغيت عملية الدفع.", en: "The payment was cancelled." },
    EXPIRED: { ar: "انتهت مهلة عملية الدفع.", en: "The payment session has expired." },
  };

  app.get("/pay/:paymentId", async (request, reply) => {
    const { paymentId } = z.object({ paymentId: z.string().max(100) }).parse(request.params);
    const payment = payments.get(paymentId);
    void reply.type("text/html; charset=utf-8").header("cache-control", "no-store");
    if (!payment) return reply.code(404).send(paymentResultPage("ar", { ar: "عملية دفع غير معروفة.", en: "Unknown payment." }, null));
    current(payment);
    if (payment.status !== "INITIATED") return reply.send(paymentResultPage(payment.language, resultText[payment.status], payment.returnUrl));
    return reply.send(pageFor(payment));
  });

  const formSchema = z.object({
    token: z.string().max(100),
    action: z.enum(["pay", "cancel"]),
    card: z.string().max(40).optional(),
    expiry: z.string().max(10).optional(),
    pin: z.string().max(10).optional(),
  });

  app.post("/pay/:paymentId", async (request, reply) => {
    const { paymentId } = z.object({ paymentId: z.string().max(100) }).parse(request.params);
    const form = formSchema.safeParse(request.body);
    const payment = payments.get(paymentId);
    void reply.type("text/html; charset=utf-8").header("cache-control", "no-store");
    if (!payment) return reply.code(404).send(paymentResultPage("ar", { ar: "عملية دفع غير معروفة.", en: "Unknown payment." }, null));
    // The page's own token: a form posted from anywhere else decides nothing.
    if (!form.success || !signatureMatches(payment.pageToken, form.data.token)) return reply.code(403).send(paymentResultPage(payment.language, { ar: "طلب غير صالح.", en: "Invalid request." }, null));
    current(payment);
    if (payment.status !== "INITIATED") return reply.code(409).send(paymentResultPage(payment.language, resultText[payment.status], payment.returnUrl));
    if (form.data.action === "cancel") {
      decide(payment, "CANCELED");
    } else {
      const card = (form.data.card ?? "").replace(/[\s-]/g, "");
      const expiry = /^(0[1-9]|1[0-2])\/(\d{2})$/.exec(form.data.expiry ?? "");
      const today = now();
      const expired = expiry ? Number(`20${expiry[2]}`) * 12 + Number(expiry[1]) < today.getUTCFullYear() * 12 + today.getUTCMonth() + 1 : true;
      if (!/^\d{16}$/.test(card) || expired || !/^\d{4}$/.test(form.data.pin ?? "")) {
        return reply.code(422).send(pageFor(payment, { ar: "تحقق من رقم البطاقة وتاريخ انتهائها والرقم السري.", en: "Check the card number, its expiry date and the PIN." }));
      }
      if (faults.decline) decide(payment, "NOT_CAPTURED", "declined by the issuer (fault injected)");
      else if (card === standInTestCards.approved) decide(payment, "CAPTURED");
      else if (card === standInTestCards.insufficientFunds) decide(payment, "NOT_CAPTURED", "insufficient funds");
      else decide(payment, "NOT_CAPTURED", "card not recognised");
    }
    // As KNET does, the merchant hears the result before the browser is sent back.
    await notify(payment);
    const back = new URL(payment.returnUrl);
    back.searchParams.set("reference", payment.reference);
    return reply.code(303).header("location", back.toString()).send(paymentResultPage(payment.language, resultText[payment.status as WireResult], back.toString()));
  });

  function decide(payment: StandInPayment, status: WireResult, reason?: string) {
    payment.status = status;
    payment.decidedAt = now();
    payment.transactionId = digits(16);
    payment.gatewayReference = digits(12);
    if (status === "CAPTURED") payment.authCode = digits(6);
    if (reason) payment.declineReason = reason;
  }

  // ---- callbacks -----------------------------------------------------------------------------

  const callbackOf = (payment: StandInPayment): CallbackBody => ({
    type: "payment.result",
    merchantId: payment.merchant.merchantId,
    paymentId: payment.paymentId,
    reference: payment.reference,
    amountFils: payment.amount.toString(),
    currency: "KWD",
    result: payment.status as WireResult,
    ...(payment.authCode ? { authCode: payment.authCode } : {}),
    ...(payment.gatewayReference ? { gatewayReference: payment.gatewayReference } : {}),
    ...(payment.transactionId ? { transactionId: payment.transactionId } : {}),
    ...(payment.decidedAt ? { decidedAt: payment.decidedAt.toISOString() } : {}),
    timestamp: now().toISOString(),
    nonce: randomBytes(18).toString("base64url"),
  });

  /** One attempt; true when the merchant answered (2xx or 4xx: a refusal is final), false to try again. */
  async function attempt(payment: StandInPayment, body: CallbackBody, signature: string): Promise<boolean> {
    const record: CallbackAttempt = { nonce: body.nonce, at: now().toISOString(), httpStatus: null };
    payment.callbacks.push(record);
    try {
      const response = await fetch(payment.callbackUrl, {
        method: "POST",
        headers: { "content-type": "application/json", [MERCHANT_HEADER]: payment.merchant.merchantId, [CALLBACK_SIGNATURE_HEADER]: signature },
        body: canonicalJson(body),
        signal: AbortSignal.timeout(10_000),
      });
      record.httpStatus = response.status;
      await response.arrayBuffer();
      return response.status < 500;
    } catch (error) {
      record.error = (error as Error).message;
      return false;
    }
  }

  /** Retries in the background with backoff until the merchant answers or the attempts run out. */
  async function retry(payment: StandInPayment, body: CallbackBody, signature: string): Promise<void> {
    for (let attempts = 1; attempts < maxAttempts; attempts++) {
      await sleep(retryBaseMs * 2 ** (attempts - 1));
      if (await attempt(payment, body, signature)) return;
    }
  }

  /**
   * Sends the result. The first attempt is awaited (the browser is redirected after it, as
   * KNET notifies the merchant first); retries go on in the background.
   */
  async function notify(payment: StandInPayment, options: { ignoreFaults?: boolean } = {}): Promise<void> {
    if (faults.loseCallbacks && !options.ignoreFaults) return;
    const body = callbackOf(payment);
    const signature = callbackSignature(payment.merchant.secret, body);
    const copies = faults.duplicateCallbacks && !options.ignoreFaults ? 2 : 1;
    const send = async () => {
      for (let copy = 0; copy < copies; copy++) {
        if (await attempt(payment, body, signature)) continue;
        inFlight++;
        void retry(payment, body, signature).finally(() => inFlight--);
        return;
      }
    };
    if (faults.callbackDelayMs > 0 && !options.ignoreFaults) {
      inFlight++;
      const timer = setTimeout(() => {
        timers.delete(timer);
        void send().finally(() => inFlight--);
      }, faults.callbackDelayMs);
      timers.add(timer);
      return;
    }
    inFlight++;
    try {
      await send();
    } finally {
      inFlight--;
    }
  }

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  // ---- control API ---------------------------------------------------------------------------

  const controlView = (payment: StandInPayment) => ({
    ...viewOf(payment),
    merchantId: payment.merchant.merchantId,
    callbackUrl: payment.callbackUrl,
    returnUrl: payment.returnUrl,
    ...(payment.declineReason ? { declineReason: payment.declineReason } : {}),
    refunds: payment.refunds.map((refund) => ({ refundId: refund.refundId, refundReference: refund.refundReference, amountFils: refund.amount.toString(), at: refund.at.toISOString() })),
    callbacks: payment.callbacks,
  });

  app.get("/", async () => ({ service: "tanfeeth stand-in payment gateway (KNET-style)", api: "/gateway/v1/payments", control: "/control/payments" }));
  app.get("/healthz", async () => ({ ok: true }));
  app.get("/control/faults", async () => faults);
  app.patch("/control/faults", async (request) => {
    faults = { ...faults, ...paymentFaultsSchema.partial().parse(request.body ?? {}) };
    return faults;
  });
  app.get("/control/payments", async () => [...payments.values()].map(controlView));
  app.get("/control/payments/:paymentId", async (request) => {
    const { paymentId } = z.object({ paymentId: z.string().max(100) }).parse(request.params);
    const payment = payments.get(paymentId);
    if (!payment) throw new GatewayError(404, "UNKNOWN_PAYMENT", "no such payment");
    return controlView(payment);
  });
  app.post("/control/payments/:paymentId/callback", async (request) => {
    const { paymentId } = z.object({ paymentId: z.string().max(100) }).parse(request.params);
    const payment = payments.get(paymentId);
    if (!payment) throw new GatewayError(404, "UNKNOWN_PAYMENT", "no such payment");
    if (current(payment).status === "INITIATED") throw new GatewayError(409, "NOT_DECIDED", "the payer has not decided yet");
    await notify(payment, { ignoreFaults: true });
    return controlView(payment);
  });
  app.post("/control/reset", async () => {
    reset();
    return { reset: true };
  });
  app.post("/control/idle", async (request) => {
    const { timeoutMs } = z.object({ timeoutMs: z.coerce.number().int().min(0).max(600_000).default(10_000) }).parse(request.query);
    await idle(timeoutMs);
    return { idle: true };
  });

  const idle = async (timeoutMs = 10_000) => {
    const deadline = Date.now() + timeoutMs;
    while (inFlight > 0) {
      if (Date.now() > deadline) throw new GatewayError(504, "NOT_IDLE", `callbacks still in flight after ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };

  const reset = () => {
    payments.clear();
    byMerchantReference.clear();
    faults = { ...defaultPaymentFaults, ...options.faults };
  };

  return {
    app,
    get url() {
      return listeningUrl;
    },
    async listen(listenOptions = {}) {
      const host = listenOptions.host ?? "127.0.0.1";
      await app.listen({ port: listenOptions.port ?? 0, host });
      const address = app.server.address();
      const port = typeof address === "object" && address !== null ? address.port : listenOptions.port;
      listeningUrl = `http://${host === "0.0.0.0" || host === "::" ? "localhost" : host}:${port}`;
      return listeningUrl;
    },
    setFaults(change) {
      faults = { ...faults, ...paymentFaultsSchema.partial().parse(change) };
      return faults;
    },
    get faults() {
      return faults;
    },
    byReference(reference) {
      const payment = [...byMerchantReference.values()].find((candidate) => candidate.reference === reference);
      return payment ? viewOf(payment) : undefined;
    },
    idle,
    reset,
    async close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await app.close();
    },
  };
}
