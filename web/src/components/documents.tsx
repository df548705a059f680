/**
 * A file's documents (GET /api/v1/files/:id/documents): download each (receipts, fee
 * receipts, certificates, uploaded papers), open the verification of an issued one, and
 * issue a measure's request receipt (POST /api/v1/files/:id/documents/issue). The release
 * certificate is the department's to issue once every lift was sent: until then, a note
 * says it is coming. The debtor's view offers no request receipts.
 */
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { answer, api } from "../api/client.ts";
import { useFileDocuments } from "../api/resources.ts";
import type { DocumentInfo, FileDetail } from "../api/types.ts";
import { useAction } from "../api/use-action.ts";
import { DateTime } from "./format.tsx";
import { ErrorMessage, Ready } from "./states.tsx";

export function Documents({ file, side = "creditor", pollMs }: { file: FileDetail; side?: "creditor" | "debtor"; pollMs?: number }) {
  const documents = useFileDocuments(file.id, { pollMs });
  return <Ready resource={documents}>{(list) => <DocumentList file={file} side={side} list={list} onIssued={documents.reload} />}</Ready>;
}

function DocumentList({ file, side, list, onIssued }: { file: FileDetail; side: "creditor" | "debtor"; list: DocumentInfo[]; onIssued: () => void }) {
  const { t } = useTranslation();
  const issuing = useAction();
  const issue = (procedureId: string) =>
    issuing.run(async () => {
      await answer(api.POST("/api/v1/files/{fileId}/documents/issue", { params: { path: { fileId: file.id } }, body: { kind: "request_receipt", procedureId } }));
      onIssued();
    });
  const withReceipt = new Set(list.filter((document) => document.kind === "request_receipt").map((document) => document.procedureId));
  const receiptless = side === "creditor" ? file.procedures.filter((procedure) => !withReceipt.has(procedure.id)) : [];
  const releaseDue = file.status === "satisfied" && !list.some((document) => document.kind === "release_certificate");
  return (
    <>
      {list.length === 0 ? (
        <p className="muted">{t("documents.none")}</p>
      ) : (
        <ul className="documents" id="documents">
          {list.map((document) => {
            const procedure = file.procedures.find((candidate) => candidate.id === document.procedureId);
            return (
              <li key={document.id} data-kind={document.kind}>
                <strong>{t(`vocab.documentKind.${document.kind}`, { defaultValue: t("vocab.documentKind.other") })}</strong>
                {procedure ? <span> — {t(`vocab.procedureKind.${procedure.kind}`)}</span> : null}
                <span className="muted block">
                  <DateTime iso={document.createdAt} /> · {t("documents.size", { kb: Math.max(1, Math.round(document.sizeBytes / 1024)) })}
                </span>
                <span className="document-links">
                  <a href={`/api/v1/documents/${document.id}/content`} download>
                    {t("documents.download")}
                  </a>
                  {document.verificationCode ? <Link to={`/verify/${document.verificationCode}`}>{t("documents.verify")}</Link> : null}
                </span>
              </li>
            );
          })}
        </ul>
      )}
      {receiptless.map((procedure) => (
        <p key={procedure.id}>
          <button type="button" className="button secondary" disabled={issuing.busy} onClick={() => void issue(procedure.id)}>
            {t("documents.issueReceipt")} — {t(`vocab.procedureKind.${procedure.kind}`)}
          </button>
        </p>
      ))}
      {/* The department issues it by itself once every lift has been sent to its agency (docs/payments.md). */}
      {releaseDue ? (
        <p className="notice" id="release-coming">
          {t("documents.releaseComing")}
        </p>
      ) : null}
      {issuing.failure ? <ErrorMessage error={issuing.failure} /> : null}
    </>
  );
}
