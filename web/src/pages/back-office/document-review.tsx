/**
 * Verifying an uploaded document against the original (POST /api/v1/documents/:id/verification):
 * the document shown inline beside what it is for, then verify (a note if wanted) or
 * reject with the reasons the uploader and every reader of the file will see.
 */
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { answer, api } from "../../api/client.ts";
import { useFileDocuments } from "../../api/resources.ts";
import { DecisionForm } from "../../components/decision-form.tsx";
import { DocumentViewer } from "../../components/document-viewer.tsx";
import { Facts } from "../../components/facts.tsx";
import { DateTime } from "../../components/format.tsx";
import { FileItemReview } from "./file-context.tsx";

export function DocumentReviewPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <FileItemReview title={t("review.verifyTitle")} queue="clerk" useItems={useFileDocuments} param="documentId" subject="data-document-id">
      {(file, document) => {
        const kind = t(`vocab.documentKind.${document.kind}`, { defaultValue: t("vocab.documentKind.other") });
        const procedure = file.procedures.find((candidate) => candidate.id === document.procedureId);
        return (
          <>
            <section className="card" aria-labelledby="document-title">
              <h2 id="document-title">{kind}</h2>
              <Facts
                className="facts inline"
                facts={[
                  { label: t("review.uploadedAt"), value: <DateTime iso={document.createdAt} /> },
                  document.name && { label: t("review.fileName"), value: <bdi dir="ltr">{document.name}</bdi> },
                  procedure && { label: t("review.forMeasure"), value: t(`vocab.procedureKind.${procedure.kind}`) },
                  {
                    label: t("review.verificationStatus"),
                    value: <span className={`badge verification-${document.verification.status}`}>{t(`review.verification.${document.verification.status}`)}</span>,
                  },
                ]}
              />
              <DocumentViewer src={`/api/v1/documents/${document.id}/content`} title={kind} id="document-viewer" />
            </section>
            {document.verification.status === "pending" ? (
              <DecisionForm<"verify" | "reject">
                id="document-decision"
                legend={t("review.verifyLegend")}
                options={{ verify: "decisions.verify", reject: "decisions.rejectDocument" }}
                reasonsFor={["reject"]}
                onSubmit={async (decision, reasons) => {
                  await answer(api.POST("/api/v1/documents/{documentId}/verification", { params: { path: { documentId: document.id } }, body: { decision, ...(reasons ? { reasons } : {}) } }));
                  navigate("/back-office?queue=clerk", { state: { notice: "decisions.recorded" } });
                }}
              />
            ) : (
              <p className="notice">{t("review.alreadyVerified")}</p>
            )}
          </>
        );
      }}
    </FileItemReview>
  );
}
