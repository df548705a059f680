/**
 * Filing an enforcement dispute (POST /api/v1/files/:id/disputes): the grounds and, if the
 * bond's deposit was already made, its reference for a clerk to verify. The bond is set by
 * the rules from what is outstanding; filing suspends nothing by itself — a judge decides.
 */
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { answer, api } from "../../api/client.ts";
import type { FileDetail, Me } from "../../api/types.ts";
import { useAction } from "../../api/use-action.ts";
import { DocumentUpload, type Uploaded } from "../../components/document-upload.tsx";
import { Field, useRequired } from "../../components/field.tsx";
import { Submit } from "../../components/states.tsx";
import { formatKwd } from "../../i18n/format.ts";
import { currentLang } from "../../i18n/index.ts";
import { DebtorChoice } from "./debtor-choice.tsx";
import { myDebtorParties } from "./debtor-file.ts";
import { DebtorTask } from "./debtor-task.tsx";

function DisputeForm({ file, me }: { file: FileDetail; me: Me }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const mine = myDebtorParties(file, me);
  const [debtorPartyId, setDebtorPartyId] = useState(mine[0]?.id ?? "");
  const [grounds, setGrounds] = useState("");
  const [reference, setReference] = useState("");
  const [papers, setPapers] = useState<Uploaded[]>([]);
  const [uploading, setUploading] = useState(false);
  const [waitProblem, setWaitProblem] = useState(false);
  const required = useRequired("dispute-grounds");
  const filing = useAction();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!required.filled(grounds)) return;
    setWaitProblem(uploading);
    if (uploading) return;
    await filing.run(
      async () => {
        const filed = await answer(
          api.POST("/api/v1/files/{fileId}/disputes", {
            params: { path: { fileId: file.id } },
            body: { debtorPartyId, grounds: grounds.trim(), ...(reference.trim() ? { bondDepositReference: reference.trim() } : {}), ...(papers.length > 0 ? { documentIds: papers.map((paper) => paper.id) } : {}) },
          }),
        );
        navigate(`/debts/${file.id}`, { state: { notice: "disputes.filed", params: { bond: formatKwd(filed.bondAmount, currentLang()) } } });
      },
      { leaving: true },
    );
  };

  return (
    <form className="card" onSubmit={submit} noValidate>
      <DebtorChoice id="dispute-debtor" parties={mine} value={debtorPartyId} onChange={setDebtorPartyId} />
      <Field id="dispute-grounds" label={t("disputes.grounds")} hint={t("disputes.groundsHint")} error={required.missing && t("disputes.groundsRequired")}>
        {(described) => <textarea id="dispute-grounds" rows={6} maxLength={4000} value={grounds} onChange={(event) => setGrounds(event.target.value)} {...described} />}
      </Field>
      <Field id="dispute-reference" label={t("disputes.depositReferenceOptional")} hint={t("disputes.bondRule")}>
        {({ "aria-describedby": describedBy }) => <input id="dispute-reference" dir="ltr" maxLength={100} value={reference} onChange={(event) => setReference(event.target.value)} aria-describedby={describedBy} />}
      </Field>
      <DocumentUpload
        id="dispute-documents"
        label={t("papers.dispute")}
        hint={t("papers.disputeHint")}
        target={`/api/v1/files/${file.id}/documents?kind=evidence`}
        onChange={setPapers}
        onBusyChange={setUploading}
      />
      {waitProblem ? (
        <p className="error-text" role="alert">
          {t("upload.waitForUploads")}
        </p>
      ) : null}
      <Submit action={filing} label={t("disputes.submit")} id="dispute-submit" />
    </form>
  );
}

export function DisputePage() {
  const { t } = useTranslation();
  return (
    <DebtorTask title={t("disputes.fileTitle")} intro={t("disputes.fileIntro")} className="dispute-page narrow">
      {(file, me) => <DisputeForm file={file} me={me!} />}
    </DebtorTask>
  );
}
