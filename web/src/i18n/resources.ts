/**
 * The complete translation resources: the interface's strings (ar.json, en.json) merged
 * with the domain vocabulary. One place, so the resources test checks what is shown.
 */
import ar from "./ar.json";
import en from "./en.json";
import type { Lang } from "./format.ts";
import { vocabulary } from "./vocabulary.ts";

import { merge, type Tree } from "./merge.ts";

export const resources: Record<Lang, Tree> = {
  ar: merge(ar as Tree, vocabulary("ar") as unknown as Tree),
  en: merge(en as Tree, vocabulary("en") as unknown as Tree),
};
