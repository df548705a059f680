/**
 * docs/agency-protocol.md is what a bank builds from, so it must not drift from the code:
 * every JSON Schema block in it is the schema generated from messages.ts, and every
 * example in it passes that schema. To regenerate the schema blocks after changing
 * messages.ts (the schemas come from ./schemas.ts, as the hub serves them):  UPDATE_PROTOCOL_DOC=1 node --test src/agencies/protocol/protocol-doc.test.ts
 */
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { describe, it } from "node:test";
import { z } from "zod";
import { ENVELOPE_TYP, MAX_MESSAGES_PER_BATCH, REPLAY_WINDOW_SECONDS } from "./envelope.ts";
import { printedJsonSchema, protocolSchemas } from "./schemas.ts";
import * as messages from "../../domain/exchange/messages.ts";

const docPath = new URL("../../../docs/agency-protocol.md", import.meta.url);

/** Every schema the document shows, by the name used in its markers: the ones the hub serves (schemas.ts). */
const schemas: Record<string, z.ZodType> = Object.fromEntries([...protocolSchemas].map(([name, entry]) => [name, entry.schema]));
const printedSchema = (name: string) => printedJsonSchema(name);

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
      text = text.replace(block.whole, `<!-- schema: ${block.name} -->\n\`\`\`json\n${JSON.stringify(printedSchema(block.name), null, 2)}\n\`\`\``);
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
      assert.deepEqual(JSON.parse(block.json), printedSchema(block.name), `schema ${block.name} is out of date: run with UPDATE_PROTOCOL_DOC=1`);
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
