/**
 * Waiving a measure: the reason, signing on the phone (POST /api/v1/signing-requests with
 * purpose procedure.waive), then submitting (POST …/procedures/:id/waive).
 */
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams } from "react-router";
import { ApiError, call } from "../api/client.ts";
import type { FileDetail, SigningRequest } from "../api/types.ts";
import { useResource } from "../api/use-resource.ts";
import { DateTime } from "../components/format.tsx";
import { usePageTitle } from "../components/page-title.ts";
import { SigningPanel } from "../components/signing-panel.tsx";
import { Empty, ErrorMessage, ErrorState, Loading } from "../components/states.tsx";
import { endedStatuses, partyName } from "../components/vocabulary.ts";
import { canRequestMeasures } from "./file.tsx";

export function WaivePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { fileId = "", procedureId = "" } = useParams();
  const detail = useResource((signal) => call<FileDetail>(`/api/v1/files/${encodeURIComponent(fileId)}`, { signal }), [fileId]);
  const [reason, setReason] = useState("");
  const [missing, setMissing] = useState(false);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [signing, setSigning] = useState<SigningRequest | null>(null);
  usePageTitle(t("waive.title"));

  const startSigning = async () => {
    setBusy(true);
    setFailure(null);
    try {
      setSigning(await call<SigningRequest>("/api/v1/signing-requests", { json: { purpose: "procedure.waive", fileId, procedureId, request: { reason: reason.trim() } } }));
      requestAnimationFrame(() => document.getElementById("signing-title")?.focus());
    } catch (error) {
      setFailure(error instanceof ApiError ? error : new ApiError(0, "UNEXPECTED", null));
    } finally {
      setBusy(false);
    }
  };
  const submitReason = (event: FormEvent) => {
    event.preventDefault();
    if (!reason.trim()) {
      setMissing(true);
      document.getElementById("waive-reason")?.focus();
      return;
    }
    setMissing(false);
    void startSigning();
  };
  const submit = async (signingRequestId: string) => {
    await call(`/api/v1/files/${fileId}/procedures/${procedureId}/waive`, { json: { reason: reason.trim(), signingRequestId } });
    navigate(`/files/${fileId}`, { state: { notice: "waive.done" } });
  };

  let content;
  if (detail.state === "loading") content = <Loading />;
  else if (detail.state === "error") content = <ErrorState error={detail.error} onRetry={detail.reload} />;
  else {
    const file = detail.data;
    const procedure = file.procedures.find((candidate) => candidate.id === procedureId);
    if (!procedure || !canRequestMeasures(file) || endedStatuses.has(procedure.status)) content = <Empty>{t("states.notFoundText")}</Empty>;
    else
      content = (
        <>
          <dl className="facts card">
            <div>
              <dt>{t("waive.measure")}</dt>
              <dd>
                {t(`vocab.procedureKind.${procedure.kind}`)} — {t(`vocab.procedureStatus.${procedure.status}`)}
              </dd>
            </div>
            <div>
              <dt>{t("request.reviewDebtor")}</dt>
              <dd>{partyName(file.parties.find((party) => party.id === procedure.debtorPartyId))}</dd>
            </div>
            <div>
              <dt>{t("file.requestedAt")}</dt>
              <dd>
                <DateTime iso={procedure.requestedAt} />
              </dd>
            </div>
          </dl>
          {signing ? (
            <SigningPanel key={signing.id} signing={signing} onRestart={startSigning} onSubmit={submit} />
          ) : (
            <form className="card" onSubmit={submitReason} noValidate>
              <div className="field">
                <label htmlFor="waive-reason">{t("waive.reason")}</label>
                <textarea
                  id="waive-reason"
                  rows={3}
                  maxLength={1000}
                  value={reason}
                  onChange={(event) => setReason(event.target.value)}
                  aria-invalid={missing}
                  aria-describedby={missing ? "waive-reason-hint waive-reason-error" : "waive-reason-hint"}
                />
                <p className="hint" id="waive-reason-hint">
                  {t("waive.reasonHint")}
                </p>
                {missing ? (
                  <p className="error-text" role="alert" id="waive-reason-error">
                    {t("waive.reasonRequired")}
                  </p>
                ) : null}
              </div>
              {failure ? <ErrorMessage error={failure} /> : null}
              <button type="submit" className="button" id="waive-continue" disabled={busy}>
                {t("waive.continue")}
              </button>
            </form>
          )}
        </>
      );
  }

  return (
    <div className="waive-page narrow">
      <h1>{t("waive.title")}</h1>
      <p>{t("waive.intro")}</p>
      {content}
      <p>
        <Link to={`/files/${fileId}`}>{t("request.cancel")}</Link>
      </p>
    </div>
  );
}
