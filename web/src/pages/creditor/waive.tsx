/**
 * Waiving a measure: the reason, signing on the phone (POST /api/v1/signing-requests with
 * purpose procedure.waive), then submitting (POST …/procedures/:id/waive).
 */
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate, useParams } from "react-router";
import { answer, api } from "../../api/client.ts";
import type { SigningRequest } from "../../api/types.ts";
import { useAction } from "../../api/use-action.ts";
import { Facts } from "../../components/facts.tsx";
import { Field, useRequired } from "../../components/field.tsx";
import { FileTask } from "../../components/file-task.tsx";
import { procedureFacts } from "../../components/file-facts.tsx";
import { SigningPanel } from "../../components/signing-panel.tsx";
import { Submit } from "../../components/states.tsx";
import { canRequestMeasures, endedStatuses } from "./rights.ts";

export function WaivePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { fileId = "", procedureId = "" } = useParams();
  const [reason, setReason] = useState("");
  const required = useRequired("waive-reason");
  const [signing, setSigning] = useState<SigningRequest | null>(null);
  const signingUp = useAction();

  const startSigning = () =>
    signingUp.run(async () => {
      setSigning(await answer(api.POST("/api/v1/signing-requests", { body: { purpose: "procedure.waive", fileId, procedureId, request: { reason: reason.trim() } } })));
      requestAnimationFrame(() => document.getElementById("signing-title")?.focus());
    });
  const submitReason = (event: FormEvent) => {
    event.preventDefault();
    if (required.filled(reason)) void startSigning();
  };
  const submit = async (signingRequestId: string) => {
    await answer(api.POST("/api/v1/files/{fileId}/procedures/{procedureId}/waive", { params: { path: { fileId, procedureId } }, body: { reason: reason.trim(), signingRequestId } }));
    navigate(`/files/${fileId}`, { state: { notice: "waive.done" } });
  };

  return (
    <FileTask
      title={t("waive.title")}
      intro={t("waive.intro")}
      className="waive-page narrow"
      allows={(file) => {
        const procedure = file.procedures.find((candidate) => candidate.id === procedureId);
        return procedure !== undefined && canRequestMeasures(file) && !endedStatuses.has(procedure.status);
      }}
      refusal={() => t("states.notFoundText")}
      back={(id) => `/files/${id}`}
    >
      {(file) => {
        const facts = procedureFacts(file, file.procedures.find((candidate) => candidate.id === procedureId)!, t);
        return (
          <>
            <Facts className="facts card" facts={[facts.kind, facts.debtor, facts.requestedAt]} />
            {signing ? (
              <SigningPanel key={signing.id} signing={signing} onRestart={startSigning} onSubmit={submit} />
            ) : (
              <form className="card" onSubmit={submitReason} noValidate>
                <Field id="waive-reason" label={t("waive.reason")} hint={t("waive.reasonHint")} error={required.missing && t("waive.reasonRequired")}>
                  {(described) => <textarea id="waive-reason" rows={3} maxLength={1000} value={reason} onChange={(event) => setReason(event.target.value)} {...described} />}
                </Field>
                <Submit action={signingUp} label={t("waive.continue")} id="waive-continue" />
              </form>
            )}
          </>
        );
      }}
    </FileTask>
  );
}
