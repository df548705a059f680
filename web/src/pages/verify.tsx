/**
 * Document verification inside the app: /app/verify/<code> reads GET /api/verify/<code>
 * and can compare a copy (POST, multipart). The QR codes printed on documents lead to the
 * server-rendered /verify/<code>, which needs no script and stays the public address;
 * this page is the same check for people already in the app, or typing a code.
 */
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate, useParams } from "react-router";
import { ApiError, call } from "../api/client.ts";
import type { Verification } from "../api/types.ts";
import { useResource } from "../api/use-resource.ts";
import { DateTime } from "../components/format.tsx";
import { usePageTitle } from "../components/page-title.ts";
import { ErrorMessage, ErrorState, Loading } from "../components/states.tsx";
import { currentLang } from "../i18n/index.ts";

function CodeForm({ initial }: { initial: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [code, setCode] = useState(initial);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const value = code.trim();
    if (value) navigate(`/verify/${encodeURIComponent(value)}`);
  };
  return (
    <form className="inline-form" role="search" onSubmit={submit}>
      <label htmlFor="verify-code">{t("verify.codeLabel")}</label>
      <div className="inline-fields">
        <input id="verify-code" dir="ltr" autoComplete="off" spellCheck={false} maxLength={100} value={code} onChange={(event) => setCode(event.target.value)} required />
        <button type="submit" className="button">
          {t("verify.check")}
        </button>
      </div>
    </form>
  );
}

function VerificationResult({ code }: { code: string }) {
  const { t } = useTranslation();
  const result = useResource((signal) => call<Verification>(`/api/verify/${encodeURIComponent(code)}`, { signal }), [code]);
  const [copy, setCopy] = useState<{ state: "idle" } | { state: "checking" } | { state: "done"; matches: boolean } | { state: "error"; error: ApiError }>({ state: "idle" });

  if (result.state === "loading") return <Loading />;
  if (result.state === "error") return <ErrorState error={result.error} onRetry={result.reload} />;
  const verification = result.data;

  const compare = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const input = event.currentTarget.elements.namedItem("file") as HTMLInputElement | null;
    const file = input?.files?.[0];
    if (!file) {
      setCopy({ state: "error", error: new ApiError(400, "NO_FILE", { ar: t("verify.chooseFile", { lng: "ar" }), en: t("verify.chooseFile", { lng: "en" }) }) });
      return;
    }
    setCopy({ state: "checking" });
    const form = new FormData();
    form.append("file", file);
    try {
      const checked = await call<Verification>(`/api/verify/${encodeURIComponent(code)}`, { form });
      setCopy({ state: "done", matches: checked.copyMatches === true });
    } catch (error) {
      setCopy({ state: "error", error: error instanceof ApiError ? error : new ApiError(0, "UNEXPECTED", null) });
    }
  };

  return (
    <div className="verification" data-state="ready">
      <p className="notice success" role="status" id="verified">
        {t("verify.authentic")}
      </p>
      <dl className="facts">
        <div>
          <dt>{t("verify.kind")}</dt>
          <dd id="verified-kind">{verification.label[currentLang()]}</dd>
        </div>
        <div>
          <dt>{t("verify.fileNumber")}</dt>
          <dd>
            <bdi dir="ltr">{verification.fileNumber}</bdi>
          </dd>
        </div>
        <div>
          <dt>{t("verify.issuedAt")}</dt>
          <dd>
            <DateTime iso={verification.issuedAt} />
          </dd>
        </div>
        <div>
          <dt>{t("verify.sha256")}</dt>
          <dd>
            <code dir="ltr" className="digest">
              {verification.sha256}
            </code>
          </dd>
        </div>
      </dl>
      <section className="card" aria-labelledby="copy-title">
        <h2 id="copy-title">{t("verify.copyTitle")}</h2>
        <form onSubmit={(event) => void compare(event)}>
          <label htmlFor="copy-file">{t("verify.copyLabel")}</label>
          <input id="copy-file" name="file" type="file" accept="application/pdf" />
          <button type="submit" className="button secondary" disabled={copy.state === "checking"}>
            {t("verify.copyCheck")}
          </button>
        </form>
        {copy.state === "checking" ? <Loading /> : null}
        {copy.state === "done" ? (
          <p className={copy.matches ? "notice success" : "notice danger"} role="alert" id="copy-result" data-matches={copy.matches}>
            {t(copy.matches ? "verify.copyMatches" : "verify.copyDiffers")}
          </p>
        ) : null}
        {copy.state === "error" ? <ErrorMessage error={copy.error} /> : null}
      </section>
    </div>
  );
}

export function VerifyPage() {
  const { t } = useTranslation();
  const { code } = useParams();
  usePageTitle(t("verify.title"));
  return (
    <div className="verify-page narrow">
      <h1>{t("verify.title")}</h1>
      <p>{t("verify.intro")}</p>
      <CodeForm key={code ?? ""} initial={code ?? ""} />
      {code ? <VerificationResult key={code} code={code} /> : null}
    </div>
  );
}
