/**
 * docs/agency-protocol.md is what a bank builds from, so it must not drift from the code:
 * every JSON Schema block in it is the schema generated from messages.ts, and every
 * example in it passes that schema. To regenerate the schema blocks after changing
 * messages.ts:  UPDATE_PROTOCOL_DOC=1 node --import tsx --test src/agencies/protocol/protocol-doc.test.ts
 */
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { describe, it } from "node:test";
import { z } from "zod";
import { ENVELOPE_TYP, MAX_MESSAGES_PER_BATCH, REPLAY_WINDOW_SECONDS } from "./envelope.ts";
import * as messages from "../../domain/exchange/messages.ts";

const docPath = new URL("../../../docs/agency-protocol.md", import.meta.url);

const envelopeSchema = z
  .object({
    iss: z.string().min(1).max(40),
    aud: z.string().min(1).max(40),
    jti: z.uuid(),
    iat: z.number().int(),
    ver: z.literal(messages.PROTOCOL_VERSION),
    messages: z.array(z.unknown()).min(1).max(MAX_MESSAGES_PER_BATCH),
  })
  .strict();

/** Every schema the document shows, by the name used in its markers. */
const schemas: Record<string, z.ZodType> = {
  envelope: envelopeSchema,
  receipt: messages.receipt,
  "attachment.order": messages.attachmentOrder,
  "hold.adjust": messages.holdAdjustment,
  "seizure.order": messages.seizureOrder,
  "travel_ban.order": messages.travelBanOrder,
  "lift.order": messages.liftOrder,
  "transfer.order": messages.transferOrder,
  "disclosure.request": messages.disclosureRequest,
  "identity.query": messages.identityQuery,
  "order.status": messages.orderStatusQuery,
  ack: messages.acknowledgement,
  rejection: messages.rejection,
  "attachment.declaration": messages.attachmentDeclaration,
  "seizure.result": messages.seizureResult,
  "travel_ban.registered": messages.travelBanRegistered,
  "lift.confirmation": messages.liftConfirmation,
  "transfer.confirmation": messages.transferConfirmation,
  "disclosure.statement": messages.disclosureStatement,
  "identity.result": messages.identityResult,
};

/**
 * The JSON Schema as printed: zod's output without "$schema", and without the long
 * regular expressions zod adds next to format "uuid" and "date-time" (the document
 * states those formats precisely in its conventions).
 */
function printedSchema(schema: z.ZodType): unknown {
  const strip = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(strip);
    if (node === null || typeof node !== "object") return node;
    const entries = Object.entries(node as Record<string, unknown>).filter(([key]) => key !== "$schema");
    const format = (node as { format?: unknown }).format;
    return Object.fromEntries(
      entries.filter(([key]) => !(key === "pattern" && (format === "uuid" || format === "date-time"))).map(([key, value]) => [key, strip(value)]),
    );
  };
  return strip(z.toJSONSchema(schema, { io: "input" }));
}

const blockPattern = /<!-- (schema|example): ([a-z_.]+) -->\n```json\n([\s\S]*?)\n```/g;

function blocks(text: string) {
  return [...text.matchAll(blockPattern)].map((match) => ({ kind: match[1] as "schema" | "example", name: match[2]!, json: match[3]!, whole: match[0] }));
}

describe("docs/agency-protocol.md", () => {
  if (process.env.UPDATE_PROTOCOL_DOC === "1") {
    let text = readFileSync(docPath, "utf8");
    for (const block of blocks(text).filter((candidate) => candidate.kind === "schema")) {
      const schema = schemas[block.name];
      if (!schema) continue;
      text = text.replace(block.whole, `<!-- schema: ${block.name} -->\n\`\`\`json\n${JSON.stringify(printedSchema(schema), null, 2)}\n\`\`\``);
    }
    writeFileSync(docPath, text);
  }
  const text = readFileSync(docPath, "utf8");
  const found = blocks(text);

  it("shows the JSON Schema of the envelope, the receipt and every message type", () => {
    const shown = found.filter((block) => block.kind === "schema").map((block) => block.name);
    assert.deepEqual([...shown].sort(), Object.keys(schemas).sort());
    const everyType = [...messages.hubMessage.options, ...messages.agencyMessage.options].map((option) => option.shape.type.value);
    for (const type of everyType) assert.ok(shown.includes(type), `schema of ${type} is shown`);
  });

  it("prints each schema exactly as generated from messages.ts", () => {
    for (const block of found.filter((candidate) => candidate.kind === "schema")) {
      assert.deepEqual(JSON.parse(block.json), printedSchema(schemas[block.name]!), `schema ${block.name} is out of date: run with UPDATE_PROTOCOL_DOC=1`);
    }
  });

  it("gives an example of every message type, and each example is valid", () => {
    const examples = found.filter((block) => block.kind === "example");
    for (const name of Object.keys(schemas)) assert.ok(examples.some((block) => block.name === name), `an example of ${name}`);
    for (const block of examples) {
      const schema = schemas[block.name];
      assert.ok(schema, `example ${block.name} names a known schema`);
      const parsed = schema.safeParse(JSON.parse(block.json));
      assert.ok(parsed.success, `example ${block.name}: ${parsed.success ? "" : z.prettifyError(parsed.error)}`);
    }
  });

  it("states the constants the code uses", () => {
    assert.match(text, new RegExp(`±${REPLAY_WINDOW_SECONDS} s`));
    assert.match(text, new RegExp(`${MAX_MESSAGES_PER_BATCH} messages`));
    assert.match(text, new RegExp(ENVELOPE_TYP.replace("+", "\\+")));
    assert.match(text, /"ver": "1"/);
  });
});
