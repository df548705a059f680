/**
 * Verifying an uploaded document against the original (POST /api/v1/documents/:id/verification):
 * the document shown inline beside what it is for, then verify (a note if wanted) or
 * reject with the reasons the uploader and every reader of the file will see.
 */
import { useTranslation } from "react-i18next";
import { useNavigate, useParams } from "react-router";
import { call } from "../../api/client.ts";
import type { DocumentWithVerification } from "../../api/back-office-types.ts";
import type { FileDetail } from "../../api/types.ts";
import { useResource } from "../../api/use-resource.ts";
import { DecisionForm } from "../../components/decision-form.tsx";
import { DocumentViewer } from "../../components/document-viewer.tsx";
import { DateTime } from "../../components/format.tsx";
import { usePageTitle } from "../../components/page-title.ts";
import { Empty, ErrorState, Loading } from "../../components/states.tsx";
import { BackToQueue, FileContext } from "./file-context.tsx";

export function DocumentReviewPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { fileId = "", documentId = "" } = useParams();
  const detail = useResource((signal) => call<FileDetail>(`/api/v1/files/${encodeURIComponent(fileId)}`, { signal }), [fileId]);
  const documents = useResource((signal) => call<{ documents: DocumentWithVerification[] }>(`/api/v1/files/${encodeURIComponent(fileId)}/documents`, { signal }), [fileId]);
  usePageTitle(t("review.verifyTitle"));
  if (detail.state === "loading" || documents.state === "loading") return <Loading />;
  if (detail.state === "error") return <ErrorState error={detail.error} onRetry={detail.reload} />;
  if (documents.state === "error") return <ErrorState error={documents.error} onRetry={documents.reload} />;
  const document = documents.data.documents.find((candidate) => candidate.id === documentId);
  if (!document) return <Empty>{t("states.notFoundText")}</Empty>;
  const kind = t(`vocab.documentKind.${document.kind}`, { defaultValue: t("vocab.documentKind.other") });
  const procedure = detail.data.procedures.find((candidate) => candidate.id === document.procedureId);

  return (
    <div className="review-page" data-document-id={document.id}>
      <BackToQueue queue="clerk" />
      <h1>{t("review.verifyTitle")}</h1>
      <FileContext file={detail.data} />
      <section className="card" aria-labelledby="document-title">
        <h2 id="document-title">{kind}</h2>
        <dl className="facts inline">
          <div>
            <dt>{t("review.uploadedAt")}</dt>
            <dd>
              <DateTime iso={document.createdAt} />
            </dd>
          </div>
          {document.name ? (
            <div>
              <dt>{t("review.fileName")}</dt>
              <dd>
                <bdi dir="ltr">{document.name}</bdi>
              </dd>
            </div>
          ) : null}
          {procedure ? (
            <div>
              <dt>{t("review.forMeasure")}</dt>
              <dd>{t(`vocab.procedureKind.${procedure.kind}`)}</dd>
            </div>
          ) : null}
          <div>
            <dt>{t("review.verificationStatus")}</dt>
            <dd>
              <span className={`badge verification-${document.verification.status}`}>{t(`review.verification.${document.verification.status}`)}</span>
            </dd>
          </div>
        </dl>
        <DocumentViewer src={`/api/v1/documents/${document.id}/content`} title={kind} id="document-viewer" />
      </section>
      {document.verification.status === "pending" ? (
        <DecisionForm<"verify" | "reject">
          id="document-decision"
          legend={t("review.verifyLegend")}
          options={[
            { value: "verify", label: t("decisions.verify"), hint: t("decisions.verifyHint") },
            { value: "reject", label: t("decisions.rejectDocument"), hint: t("decisions.rejectDocumentHint") },
          ]}
          reasonsLabel={t("decisions.reasons")}
          reasonsRequired={(decision) => decision === "reject"}
          submitLabel={t("decisions.record")}
          onSubmit={async (decision, reasons) => {
            await call(`/api/v1/documents/${document.id}/verification`, { json: { decision, ...(reasons ? { reasons } : {}) } });
            navigate("/back-office?queue=clerk", { state: { notice: "decisions.recorded" } });
          }}
        />
      ) : (
        <p className="notice">{t("review.alreadyVerified")}</p>
      )}
    </div>
  );
}
