/**
 * One fuzz case per draw: who calls, the URL (path parameters and query built from the
 * operation's schemas, sometimes hostile, sometimes not even encoded), the headers (some
 * hostile) and the body (a schema-shaped object with hostile fields, a hostile value, or
 * raw bytes that are not JSON at all).
 */
import fc from "fast-check";
import { kuwaitIbanWithBankCode, unregisteredCivilId, validIban } from "../../http/helpers.ts";
import { hostileString, hostileValue, invalidUuids, OVERLONG_NUMBER, overlongNumberLiteral, prototypeKeys, rawBodies } from "./hostile.ts";
import type { Operation, Parameter } from "./openapi.ts";
import { fromSchema, type JsonSchema, type SchemaContext } from "./schema-arbitrary.ts";
import type { CallerName, Pools } from "./security-world.ts";

export interface FuzzCase {
  caller: CallerName;
  method: string;
  url: string;
  headers: Record<string, string>;
  payload: string | undefined;
}

const amounts = ["1.000", "0.001", "100.000", "10160.000", "5000", "999999999.999", "0", "0.000", "1.5"];
const bankCodes = ["NBOK", "KFHO", "GULB", "CBKU", "ZZZZ", "nbok"];
const agencyKeys = ["bank:NBOK", "bank:KFHO", "traffic", "ports", "civil_info", "clearing", "bank:ZZZZ"];

export function schemaContext(pools: Pools, components: Record<string, JsonSchema>, hostileRate: number): SchemaContext {
  const pick = <T>(values: readonly T[]) => fc.constantFrom(...values);
  return {
    components,
    hostileRate,
    uuid: (name) => {
      const named = pools.idsFor(name);
      const options: fc.WeightedArbitrary<string>[] = [{ weight: 1, arbitrary: fc.uuid() }];
      if (named.length > 0) options.push({ weight: 6, arbitrary: pick(named) });
      if (pools.ids.length > 0) options.push({ weight: 1, arbitrary: pick(pools.ids) });
      return fc.oneof(...options);
    },
    hint: (name, schema) => {
      const field = name.replace(/\[\]$/, "");
      if (schema.enum || schema.format === "uuid") return undefined;
      if (/civilId$/i.test(field)) return fc.oneof(pick(pools.civilIds), fc.constantFrom(unregisteredCivilId(901), "292091998297"));
      if (/^crNumber$/i.test(field)) return fc.oneof(pick(pools.crNumbers), fc.constant("7654321"));
      if (/iban$/i.test(field)) return fc.constantFrom(validIban, kuwaitIbanWithBankCode("KFHO"), kuwaitIbanWithBankCode("ZZZZ"));
      if (schema.type === "string" && (/KWD/.test(schema.description ?? "") || /^(amount|principal|costs|fees|interest)$/.test(field))) return pick(amounts);
      if (name === "banks[]") return pick(bankCodes);
      if (/agencyKey$/.test(field) && !schema.pattern) return pick(agencyKeys);
      if (field === "clientId" && pools.clientIds.length > 0) return fc.oneof(pick(pools.clientIds), fc.string({ maxLength: 64 }));
      if (/^(reference|caseNumber)$/.test(field)) return fc.uuid().map((id) => `FUZZ-${id.slice(0, 13)}`);
      return undefined;
    },
  };
}

/** JSON text, with the over-long number marker made a 400-digit literal (JSON.stringify cannot write one). */
const jsonText = (value: unknown): string => (JSON.stringify(value) ?? "null").replaceAll(`"${OVERLONG_NUMBER}"`, overlongNumberLiteral);
const asText = (value: unknown): string => (value === OVERLONG_NUMBER ? overlongNumberLiteral : typeof value === "string" ? value : jsonText(value));

/** encodeURIComponent refuses lone surrogates: they go as U+FFFD, like a browser sends them. */
const encode = (value: string) => encodeURIComponent(value.replace(/\p{Cs}/gu, "\uFFFD"));

/** Header values as a client can send them: printable ASCII, bounded. */
const headerValue = (value: string) => value.replace(/[^\x20-\x7e\t]/g, "?").slice(0, 8_000);

const hostileHeaders: fc.Arbitrary<[string, string]>[] = [
  fc.tuple(fc.constant("x-correlation-id"), fc.oneof(hostileString, fc.constant("abc"), fc.constant("a".repeat(64)), fc.constant("a".repeat(65)))),
  fc.tuple(fc.constant("accept-language"), fc.constantFrom("ar", "en", "en-US,en;q=0.5", "xx;q=bad", "*", "ar".repeat(500))),
  fc.tuple(fc.constant("accept"), fc.constantFrom("text/html", "application/xml", "*/*", "application/json;q=0", "image/png")),
  fc.tuple(fc.constant("content-type"), fc.constantFrom("text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data", "multipart/form-data; boundary=", "application/json; charset=latin1", "", "application/json, text/plain")),
  fc.tuple(fc.constant("x-csrf-token"), fc.oneof(hostileString, fc.constant("wrong-token"))),
  fc.tuple(fc.constant("cookie"), fc.constantFrom("tanfeeth_session=garbage", "tanfeeth_session=", "tanfeeth_session=%ZZ%", "tanfeeth_session=a; tanfeeth_session=b", "tanfeeth_session=" + "A".repeat(4000), "=;;=", "__proto__=1")),
  fc.tuple(fc.constant("authorization"), fc.constantFrom("Bearer ", "Bearer garbage", "Bearer " + "a".repeat(5000), "Basic JTp4", "Basic !!!", "Basic " + Buffer.from("%E0%A4%A:%").toString("base64"), "Negotiate xyz", "bearer x y")),
  fc.tuple(fc.constant("x-forwarded-for"), fc.constantFrom("127.0.0.1, 10.0.0.1", "garbage", "::1", "' OR 1=1 --")),
  fc.tuple(fc.constant("origin"), fc.constantFrom("https://evil.example", "null", "http://127.0.0.1")),
  fc.tuple(fc.constant("sec-fetch-site"), fc.constantFrom("cross-site", "same-origin", "same-site", "none", "garbage")),
  fc.tuple(fc.constant("x-http-method-override"), fc.constantFrom("DELETE", "PUT", "GET")),
  fc.tuple(fc.constant("range"), fc.constantFrom("bytes=0-1", "bytes=-1", "bytes=999999999-", "bytes=garbage")),
  fc.tuple(fc.constant("if-none-match"), fc.constantFrom("*", "\"x\"", "W/\"garbage")),
];

function paramValue(parameter: Parameter, context: SchemaContext): fc.Arbitrary<string> {
  const valid = fromSchema(parameter.schema, context, parameter.name).map(asText);
  return fc.oneof({ weight: 8, arbitrary: valid }, { weight: 1, arbitrary: hostileValue.map(asText) }, { weight: 1, arbitrary: fc.constantFrom(...invalidUuids) });
}

/** Not encoded at all: what a hand-written or malicious URL looks like. */
const rawPathSegment = fc.constantFrom("..", "../..", "%2e%2e", "%", "%E0%A4%A", "..%2f..%2f", "%00", "%ff%fe", "a%2fb", "%5c..%5c", ";jsessionid=1", "%20");

function urlFor(operation: Operation, context: SchemaContext): fc.Arbitrary<string> {
  const pathParams = operation.parameters.filter((parameter) => parameter.in === "path");
  const queryParams = operation.parameters.filter((parameter) => parameter.in === "query");
  const pathValues = fc.tuple(
    ...pathParams.map((parameter) =>
      fc.oneof({ weight: 12, arbitrary: paramValue(parameter, context).map(encode) }, { weight: 1, arbitrary: rawPathSegment }),
    ),
  );
  const queryValues = fc.tuple(
    ...queryParams.map((parameter) =>
      fc.oneof({ weight: parameter.required ? 1 : 3, arbitrary: fc.constant<string | null>(null) }, { weight: 5, arbitrary: paramValue(parameter, context) }),
    ),
  );
  const extraKey = fc.oneof(fc.constantFrom(...prototypeKeys), fc.constantFrom(...queryParams.map((parameter) => parameter.name), "limit"), fc.string({ maxLength: 10 }));
  const extraQuery = fc.oneof(
    { weight: 8, arbitrary: fc.constant<[string, string][]>([]) },
    { weight: 1, arbitrary: fc.array(fc.tuple(extraKey, hostileValue.map(asText)), { minLength: 1, maxLength: 3 }) },
  );
  return fc.tuple(pathValues, queryValues, extraQuery).map(([values, query, extra]) => {
    let index = 0;
    const path = operation.path.replace(/\{[^}]+\}/g, () => values[index++] ?? "");
    const pairs: string[] = [];
    queryParams.forEach((parameter, position) => {
      const value = query[position];
      if (value !== null && value !== undefined) pairs.push(`${encode(parameter.name)}=${encode(value)}`);
    });
    for (const [key, value] of extra) pairs.push(`${encode(key)}=${encode(value)}`);
    return pairs.length > 0 ? `${path}?${pairs.join("&")}` : path;
  });
}

const oauthForm = fc
  .record(
    {
      grant_type: fc.oneof(fc.constant("client_credentials"), fc.constant("password"), hostileString),
      client_id: fc.oneof(fc.constant("unknown-client"), hostileString),
      client_secret: fc.oneof(fc.constant("wrong"), hostileString),
      scope: fc.oneof(fc.constant("files:read"), fc.constant("admin"), hostileString),
    },
    { requiredKeys: [] },
  )
  .map((fields) => ({ payload: new URLSearchParams(fields as Record<string, string>).toString(), contentType: "application/x-www-form-urlencoded" as string | undefined }));

function bodyFor(operation: Operation, context: SchemaContext): fc.Arbitrary<{ payload: string | undefined; contentType: string | undefined }> {
  const json = (value: unknown) => ({ payload: jsonText(value), contentType: "application/json" as string | undefined });
  if (operation.method === "GET") {
    return fc.oneof({ weight: 9, arbitrary: fc.constant({ payload: undefined, contentType: undefined }) }, { weight: 1, arbitrary: rawBodies });
  }
  if (operation.path === "/oauth/token") return fc.oneof({ weight: 4, arbitrary: oauthForm }, { weight: 1, arbitrary: rawBodies });
  if (operation.jsonBody) {
    return fc.oneof(
      { weight: 7, arbitrary: fromSchema(operation.jsonBody, context).map(json) },
      { weight: 1, arbitrary: hostileValue.map(json) },
      { weight: 2, arbitrary: rawBodies },
    );
  }
  return fc.oneof(
    { weight: 3, arbitrary: fc.constant({ payload: undefined, contentType: undefined }) },
    { weight: 1, arbitrary: fc.constant(json({})) },
    { weight: 1, arbitrary: hostileValue.map(json) },
    { weight: 2, arbitrary: rawBodies },
  );
}

/** Cases for `operation`, each by one of `callers` (picked with their weights). */
export function fuzzCaseArbitrary(operation: Operation, context: SchemaContext, callers: { caller: CallerName; weight: number }[], headerRate: number): fc.Arbitrary<FuzzCase> {
  const caller = fc.oneof(...callers.map(({ caller: name, weight }) => ({ weight, arbitrary: fc.constant(name) })));
  const headers = headerRate > 0
    ? fc.oneof({ weight: Math.round((1 - headerRate) * 100), arbitrary: fc.constant<[string, string][]>([]) }, { weight: Math.round(headerRate * 100), arbitrary: fc.subarray(hostileHeaders.map((_, index) => index), { minLength: 1, maxLength: 3 }).chain((chosen) => fc.tuple(...chosen.map((index) => hostileHeaders[index]!))) })
    : fc.constant<[string, string][]>([]);
  return fc.tuple(caller, urlFor(operation, context), bodyFor(operation, context), headers).map(([who, url, body, extra]) => {
    const result: Record<string, string> = {};
    if (body.contentType !== undefined) result["content-type"] = body.contentType;
    for (const [name, value] of extra) result[name] = headerValue(value);
    return { caller: who, method: operation.method, url, headers: result, payload: body.payload };
  });
}
