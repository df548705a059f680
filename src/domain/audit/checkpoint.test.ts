import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { test } from "node:test";
import fc from "fast-check";
import { compareStream, headLine, leafHash, MerkleTree, merkleRootOf, parseCheckpointBody, parseHeadLine, type StreamHead } from "./checkpoint.ts";

const head = (stream: string, lastSeq: bigint, hash = createHash("sha256").update(`${stream}:${lastSeq}`).digest("hex")): StreamHead => ({ stream, lastSeq, headHash: hash });
const rootOf = (heads: StreamHead[]) => {
  const tree = new MerkleTree();
  for (const item of heads) tree.add(leafHash(item));
  return tree.root();
};

test("the streamed tree is the RFC 6962 tree for every size; the empty tree is sha256 of nothing", () => {
  assert.equal(new MerkleTree().root(), createHash("sha256").digest("hex"));
  for (let size = 0; size <= 70; size++) {
    const leaves = Array.from({ length: size }, (_, index) => leafHash(head(`file:${index}`, BigInt(index + 1))));
    const tree = new MerkleTree();
    for (const leaf of leaves) tree.add(leaf);
    assert.equal(tree.root(), merkleRootOf(leaves), `size ${size}`);
    assert.equal(tree.size, size);
  }
  // One leaf: its own hash, domain-separated from a node.
  const one = head("registry", 3n);
  assert.equal(rootOf([one]), createHash("sha256").update(Buffer.from([0])).update(headLine(one)).digest("hex"));
});

test("property: any change to a head — dropped, shortened, re-hashed, renamed, reordered — changes the root", () => {
  fc.assert(
    fc.property(fc.uniqueArray(fc.stringMatching(/^[a-z]{1,6}$/), { minLength: 2, maxLength: 40 }), fc.nat(), fc.constantFrom("drop", "shorten", "rehash", "rename", "swap"), (names, pick, change) => {
      const heads = names.sort().map((name, index) => head(`file:${name}`, BigInt(index + 2)));
      const at = pick % heads.length;
      const changed = heads.map((item) => ({ ...item }));
      if (change === "drop") changed.splice(at, 1);
      if (change === "shorten") changed[at]!.lastSeq -= 1n;
      if (change === "rehash") changed[at]!.headHash = "0".repeat(64);
      if (change === "rename") changed[at]!.stream += "x";
      if (change === "swap") [changed[0], changed[1]] = [changed[1]!, changed[0]!];
      return rootOf(changed) !== rootOf(heads);
    }),
    { numRuns: 300 },
  );
});

test("a heads line round-trips; anything else is refused", () => {
  const item = head("subject:285110244171", 12n);
  assert.deepEqual(parseHeadLine(headLine(item)), item);
  for (const bad of ['["a","x","h"]', '["a",1,"h"]', "{}", '["a","1"]']) assert.throws(() => parseHeadLine(bad));
});

test("a checkpoint body is checked field by field", () => {
  const body = { v: 1, seq: 1, at: "2026-03-01T08:00:00.000Z", streams: 2, actions: "9", root: "a".repeat(64), headsSha256: "b".repeat(64), previous: null };
  assert.deepEqual(parseCheckpointBody(body), body);
  for (const bad of [{ ...body, v: 2 }, { ...body, seq: 0 }, { ...body, root: "xyz" }, { ...body, previous: "short" }, { ...body, actions: -1 }]) assert.throws(() => parseCheckpointBody(bad));
});

test("a stream against its checkpointed head: intact, grown, missing, shortened, altered", () => {
  const checkpoint = head("file:a", 5n);
  const hash = checkpoint.headHash;
  assert.equal(compareStream(checkpoint, { headSeq: 5n, hashesAtCheckpointSeq: [hash], hasActions: true }), null);
  assert.equal(compareStream(checkpoint, { headSeq: 9n, hashesAtCheckpointSeq: [hash], hasActions: true }), null, "grown since");
  assert.equal(compareStream(checkpoint, { headSeq: null, hashesAtCheckpointSeq: [], hasActions: false })?.problem, "missing");
  assert.equal(compareStream(checkpoint, { headSeq: 3n, hashesAtCheckpointSeq: [], hasActions: true })?.problem, "shortened");
  assert.equal(compareStream(checkpoint, { headSeq: 3n, hashesAtCheckpointSeq: [hash], hasActions: true })?.problem, "shortened", "the head rewound");
  assert.equal(compareStream(checkpoint, { headSeq: null, hashesAtCheckpointSeq: [], hasActions: true })?.problem, "shortened", "head removed, some actions left");
  assert.equal(compareStream(checkpoint, { headSeq: 5n, hashesAtCheckpointSeq: ["f".repeat(64)], hasActions: true })?.problem, "altered");
  assert.equal(compareStream(checkpoint, { headSeq: 7n, hashesAtCheckpointSeq: [hash, "f".repeat(64)], hasActions: true })?.problem, "altered", "a duplicated row");
});
