/**
 * A title submitted online (GET /api/v1/title-submissions/:id): what was submitted — the
 * title, the parties, the claim — beside the copy of the title shown inline; the clerk
 * opens the enforcement file from it (…/open, the copy filed on the file, verified) or
 * rejects it with reasons the submitter reads (…/rejection).
 */
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams } from "react-router";
import { answer, api } from "../../api/client.ts";
import { useTitleSubmission } from "../../api/resources.ts";
import type { TitleSubmission } from "../../api/types.ts";
import { ClaimTable } from "../../components/claim-table.tsx";
import { DecisionForm } from "../../components/decision-form.tsx";
import { DocumentViewer } from "../../components/document-viewer.tsx";
import { FileNumber, TitleFacts } from "../../components/file-facts.tsx";
import { DateTime } from "../../components/format.tsx";
import { usePageTitle } from "../../components/page-title.ts";
import { CardPair } from "../../components/section.tsx";
import { Ready } from "../../components/states.tsx";
import { ReviewFrame } from "./file-context.tsx";

const partyId = (party: { civilId: string } | { crNumber: string }) => ("civilId" in party ? party.civilId : party.crNumber);

export function TitleReviewPage() {
  const { t } = useTranslation();
  const { submissionId = "" } = useParams();
  const submission = useTitleSubmission(submissionId);
  usePageTitle(t("review.titleTitle"));
  return <Ready resource={submission}>{(shown) => <TitleReview shown={shown} />}</Ready>;
}

function SubmittedParties({ shown }: { shown: TitleSubmission }) {
  const { t } = useTranslation();
  return (
    <>
      <ul className="parties">
        {shown.creditors.map((party) => (
          <li key={partyId(party)}>
            <span className="badge role-creditor">{t("roles.creditor")}</span> <bdi dir="ltr">{partyId(party)}</bdi>
            {party.payoutIban ? (
              <span className="muted block">
                IBAN <bdi dir="ltr">{party.payoutIban}</bdi>
              </span>
            ) : null}
          </li>
        ))}
        {shown.debtors.map((party) => (
          <li key={partyId(party)}>
            <span className="badge role-debtor">{t("roles.debtor")}</span> <bdi dir="ltr">{partyId(party)}</bdi>
          </li>
        ))}
      </ul>
      <h3 className="h4">{t("file.claimTitle")}</h3>
      <ClaimTable file={{ claim: (["principal", "costs", "fees", "interest"] as const).map((kind) => ({ kind, amount: shown.claim[kind] })) }} />
    </>
  );
}

function TitleReview({ shown }: { shown: TitleSubmission }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <ReviewFrame queue="clerk" title={t("review.titleTitle")} subject={{ "data-submission-id": shown.id }}>
      <p>
        <span className={`badge submission-${shown.status}`}>{t(`review.submission.${shown.status}`)}</span> {t("review.submittedAt", { time: "" })}
        <DateTime iso={shown.createdAt} /> — {t("review.submitter")} {t(`roles.${shown.submitterRole === "lawyer" ? "lawyer" : "creditor"}`)}
      </p>
      <CardPair
        cards={[
          { id: "submitted-title", title: t("file.titlesTitle"), body: <TitleFacts title={shown.title} extent="full" /> },
          { id: "submitted-parties", title: t("file.partiesTitle"), body: <SubmittedParties shown={shown} /> },
        ]}
      />
      <section className="card" aria-labelledby="copy-title">
        <h2 id="copy-title">{t("vocab.documentKind.executory_title_copy")}</h2>
        {shown.copy ? <DocumentViewer src={`/api/v1/title-submissions/${shown.id}/copy`} title={t("vocab.documentKind.executory_title_copy")} id="copy-viewer" /> : <p className="muted">{t("review.noCopy")}</p>}
      </section>
      {shown.status === "submitted" ? (
        <DecisionForm<"open" | "reject">
          id="title-decision"
          legend={t("review.titleLegend")}
          options={{ open: "decisions.openFile", reject: "decisions.rejectTitle" }}
          reasonsLabel={t("decisions.reasonsOrNote")}
          reasonsFor={["reject"]}
          onSubmit={async (decision, reasons) => {
            if (decision === "open") {
              const opened = await answer(api.POST("/api/v1/title-submissions/{submissionId}/open", { params: { path: { submissionId: shown.id } }, body: reasons ? { note: reasons } : {} }));
              navigate(opened.fileId ? `/files/${opened.fileId}` : "/back-office?queue=clerk", { state: { notice: "review.fileOpened" } });
            } else {
              await answer(api.POST("/api/v1/title-submissions/{submissionId}/rejection", { params: { path: { submissionId: shown.id } }, body: { reasons } }));
              navigate("/back-office?queue=clerk", { state: { notice: "decisions.recorded" } });
            }
          }}
        />
      ) : shown.fileId ? (
        <p className="notice success">
          <Link to={`/files/${shown.fileId}`}>
            <FileNumber label={t("review.openedAs", { number: "" })} number={shown.fileNumber ?? ""} />
          </Link>
        </p>
      ) : shown.rejectionReasons ? (
        <p className="notice danger" dir="auto">
          {shown.rejectionReasons}
        </p>
      ) : null}
    </ReviewFrame>
  );
}
