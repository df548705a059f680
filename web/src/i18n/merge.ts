export type Tree = { [key: string]: string | Tree };

/** Deep merge: the vocabulary adds keys beside the interface's own (e.g. actions.procedure.*). */
export function merge(base: Tree, extra: Tree): Tree {
  const out: Tree = { ...base };
  for (const [key, value] of Object.entries(extra)) {
    const existing = out[key];
    out[key] = typeof value === "object" && typeof existing === "object" ? merge(existing, value) : value;
  }
  return out;
}
