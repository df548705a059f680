/**
 * fast-check arbitraries from the JSON schemas of the OpenAPI document: values that
 * follow the schema (with domain-valid identifiers, amounts and ids from the database
 * where a field's name asks for one, so requests get past validation into the use cases),
 * with a share of fields replaced by hostile values, dropped, or joined by
 * prototype-pollution keys.
 */
import fc from "fast-check";
import { dayEdges, hostileValue, instantEdges, numberEdges, prototypeKeys, withEdgeInside } from "./hostile.ts";

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  enum?: unknown[];
  const?: unknown;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  nullable?: boolean;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  $ref?: string;
  default?: unknown;
  description?: string;
}

/** Values that mean something in this domain, by field name; undefined: follow the schema alone. */
export type NameHint = (name: string, schema: JsonSchema) => fc.Arbitrary<unknown> | undefined;

export interface SchemaContext {
  hint: NameHint;
  /** An id for a field of this name: mostly one that exists (of the kind the name says), or a random one. */
  uuid(name: string): fc.Arbitrary<string>;
  /** components.schemas, for $ref. */
  components: Record<string, JsonSchema>;
  /** 0..1: how often a field is replaced by a hostile value. */
  hostileRate: number;
}

const OMIT = Symbol("omit");

function weighted<T>(rate: number, normal: fc.Arbitrary<T>, odd: fc.Arbitrary<T>): fc.Arbitrary<T> {
  const oddWeight = Math.round(rate * 100);
  if (oddWeight <= 0) return normal;
  return fc.oneof({ weight: 100 - oddWeight, arbitrary: normal }, { weight: oddWeight, arbitrary: odd });
}

/** Mostly what the schema asks for; at the hostile rate, the same with a control, bidi or surrogate edge inside (issue 16). */
function stringFor(schema: JsonSchema, context: SchemaContext, name: string): fc.Arbitrary<string> {
  const plainString = plainStringFor(schema, context, name);
  if (schema.format === "uuid" || schema.enum) return plainString;
  const edged = schema.format === "date" ? fc.constantFrom<string>(...dayEdges) : schema.format === "date-time" ? fc.constantFrom<string>(...instantEdges) : withEdgeInside(plainString);
  return weighted(context.hostileRate, plainString, edged);
}

function plainStringFor(schema: JsonSchema, context: SchemaContext, name: string): fc.Arbitrary<string> {
  if (schema.format === "uuid") return context.uuid(name);
  if (schema.format === "date-time") return fc.date({ min: new Date("2000-01-01T00:00:00Z"), max: new Date("2040-01-01T00:00:00Z"), noInvalidDate: true }).map((date) => date.toISOString());
  if (schema.format === "date") return fc.date({ min: new Date("2000-01-01T00:00:00Z"), max: new Date("2040-01-01T00:00:00Z"), noInvalidDate: true }).map((date) => date.toISOString().slice(0, 10));
  if (schema.pattern) {
    try {
      const maxLength = schema.maxLength;
      const matching = fc.stringMatching(new RegExp(schema.pattern));
      return maxLength === undefined ? matching : matching.filter((value) => value.length <= maxLength);
    } catch {
      // A pattern fast-check cannot invert: plain strings within the lengths.
    }
  }
  const minLength = schema.minLength ?? 0;
  const maxLength = Math.max(minLength, Math.min(schema.maxLength ?? 80, 80));
  return fc.oneof(
    { weight: 3, arbitrary: fc.string({ minLength, maxLength }) },
    { weight: 1, arbitrary: fc.string({ unit: "grapheme", minLength, maxLength }) },
    // At the limits: exactly the longest allowed, and one past it.
    { weight: 1, arbitrary: fc.constantFrom(schema.maxLength ?? 200, (schema.maxLength ?? 200) + 1).map((length) => "ب".repeat(length)) },
  );
}

/** A value for `schema` (mostly valid), at `name` (the property or parameter it fills). */
export function fromSchema(schema: JsonSchema, context: SchemaContext, name = "", depth = 0): fc.Arbitrary<unknown> {
  if (schema.$ref) {
    const target = context.components[schema.$ref.replace("#/components/schemas/", "")];
    return target ? fromSchema(target, context, name, depth + 1) : hostileValue;
  }
  const hinted = name ? context.hint(name, schema) : undefined;
  const base = hinted ?? plain(schema, context, name, depth);
  const withNull = schema.nullable ? fc.oneof({ weight: 4, arbitrary: base }, { weight: 1, arbitrary: fc.constant(null) }) : base;
  return depth === 0 ? withNull : weighted(context.hostileRate, withNull, hostileValue);
}

function plain(schema: JsonSchema, context: SchemaContext, name: string, depth: number): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) return fc.oneof(...alternatives.map((alternative) => fromSchema(alternative, context, name, depth)));
  if (schema.allOf) return fromSchema(Object.assign({}, ...schema.allOf) as JsonSchema, context, name, depth);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case "string":
      return stringFor(schema, context, name);
    case "integer":
      return weighted(context.hostileRate, fc.integer({ min: schema.minimum ?? -1_000_000, max: schema.maximum ?? 1_000_000 }), fc.constantFrom<unknown>(...numberEdges));
    case "number":
      return weighted(context.hostileRate, fc.double({ min: schema.minimum ?? -1e9, max: schema.maximum ?? 1e9, noNaN: true, noDefaultInfinity: true }), fc.constantFrom<unknown>(...numberEdges));
    case "boolean":
      return fc.boolean();
    case "array": {
      const items = schema.items ?? {};
      const minLength = schema.minItems ?? 0;
      const maxLength = Math.max(minLength, Math.min(schema.maxItems ?? 4, 4));
      return fc.array(fromSchema(items, context, `${name}[]`, depth + 1), { minLength, maxLength });
    }
    case "object":
      return objectFor(schema, context, depth);
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

function objectFor(schema: JsonSchema, context: SchemaContext, depth: number): fc.Arbitrary<Record<string, unknown>> {
  const required = new Set(schema.required ?? []);
  const entries = Object.entries(schema.properties ?? {}).map(([key, propertySchema]) => {
    const value = fromSchema(propertySchema, context, key, depth + 1);
    // Required fields are sometimes dropped; optional ones present half of the time.
    const presence = required.has(key)
      ? weighted(context.hostileRate / 2, value, fc.constant(OMIT))
      : fc.oneof(value, fc.constant(OMIT));
    return presence.map((present) => [key, present] as const);
  });
  const extraKey = fc.oneof(fc.constantFrom(...prototypeKeys), fc.string({ maxLength: 12 }));
  const extras = weighted(context.hostileRate, fc.constant<[string, unknown][]>([]), fc.array(fc.tuple(extraKey, hostileValue), { minLength: 1, maxLength: 2 }));
  return fc.tuple(fc.tuple(...entries), extras).map(([pairs, extra]) => {
    const object: Record<string, unknown> = {};
    // defineProperty: "__proto__" must become an own, serialised key, not a prototype.
    for (const [key, value] of [...pairs, ...extra]) {
      if (value !== OMIT) Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
    }
    return object;
  });
}
