/**
 * Document verification: /app/verify/<code> reads GET /api/verify/<code> and can compare a
 * copy (POST, multipart). The QR codes printed on documents lead to /verify/<code>, which
 * the server sends on here (src/http/routes/verify-documents.ts): whoever scans one sees
 * this page, in their language, as does anyone typing a code at /app/verify.
 */
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate, useParams } from "react-router";
import { ApiError, answer, api, asApiError } from "../api/client.ts";
import { useVerification } from "../api/resources.ts";
import type { Verification } from "../api/types.ts";
import { Facts } from "../components/facts.tsx";
import { DateTime } from "../components/format.tsx";
import { usePageTitle } from "../components/page-title.ts";
import { ErrorMessage, Loading, Ready } from "../components/states.tsx";
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

/** What the issued PDF's digital signature (PAdES) says, in the person's words. */
function signatureState(signature: Verification["signature"]): "department" | "otherKey" | "invalid" | "unsigned" | "unreadable" {
  if (signature === null) return "unreadable";
  if (signature.status === "unsigned") return "unsigned";
  if (signature.status === "invalid") return "invalid";
  return signature.departmentKey && signature.coversWholeDocument ? "department" : "otherKey";
}

function VerificationResult({ code }: { code: string }) {
  const { t } = useTranslation();
  const result = useVerification(code);
  // No document with this code is an answer, not a failure to show the page.
  if (result.state === "error" && result.error.code === "DOCUMENT_NOT_FOUND") {
    return (
      <div className="verification" data-state="not-issued">
        <p className="notice danger" role="alert" id="not-issued">
          {t("verify.unknown")}
        </p>
        <p className="hint">{t("verify.unknownHint")}</p>
      </div>
    );
  }
  return <Ready resource={result}>{(verification) => <Verified code={code} verification={verification} />}</Ready>;
}

function Verified({ code, verification }: { code: string; verification: Verification }) {
  const { t } = useTranslation();
  const [copy, setCopy] = useState<{ state: "idle" } | { state: "checking" } | { state: "done"; matches: boolean } | { state: "error"; error: ApiError }>({ state: "idle" });

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
      // A multipart body: the copy's bytes, which the API hashes and compares.
      const checked = await answer(api.POST("/api/verify/{code}", { params: { path: { code } }, body: form as never }));
      setCopy({ state: "done", matches: checked.copyMatches === true });
    } catch (error) {
      setCopy({ state: "error", error: asApiError(error) });
    }
  };

  return (
    <div className="verification" data-state="ready">
      <p className="notice success" role="status" id="verified">
        {t("verify.authentic")}
      </p>
      <Facts
        facts={[
          { label: t("verify.kind"), value: verification.label[currentLang()], id: "verified-kind" },
          { label: t("verify.fileNumber"), value: <bdi dir="ltr">{verification.fileNumber}</bdi> },
          { label: t("verify.issuedAt"), value: <DateTime iso={verification.issuedAt} /> },
          {
            label: t("verify.signature"),
            value: (
              <span id="verified-signature" data-signature={signatureState(verification.signature)}>
                {t(`verify.signatureStates.${signatureState(verification.signature)}`)}
                {verification.signature?.signer ? (
                  <span className="hint block" dir="ltr">
                    {verification.signature.signer.subject}
                  </span>
                ) : null}
              </span>
            ),
          },
          {
            label: t("verify.sha256"),
            value: (
              <code dir="ltr" className="digest">
                {verification.sha256}
              </code>
            ),
          },
        ]}
      />
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
