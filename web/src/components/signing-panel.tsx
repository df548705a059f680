/**
 * Signing on the phone: shows what is signed (the summary and the sha256 digest the phone
 * shows too), follows GET /api/v1/signing-requests/:id until the phone answers, then lets
 * the person submit the signed request. With the stand-in identity provider, the
 * simulated phone stands beside it.
 */
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useSigningRequest } from "../api/resources.ts";
import type { SigningRequest } from "../api/types.ts";
import { useAction } from "../api/use-action.ts";
import { currentLang } from "../i18n/index.ts";
import { useSession } from "../session/session.tsx";
import { DemoPhone } from "./demo-phone.tsx";
import { DateTime } from "./format.tsx";
import { ErrorMessage, Loading } from "./states.tsx";
import { Isolated } from "./isolated.tsx";

export const SIGNING_POLL_MS = 1500;

export function SigningPanel({
  signing,
  onRestart,
  onSubmit,
}: {
  signing: SigningRequest;
  /** Ask for a new signature (after a rejection or expiry). */
  onRestart: () => Promise<void>;
  /** Submit the request with this approved signing request. */
  onSubmit: (signingRequestId: string) => Promise<void>;
}) {
  const { t } = useTranslation();
  const { session, config } = useSession();
  const acting = useAction();
  const [answered, setAnswered] = useState(signing.status !== "pending");
  const status = useSigningRequest(signing.id, { pollMs: answered ? undefined : SIGNING_POLL_MS });
  const current = status.data ?? signing;
  if (!answered && current.status !== "pending") setAnswered(true);
  const lang = currentLang();


  const civilId = session.state === "signed-in" ? session.me.civilId : null;
  return (
    <div className={config?.demo && civilId ? "signing with-phone" : "signing"}>
      <section className="card signing-card" aria-labelledby="signing-title" data-signing-status={current.status}>
        <h2 id="signing-title" tabIndex={-1}>{t("signing.title")}</h2>
        <h3>{t("signing.summary")}</h3>
        <p id="signing-summary" className="signing-summary">
          <Isolated text={current.summary[lang]} />
        </p>
        <p className="muted digest">
          {t("signing.digest")}: <code dir="ltr">{current.digest}</code>
        </p>
        <div aria-live="polite">
          {current.status === "pending" ? (
            <>
              <p id="signing-pending">{t("signing.pending")}</p>
              <p className="muted">{t("signing.expiresAt", { time: "" })}<DateTime iso={current.expiresAt} /></p>
              <Loading label={t("signing.waiting")} />
            </>
          ) : null}
          {current.status === "approved" ? (
            <p className="notice success" id="signing-approved">
              {t("signing.approved")}
            </p>
          ) : null}
          {current.status === "rejected" || current.status === "expired" ? (
            <p className="notice danger" id={`signing-${current.status}`}>
              {t(`signing.${current.status}`)}
            </p>
          ) : null}
        </div>
        {status.state === "error" ? <ErrorMessage error={status.error} /> : null}
        {acting.failure ? <ErrorMessage error={acting.failure} /> : null}
        {current.status === "approved" ? (
          <button type="button" className="button" id="submit-signed" disabled={acting.busy} onClick={() => void acting.run(() => onSubmit(current.id))}>
            {acting.busy ? t("signing.submitting") : t("signing.submit")}
          </button>
        ) : null}
        {current.status === "rejected" || current.status === "expired" ? (
          <button type="button" className="button secondary" disabled={acting.busy} onClick={() => void acting.run(onRestart)}>
            {t("signing.again")}
          </button>
        ) : null}
      </section>
      {config?.demo && civilId && current.status === "pending" ? (
        <aside className="phone-beside" aria-label={t("signing.demoPhone")}>
          <DemoPhone phoneApi={config.demo.phoneApi} civilId={civilId} headingLevel={3} />
        </aside>
      ) : null}
    </div>
  );
}
