/**
 * The three states every screen has besides its content: loading, empty and error.
 * An error shows the API's own message in the interface's language. <Ready> shows a
 * resource's content once it has some, and the loading or error state until then.
 */
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { ApiError } from "../api/client.ts";
import type { Action } from "../api/use-action.ts";
import type { Resource } from "../api/use-resource.ts";
import { currentLang } from "../i18n/index.ts";

export function Loading({ label }: { label?: string }) {
  const { t } = useTranslation();
  return (
    <div className="state state-loading" role="status" aria-live="polite" data-state="loading">
      <span className="spinner" aria-hidden="true" />
      <span>{label ?? t("states.loading")}</span>
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return (
    <div className="state state-empty" data-state="empty">
      <p>{children}</p>
    </div>
  );
}

export function errorText(error: ApiError, t: (key: string) => string): string {
  if (error.text) return error.text[currentLang()];
  if (error.code === "NETWORK") return t("states.network");
  return t("states.unexpected");
}

export function ErrorMessage({ error }: { error: ApiError }) {
  const { t } = useTranslation();
  return (
    <p className="error-text" role="alert" data-code={error.code}>
      {errorText(error, t)}
    </p>
  );
}

export function ErrorState({ error, onRetry }: { error: ApiError; onRetry?: () => void }) {
  const { t } = useTranslation();
  const signedOut = error.status === 401;
  return (
    <div className="state state-error" data-state="error">
      <h2>{t("states.errorTitle")}</h2>
      <p className="error-text" role="alert" data-code={error.code}>
        {signedOut ? t("states.signedOut") : errorText(error, t)}
      </p>
      {signedOut ? (
        <Link className="button" to="/sign-in">
          {t("nav.signIn")}
        </Link>
      ) : onRetry ? (
        <button type="button" className="button secondary" onClick={onRetry}>
          {t("states.retry")}
        </button>
      ) : null}
    </div>
  );
}

/**
 * A resource's content once loaded; until then, loading, or the error with a retry. A
 * followed resource whose latest poll failed keeps showing what it had.
 */
export function Ready<T>({ resource, children }: { resource: Resource<T>; children: (data: T) => ReactNode }) {
  if (resource.state === "loading") return <Loading />;
  if (resource.state === "error" && resource.data === null) return <ErrorState error={resource.error} onRetry={resource.reload} />;
  return <>{children(resource.data as T)}</>;
}

type Loaded<R> = { [K in keyof R]: R[K] extends Resource<infer T> ? T : never };

/** Several resources at once: loading until all have loaded, then the first error, else the content. */
export function ReadyAll<R extends readonly Resource<unknown>[]>({ resources, children }: { resources: R; children: (...data: Loaded<R>) => ReactNode }) {
  if (resources.some((resource) => resource.state === "loading")) return <Loading />;
  const failed = resources.find((resource) => resource.state === "error" && resource.data === null);
  if (failed?.error) return <ErrorState error={failed.error} onRetry={failed.reload} />;
  return <>{children(...(resources.map((resource) => resource.data) as Loaded<R>))}</>;
}

/**
 * A form's button that sends what it asks, after what the last try failed on (the API's
 * message); disabled while it runs. `steps`: in the row of a step-by-step form's buttons.
 */
export function Submit({ action, label, id, className = "button", steps = false }: { action: Action; label: ReactNode; id?: string; className?: string; steps?: boolean }) {
  const button = (
    <button type="submit" className={className} id={id} disabled={action.busy}>
      {label}
    </button>
  );
  return (
    <>
      {action.failure ? <ErrorMessage error={action.failure} /> : null}
      {steps ? <div className="step-buttons">{button}</div> : button}
    </>
  );
}
