/**
 * Filing an enforcement dispute (POST /api/v1/files/:id/disputes): the grounds and, if the
 * bond's deposit was already made, its reference for a clerk to verify. The bond is set by
 * the rules from what is outstanding; filing suspends nothing by itself — a judge decides.
 */
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams } from "react-router";
import { ApiError, call } from "../../api/client.ts";
import type { FileDetail, Me } from "../../api/types.ts";
import { useResource } from "../../api/use-resource.ts";
import { usePageTitle } from "../../components/page-title.ts";
import { Empty, ErrorMessage, ErrorState, Loading } from "../../components/states.tsx";
import { partyName } from "../../components/vocabulary.ts";
import { formatKwd } from "../../i18n/format.ts";
import { currentLang } from "../../i18n/index.ts";
import { useSession } from "../../session/session.tsx";
import { myDebtorParties } from "./debtor-file.ts";

function DisputeForm({ file, me }: { file: FileDetail; me: Me }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const mine = myDebtorParties(file, me);
  const [debtorPartyId, setDebtorPartyId] = useState(mine[0]?.id ?? "");
  const [grounds, setGrounds] = useState("");
  const [reference, setReference] = useState("");
  const [missing, setMissing] = useState(false);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!grounds.trim()) {
      setMissing(true);
      document.getElementById("dispute-grounds")?.focus();
      return;
    }
    setMissing(false);
    setBusy(true);
    setFailure(null);
    try {
      const filed = await call<{ id: string; bondAmount: string; bondStatus: string }>(`/api/v1/files/${file.id}/disputes`, {
        json: { debtorPartyId, grounds: grounds.trim(), ...(reference.trim() ? { bondDepositReference: reference.trim() } : {}) },
      });
      navigate(`/debts/${file.id}`, { state: { notice: "disputes.filed", params: { bond: formatKwd(filed.bondAmount, currentLang()) } } });
    } catch (error) {
      setFailure(error instanceof ApiError ? error : new ApiError(0, "UNEXPECTED", null));
      setBusy(false);
    }
  };

  return (
    <form className="card" onSubmit={submit} noValidate>
      {mine.length > 1 ? (
        <div className="field">
          <label htmlFor="dispute-debtor">{t("plans.debtor")}</label>
          <select id="dispute-debtor" value={debtorPartyId} onChange={(event) => setDebtorPartyId(event.target.value)}>
            {mine.map((party) => (
              <option key={party.id} value={party.id}>
                {partyName(party)}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <div className="field">
        <label htmlFor="dispute-grounds">{t("disputes.grounds")}</label>
        <textarea
          id="dispute-grounds"
          rows={6}
          maxLength={4000}
          value={grounds}
          onChange={(event) => setGrounds(event.target.value)}
          aria-invalid={missing}
          aria-describedby={missing ? "dispute-grounds-hint dispute-grounds-error" : "dispute-grounds-hint"}
        />
        <p className="hint" id="dispute-grounds-hint">
          {t("disputes.groundsHint")}
        </p>
        {missing ? (
          <p className="error-text" role="alert" id="dispute-grounds-error">
            {t("disputes.groundsRequired")}
          </p>
        ) : null}
      </div>
      <div className="field">
        <label htmlFor="dispute-reference">{t("disputes.depositReferenceOptional")}</label>
        <input id="dispute-reference" dir="ltr" maxLength={100} value={reference} onChange={(event) => setReference(event.target.value)} aria-describedby="dispute-reference-hint" />
        <p className="hint" id="dispute-reference-hint">
          {t("disputes.bondRule")}
        </p>
      </div>
      {failure ? <ErrorMessage error={failure} /> : null}
      <button type="submit" className="button" id="dispute-submit" disabled={busy}>
        {t("disputes.submit")}
      </button>
    </form>
  );
}

export function DisputePage() {
  const { t } = useTranslation();
  const { fileId = "" } = useParams();
  const { session } = useSession();
  const detail = useResource((signal) => call<FileDetail>(`/api/v1/files/${encodeURIComponent(fileId)}`, { signal }), [fileId]);
  usePageTitle(t("disputes.fileTitle"));
  return (
    <div className="dispute-page narrow">
      <h1>{t("disputes.fileTitle")}</h1>
      <p>{t("disputes.fileIntro")}</p>
      {detail.state === "loading" || session.state !== "signed-in" ? <Loading /> : null}
      {detail.state === "error" ? <ErrorState error={detail.error} onRetry={detail.reload} /> : null}
      {detail.state === "ready" && session.state === "signed-in" ? (
        <>
          <p className="muted">
            {t("debts.file", { number: "" })}
            <bdi dir="ltr">{detail.data.number}</bdi>
          </p>
          {detail.data.status === "open" && myDebtorParties(detail.data, session.me).length > 0 ? <DisputeForm file={detail.data} me={session.me} /> : <Empty>{t("debts.notYours")}</Empty>}
        </>
      ) : null}
      <p>
        <Link to={`/debts/${fileId}`}>{t("request.cancel")}</Link>
      </p>
    </div>
  );
}
