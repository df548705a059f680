/**
 * A small seeded pseudo-random generator (mulberry32) for demo data and the stand-in
 * agencies: the same seed always gives the same sequence, so the same seed always builds
 * the same country. Not for anything secret.
 */
import { createHash } from "node:crypto";

export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Random {
  private readonly next: () => number;

  constructor(seed: number) {
    this.next = mulberry32(seed);
  }

  /** A generator for a tuple of keys: sha256 of the parts picks the seed. */
  static of(...parts: readonly (string | number)[]): Random {
    const digest = createHash("sha256").update(parts.join("\u001f")).digest();
    return new Random(digest.readUInt32BE(0));
  }

  /** A number in [0, 1). */
  float(): number {
    return this.next();
  }

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(list: readonly T[]): T {
    if (list.length === 0) throw new Error("pick from an empty list");
    return list[Math.floor(this.next() * list.length)] as T;
  }

  /** Picks by relative weight. */
  weighted<T>(entries: readonly (readonly [T, number])[]): T {
    const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
    let point = this.next() * total;
    for (const [value, weight] of entries) {
      point -= weight;
      if (point < 0) return value;
    }
    return entries[entries.length - 1]![0];
  }

  /** `count` distinct elements, in random order. */
  sample<T>(list: readonly T[], count: number): T[] {
    const copy = [...list];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
    }
    return copy.slice(0, Math.min(count, copy.length));
  }

  /** Log-uniform in [min, max]: as many claims of 200–2,000 KD as of 20,000–200,000 KD. */
  logUniform(min: number, max: number): number {
    return Math.exp(Math.log(min) + this.next() * (Math.log(max) - Math.log(min)));
  }

  /** A string of random decimal digits. */
  digits(length: number): string {
    let text = "";
    for (let i = 0; i < length; i++) text += String(Math.floor(this.next() * 10));
    return text;
  }

  /** `count` distinct values chosen by weight, without replacement. */
  weightedSample<T>(entries: readonly (readonly [T, number])[], count: number): T[] {
    const pool = [...entries];
    const chosen: T[] = [];
    while (chosen.length < count && pool.length > 0) {
      const value = this.weighted(pool);
      chosen.push(value);
      pool.splice(
        pool.findIndex(([candidate]) => candidate === value),
        1,
      );
    }
    return chosen;
  }

  /** Fisher–Yates on a copy. */
  shuffle<T>(list: readonly T[]): T[] {
    return this.sample(list, list.length);
  }
}
