/**
 * Summarizes a V8 CPU profile (.cpuprofile, from BENCH_CPU_PROF=dir npm run bench …):
 * self time by function and by file, and total (inclusive) time of our own functions.
 * Usage: node bench/profile-summary.ts <file.cpuprofile> [top]
 */
import { readFileSync } from "node:fs";

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
const [file, topArg] = process.argv.slice(2);
if (!file) throw new Error("usage: profile-summary.ts <file.cpuprofile> [top]");
const profile = JSON.parse(readFileSync(file, "utf8")) as { nodes: Node[]; samples: number[]; timeDeltas: number[] };
const top = Number(topArg ?? 25);
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parent = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
const self = new Map<number, number>();
profile.samples.forEach((id, index) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0)));
const total = [...self.values()].reduce((a, b) => a + b, 0);
const label = (node: Node) => `${node.callFrame.functionName || "(anonymous)"} ${node.callFrame.url.replace(/^.*\/(node_modules|src|bench)\//, "$1/")}:${node.callFrame.lineNumber + 1}`;
const area = (url: string) => {
  if (!url) return "(native/idle)";
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url) ?? /\/(src\/[^/]+(?:\/[^/]+)?)\//.exec(url) ?? /node:([^/]+)/.exec(url);
  return match?.[1] ?? url;
};
const sum = (entries: Map<string, number>, key: string, value: number) => entries.set(key, (entries.get(key) ?? 0) + value);
const bySelf = new Map<string, number>();
const byArea = new Map<string, number>();
const inclusive = new Map<string, number>();
for (const [id, time] of self) {
  const node = byId.get(id)!;
  sum(bySelf, label(node), time);
  sum(byArea, area(node.callFrame.url) || node.callFrame.functionName, time);
  const seen = new Set<string>();
  for (let cursor: number | undefined = id; cursor !== undefined; cursor = parent.get(cursor)) {
    const frame = byId.get(cursor)!;
    if (!frame.callFrame.url.includes("/src/")) continue;
    const key = label(frame);
    if (seen.has(key)) continue;
    seen.add(key);
    sum(inclusive, key, time);
  }
}
const print = (title: string, entries: Map<string, number>) => {
  console.log(`\n${title}`);
  for (const [key, time] of [...entries].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${((time / total) * 100).toFixed(1).padStart(5)}%  ${(time / 1000).toFixed(0).padStart(7)} ms  ${key}`);
};
console.log(`total ${(total / 1e6).toFixed(1)} s sampled`);
print("self time by package / source folder", byArea);
print("self time by function", bySelf);
print("inclusive time of our functions (src/)", inclusive);
