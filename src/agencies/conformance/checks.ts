/** Checks both modes share: a batch refused with the spec's status and code, a receipt as section 6 says, a key set as section 4 says. */
import { importJWK, type JWK } from "jose";
import { receipt as receiptSchema } from "../../domain/exchange/messages.ts";
import { SIGNING_ALG } from "../protocol/envelope.ts";
import { ecThumbprint } from "../protocol/keys.ts";
import { batchErrors } from "../protocol/schemas.ts";
import type { PostAnswer } from "./raw.ts";
import { CaseFailure, expect } from "./report.ts";

export function describeAnswer(answer: PostAnswer): string {
  if (answer.status === 0) return `no answer (${answer.error})`;
  const body = answer.json as { code?: unknown } | undefined;
  return `${answer.status}${typeof body?.code === "string" ? ` ${body.code}` : ""}${body === undefined ? ` ${JSON.stringify(answer.text.slice(0, 80))}` : ""}`;
}

/** The whole batch refused with the status the spec's table (section 2) gives the code, a JSON {code, message} body. */
export function expectRefusal(answer: PostAnswer, code: string): string[] {
  const status = batchErrors.find((entry) => entry.codes.includes(code))!.status;
  expect(answer.status === status && (answer.json as { code?: unknown } | undefined)?.code === code, `expected ${status} ${code}, got ${describeAnswer(answer)}`);
  expect(typeof (answer.json as { message?: unknown }).message === "string", "the error body's message is not a string");
  expect(/^application\/json/i.test(answer.contentType), `the error's Content-Type is "${answer.contentType}", not application/json`);
  return [`${answer.status} ${code}`];
}

/** A 200 receipt with one entry per message of the batch, matched by messageId (sections 2 and 6). */
export function receiptOf(answer: PostAnswer, messages: readonly { messageId: string }[]) {
  expect(answer.status === 200, `expected 200 with a receipt, got ${describeAnswer(answer)}`);
  expect(/^application\/json/i.test(answer.contentType), `the receipt's Content-Type is "${answer.contentType}", not application/json`);
  const parsed = receiptSchema.safeParse(answer.json);
  expect(parsed.success, `the 200 body is not a receipt: ${answer.text.slice(0, 200)}`);
  const entries = parsed.data.receipts;
  expect(entries.length === messages.length, `the receipt has ${entries.length} entries for ${messages.length} messages`);
  const ids = new Set(messages.map((message) => message.messageId));
  for (const entry of entries) expect(ids.has(entry.messageId), `the receipt names ${entry.messageId}, not a message of the batch`);
  return entries;
}

export const statusesOf = (entries: readonly ({ status: string; code?: string | undefined } | undefined)[]) => entries.map((entry) => (entry ? entry.status + (entry.code ? ` ${entry.code}` : "") : "missing"));

/** A party's key set (section 4): public EC P-256 ES256 signing keys, unique kids, cached at most 600 s; every key pinned when thumbprints are given. */
export async function checkKeySet(url: string, pinned?: readonly string[]): Promise<string[]> {
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  } catch (error) {
    throw new CaseFailure(`cannot fetch ${url}: ${(error as Error).message}`);
  }
  expect(response.status === 200, `GET ${url} answered ${response.status}`);
  expect(/^application\/(jwk-set\+)?json/i.test(response.headers.get("content-type") ?? ""), `Content-Type "${response.headers.get("content-type")}" is not JSON`);
  const maxAge = /max-age=(\d+)/.exec(response.headers.get("cache-control") ?? "");
  expect(maxAge && Number(maxAge[1]) <= 600, `Cache-Control "${response.headers.get("cache-control") ?? ""}": max-age of at most 600 s required`);
  const set = (await response.json()) as { keys?: JWK[] };
  expect(Array.isArray(set.keys) && set.keys.length > 0, "no keys");
  const kids = new Set<string>();
  const thumbprints: string[] = [];
  for (const jwk of set.keys) {
    expect(jwk.kty === "EC" && jwk.crv === "P-256" && jwk.alg === SIGNING_ALG && jwk.use === "sig", `key ${jwk.kid}: kty EC, crv P-256, alg ES256, use sig required`);
    expect(typeof jwk.kid === "string" && jwk.kid.length > 0 && jwk.kid.length <= 100 && !kids.has(jwk.kid), `key ${jwk.kid}: a unique kid of at most 100 characters required`);
    kids.add(jwk.kid);
    for (const member of ["d", "p", "q", "dp", "dq", "qi", "k"]) expect(!(member in jwk), `key ${jwk.kid} publishes the private member "${member}"`);
    await importJWK(jwk, SIGNING_ALG);
    thumbprints.push(ecThumbprint(jwk));
  }
  if (pinned && pinned.length > 0) for (const thumbprint of thumbprints) expect(pinned.includes(thumbprint), `published key thumbprint ${thumbprint} is not registered`);
  return [`${set.keys.length} key(s): ${thumbprints.join(", ")}`];
}
