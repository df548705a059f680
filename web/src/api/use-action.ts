/**
 * A change the page asks of the API: busy while it runs (to disable the button), the
 * failure to show (an ApiError, with the API's message), and what follows on success —
 * reloading the resource it changed, or leaving the page.
 */
import { useState } from "react";
import { asApiError, type ApiError } from "./client.ts";

export interface Action {
  busy: boolean;
  failure: ApiError | null;
  setFailure(failure: ApiError | null): void;
  /**
   * Runs the change; a failure is kept to show. With `leaving`, the page goes elsewhere on
   * success (a navigation, the card network's page): it stays busy until it has gone.
   */
  run(work: () => Promise<unknown>, options?: { leaving?: boolean }): Promise<void>;
}

export function useAction(): Action {
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const run = async (work: () => Promise<unknown>, options: { leaving?: boolean } = {}) => {
    setBusy(true);
    setFailure(null);
    try {
      await work();
      if (!options.leaving) setBusy(false);
    } catch (error) {
      setFailure(asApiError(error));
      setBusy(false);
    }
  };
  return { busy, failure, setFailure, run };
}
