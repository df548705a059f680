/**
 * Loading state for a page's data: loading, ready or error, with reload, and optional
 * polling (kept quiet: a poll keeps showing the last data while it runs, and pauses
 * while the tab is hidden).
 */
import { useCallback, useEffect, useRef, useState } from "react";
import { ApiError } from "./client.ts";

export type Resource<T> =
  | { state: "loading"; data: null; error: null; reload: () => void; updatedAt: null }
  | { state: "ready"; data: T; error: null; reload: () => void; updatedAt: Date }
  | { state: "error"; data: T | null; error: ApiError; reload: () => void; updatedAt: Date | null };

export function useResource<T>(load: (signal: AbortSignal) => Promise<T>, deps: readonly unknown[], options: { pollMs?: number } = {}): Resource<T> {
  const [state, setState] = useState<{ state: "loading" | "ready" | "error"; data: T | null; error: ApiError | null; updatedAt: Date | null }>({
    state: "loading",
    data: null,
    error: null,
    updatedAt: null,
  });
  const [generation, setGeneration] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  // Read when the next poll is due, so a page can stop polling (e.g. once signed) without a reload.
  const pollRef = useRef(options.pollMs);
  pollRef.current = options.pollMs;

  useEffect(() => {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let first = true;
    const run = async () => {
      if (!first && document.visibilityState === "hidden") {
        schedule();
        return;
      }
      try {
        const data = await loadRef.current(controller.signal);
        if (controller.signal.aborted) return;
        setState({ state: "ready", data, error: null, updatedAt: new Date() });
      } catch (error) {
        if (controller.signal.aborted) return;
        const failure = error instanceof ApiError ? error : new ApiError(0, "UNEXPECTED", null);
        // A failed poll keeps the data already shown; the first load shows the error, and so
        // does an ended session (stale data must not pass for live).
        const signedOut = failure.status === 401;
        setState((previous) =>
          first || previous.data === null || signedOut ? { state: "error", data: signedOut ? null : previous.data, error: failure, updatedAt: previous.updatedAt } : previous,
        );
        if (signedOut) return;
      }
      first = false;
      schedule();
    };
    const schedule = () => {
      if (pollRef.current && !controller.signal.aborted) timer = setTimeout(() => void run(), pollRef.current);
    };
    setState((previous) => ({ ...previous, state: "loading", error: null, data: null }));
    void run();
    return () => {
      controller.abort();
      if (timer) clearTimeout(timer);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, generation]);

  const reload = useCallback(() => setGeneration((value) => value + 1), []);
  return { ...state, reload } as Resource<T>;
}
