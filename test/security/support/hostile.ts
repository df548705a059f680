/**
 * Values an attacker or a broken client sends: huge and odd strings, every JSON type in
 * the wrong place, deep nesting, prototype-pollution keys, SQL injection, path traversal,
 * extreme numbers, malformed identifiers. Used by the fuzzer and the attack tests.
 */
import fc from "fast-check";

export const sqlInjections = [
  "' OR '1'='1",
  "' OR 1=1 --",
  "'; DROP TABLE actions; --",
  "\"; DROP TABLE enforcement_files; --",
  "1; SELECT pg_sleep(5); --",
  "' UNION SELECT civil_id, name_ar FROM persons --",
  "%' AND 1=CAST((SELECT version()) AS int) --",
  "1' AND (SELECT count(*) FROM sessions) > 0 --",
  "$$; DELETE FROM actions; $$",
  "\\'; TRUNCATE outbox; --",
  "'||(SELECT string_agg(token_hash, ',') FROM sessions)||'",
  "0x27 OR 1=1",
] as const;

export const pathTraversals = [
  "../../../../etc/passwd",
  "..%2F..%2F..%2Fetc%2Fpasswd",
  "..\\..\\..\\windows\\win.ini",
  "%2e%2e%2f%2e%2e%2f",
  "/etc/shadow",
  "....//....//etc/hosts",
  "file:///etc/passwd",
  "..%00/etc/passwd",
] as const;

export const prototypeKeys = ["__proto__", "constructor", "prototype", "__defineGetter__", "hasOwnProperty", "toString", "valueOf"] as const;

export const invalidUuids = [
  "",
  "0",
  "not-a-uuid",
  "00000000-0000-0000-0000-00000000000",
  "00000000-0000-0000-0000-0000000000000",
  "zzzzzzzz-zzzz-4zzz-8zzz-zzzzzzzzzzzz",
  "{00000000-0000-4000-8000-000000000001}",
  "00000000000040008000000000000001",
  "00000000-0000-4000-8000-000000000001' OR '1'='1",
  "-1",
  "null",
] as const;

const unicodeOddities = [
  "\u0000",
  "a\u0000b",
  "\u202Eevil\u202C",
  "\u200B\u200C\u200D\uFEFF",
  "\uD800",
  "\uDFFF\uD800",
  "😀👨‍👩‍👧‍👦🇰🇼",
  "مرحبا\u0301\u0651\u0652",
  "Ω≈ç√∫˜µ≤≥÷",
  "\u0085\u2028\u2029",
  "ｆｕｌｌｗｉｄｔｈ",
  "\r\n\r\nHTTP/1.1 200 OK",
  "<script>alert(1)</script>",
  "\"><img src=x onerror=alert(1)>",
  "${7*7}{{7*7}}",
  "%s%s%s%n",
  "\\u0000",
  "null",
  "undefined",
  "NaN",
  "true",
  " ",
  "",
] as const;

/**
 * Issue 16's edges: the bytes and days that answered 500 (NUL, other C0 controls, bidi
 * overrides and isolates, lone surrogate halves) and the dates that slipped through (the
 * year 0000, 29 February of a common year, days past a month's end, years out of range).
 */
export const controlEdges = ["\u0000", "\u0001", "\u0008", "\u000b", "\u001b", "\u001f", "\u007f", "\n", "\r\n", "\t"] as const;
export const bidiEdges = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"] as const;
export const surrogateEdges = ["\ud800", "\udbff", "\udc00", "\udfff"] as const;
export const dayEdges = ["0000-01-01", "0000-02-29", "2026-02-29", "2025-02-29", "1900-02-29", "2100-02-29", "2025-04-31", "2025-13-01", "2025-00-10", "2025-01-00", "1899-12-31", "2201-01-01", "9999-12-31", "0001-01-01"] as const;
export const instantEdges = [...dayEdges.map((day) => `${day}T00:00:00Z`), "2026-03-01T24:00:00Z", "2026-03-01T23:59:60Z", "2026-03-01T08:00:00+25:00", "0000-01-01T00:00:00.000+03:00"] as const;
/** Numbers past every column: unsafe integers, past int8, and a literal 400 digits long (spliced into the JSON text, see OVERLONG_NUMBER). */
export const OVERLONG_NUMBER = "__fuzz_overlong_number__";
export const overlongNumberLiteral = "9".repeat(400);
export const numberEdges = [2 ** 53 + 1, -(2 ** 53) - 1, 1e21, -1e21, 9.3e18, 2 ** 31, -(2 ** 31) - 1, 1e308, OVERLONG_NUMBER] as const;

/** A value with one of the edges put inside it (at the start, middle or end), so it still looks like what the field wants. */
export function withEdgeInside(value: fc.Arbitrary<string>): fc.Arbitrary<string> {
  const edge = fc.constantFrom<string>(...controlEdges, ...bidiEdges, ...surrogateEdges);
  return fc.tuple(value, edge, fc.nat()).map(([text, inserted, at]) => {
    const position = text.length === 0 ? 0 : at % (text.length + 1);
    return text.slice(0, position) + inserted + text.slice(position);
  });
}

const numericOddities = [0, -1, -0.001, 1e308, -1e308, 2 ** 53 + 1, -(2 ** 63), 2 ** 64, 0.1 + 0.2, 1e-320, 4.2, 99999999999999999999, 1e21, OVERLONG_NUMBER] as const;
const numericStrings = ["-1", "-0", "0.0001", "1e308", "9".repeat(400), "9".repeat(20), "1e21", "-9223372036854775809", "NaN", "Infinity", "-Infinity", "0x10", "1_000", "١٢٣", "1,000.000", " 1 ", "+1"] as const;

/** Strings far larger than any field allows, some larger than the body limit. */
export const hugeString = fc.constantFrom(1_000, 10_000, 100_000, 300_000).map((length) => "A".repeat(length));

/** A value nested `depth` levels deep (arrays or objects). */
export function nested(depth: number, kind: "array" | "object"): unknown {
  let value: unknown = "x";
  for (let level = 0; level < depth; level++) value = kind === "array" ? [value] : { a: value };
  return value;
}

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...sqlInjections) },
  { weight: 2, arbitrary: fc.constantFrom(...pathTraversals) },
  { weight: 3, arbitrary: fc.constantFrom(...unicodeOddities) },
  { weight: 2, arbitrary: fc.constantFrom(...invalidUuids) },
  { weight: 2, arbitrary: fc.constantFrom(...numericStrings) },
  { weight: 1, arbitrary: fc.constantFrom(...prototypeKeys) },
  { weight: 1, arbitrary: hugeString },
  { weight: 3, arbitrary: fc.string({ unit: "binary", maxLength: 60 }) },
  { weight: 2, arbitrary: fc.string({ unit: "grapheme", maxLength: 40 }) },
  { weight: 3, arbitrary: withEdgeInside(fc.string({ maxLength: 20 })) },
  { weight: 2, arbitrary: fc.constantFrom<string>(...dayEdges, ...instantEdges) },
);

/** Any JSON value that is likely the wrong type, shape or size for where it is put. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: hostileString },
  { weight: 2, arbitrary: fc.constantFrom<unknown>(null, true, false, [], {}, [null], { "": "" }) },
  { weight: 2, arbitrary: fc.constantFrom(...numericOddities) },
  { weight: 1, arbitrary: fc.constantFrom(10, 100, 500).chain((depth) => fc.constantFrom(nested(depth, "array"), nested(depth, "object"))) },
  { weight: 1, arbitrary: fc.constantFrom(...prototypeKeys).map((key) => JSON.parse(`{"${key}": {"polluted": true, "isAdmin": true}}`) as unknown) },
  { weight: 1, arbitrary: fc.array(fc.constant("x"), { minLength: 1_000, maxLength: 2_000 }) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);

/** Raw bodies that are not the JSON the endpoint expects at all (sent with a content type). */
export const rawBodies: fc.Arbitrary<{ payload: string; contentType: string | undefined }> = fc.oneof(
  fc.constantFrom(
    { payload: "{", contentType: "application/json" },
    { payload: "{\"a\":1,}", contentType: "application/json" },
    { payload: "", contentType: "application/json" },
    { payload: "null", contentType: "application/json" },
    { payload: "\"just a string\"", contentType: "application/json" },
    { payload: "[1,2,3]", contentType: "application/json" },
    { payload: "{\"__proto__\": {\"isAdmin\": true}}", contentType: "application/json" },
    { payload: "{\"constructor\": {\"prototype\": {\"isAdmin\": true}}}", contentType: "application/json" },
    { payload: "{\"a\": 1, \"a\": 2}", contentType: "application/json" },
    { payload: "\uFEFF{}", contentType: "application/json" },
    { payload: "{\"kind\": \"payment\"}", contentType: "text/plain" },
    { payload: "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>", contentType: "application/xml" },
    { payload: "a=1&b=2&__proto__[isAdmin]=true", contentType: "application/x-www-form-urlencoded" },
    { payload: "--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"../../etc/passwd\"\r\n\r\nhello\r\n--x--\r\n", contentType: "multipart/form-data; boundary=x" },
    { payload: "--x\r\n\r\n", contentType: "multipart/form-data; boundary=x" },
    { payload: "{}", contentType: "application/json; charset=utf-16" },
    { payload: "{}", contentType: "application/json; charset=nonsense" },
    { payload: "{}", contentType: "application/jsonx" },
    { payload: "{}", contentType: undefined },
  ),
  fc.constantFrom(10, 1_000, 100_000).map((depth) => ({ payload: "[".repeat(depth) + "]".repeat(depth), contentType: "application/json" })),
  fc.constant({ payload: JSON.stringify({ padding: "x".repeat(300 * 1024) }), contentType: "application/json" }),
  fc.string({ unit: "binary", maxLength: 200 }).map((payload) => ({ payload, contentType: "application/json" })),
);
