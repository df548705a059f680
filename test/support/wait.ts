/**
 * Waiting for an outcome, never timing it. A test does not assert how long something
 * took (speed belongs in `npm run bench`): it waits for what must happen, looking often,
 * and gives up only after a patience of minutes, far beyond what any busy machine needs,
 * so that an outcome that never comes fails the test instead of hanging it. Giving up is
 * reported as the outcome that did not happen, with what was seen last.
 */
import { setTimeout as sleep } from "node:timers/promises";

/**
 * How long a test waits for an outcome before it calls it missing. Generous on purpose:
 * `tanfeeth start` seeding its 220 demo files on PGlite took over 5 minutes on this
 * 2-core machine at a load average of 30.
 */
export const PATIENCE_MS = 10 * 60_000;

export class OutcomeMissing extends Error {
  override name = "OutcomeMissing";
}

export interface WaitOptions {
  /** What was seen when giving up, for the failure message. */
  seen?: () => string | Promise<string>;
  /** Between looks (default 20 ms). */
  everyMs?: number;
  /** Overrides PATIENCE_MS (for an outcome that takes many steps, e.g. a soak). */
  patienceMs?: number;
}

/**
 * Looks at `probe` until it returns a truthy value, and returns it. After `patienceMs`
 * of looking, fails with "<what> did not happen".
 */
export async function eventually<T>(what: string, probe: () => T | Promise<T>, options: WaitOptions = {}): Promise<NonNullable<T>> {
  const patienceMs = options.patienceMs ?? PATIENCE_MS;
  const givesUpAt = performance.now() + patienceMs;
  for (;;) {
    const value = await probe();
    if (value) return value as NonNullable<T>;
    if (performance.now() > givesUpAt) {
      const seen = options.seen ? ` (seen last: ${await options.seen()})` : "";
      throw new OutcomeMissing(`${what} did not happen${seen}; gave up waiting after ${Math.round(patienceMs / 1000)} s`);
    }
    await sleep(options.everyMs ?? 20);
  }
}

/**
 * Every wait of a browser page (for a selector, a URL, a navigation, an action) waits for
 * its outcome with the same patience instead of Playwright's 30 s: a busy machine makes
 * a page slow, not wrong.
 */
export function waitPatiently(context: { setDefaultTimeout(ms: number): void; setDefaultNavigationTimeout(ms: number): void }): void {
  context.setDefaultTimeout(PATIENCE_MS);
  context.setDefaultNavigationTimeout(PATIENCE_MS);
}
