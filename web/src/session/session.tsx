/**
 * Who is signed in (GET /api/v1/me: 401 means nobody) and what this installation offers
 * (/app/config.json). Pages that need a person are wrapped in <RequireSession>, which
 * sends the browser to the sign-in page and back afterwards.
 */
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from "react";
import { Navigate, useLocation } from "react-router";
import { ApiError, asApiError, callOutsideApi, setCsrfToken } from "../api/client.ts";
import { readMe } from "../api/resources.ts";
import type { Me, WebConfig } from "../api/types.ts";
import { Loading, ErrorState } from "../components/states.tsx";

export type SessionState =
  | { state: "loading" }
  | { state: "signed-out" }
  | { state: "signed-in"; me: Me }
  | { state: "error"; error: ApiError };

interface SessionContextValue {
  session: SessionState;
  /** null until /app/config.json has answered. */
  config: WebConfig | null;
  refresh: () => void;
}

const SessionContext = createContext<SessionContextValue>({ session: { state: "loading" }, config: null, refresh: () => {} });

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<SessionState>({ state: "loading" });
  const [config, setConfig] = useState<WebConfig | null>(null);
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    let live = true;
    readMe()
      .then((me) => {
        if (!live) return;
        setCsrfToken(me.csrfToken);
        setSession({ state: "signed-in", me });
      })
      .catch((error: unknown) => {
        if (!live) return;
        setCsrfToken(null);
        if (error instanceof ApiError && error.status === 401) setSession({ state: "signed-out" });
        else setSession({ state: "error", error: asApiError(error) });
      });
    return () => {
      live = false;
    };
  }, [generation]);

  useEffect(() => {
    callOutsideApi<WebConfig>("/app/config.json")
      .then(setConfig)
      .catch(() => setConfig({ demo: null }));
  }, []);

  const refresh = useCallback(() => setGeneration((value) => value + 1), []);
  return <SessionContext.Provider value={{ session, config, refresh }}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  return useContext(SessionContext);
}

/** The current address inside the app, to come back to after signing in. */
export function appPath(location: { pathname: string; search: string }): string {
  return `/app${location.pathname === "/" ? "/" : location.pathname}${location.search}`;
}

export function RequireSession({ children }: { children: ReactNode }) {
  const { session, refresh } = useSession();
  const location = useLocation();
  if (session.state === "loading") return <Loading />;
  if (session.state === "error") return <ErrorState error={session.error} onRetry={refresh} />;
  if (session.state === "signed-out") return <Navigate to={`/sign-in?returnTo=${encodeURIComponent(appPath(location))}`} replace />;
  return <>{children}</>;
}

/** A session that ended while a page was open (401 from a call): show sign-in again. */
export function isSignedOutError(error: unknown): boolean {
  return error instanceof ApiError && error.status === 401;
}
